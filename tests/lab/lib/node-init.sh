#!/bin/bash
# Runs as the long-lived "holder" of one lab node, already inside the node's network
# namespace and freshly unshared mount + UTS namespaces (see lab.sh start_holder).
# It builds the node's private view of the filesystem, then sleeps forever; everything
# else (sshd, kubelet, ...) is started inside this process's namespaces with nsenter.
set -euo pipefail
nodedir=$1
hostname=$2

mount --make-rprivate /
for d in etc root home var usr/local opt; do
  key=${d//\//-}
  lower=/$d
  # /root, /home, /usr/local and /opt start from a clean skeleton, not the host's files.
  if [[ -d $nodedir/lower/$key ]]; then lower=$nodedir/lower/$key; fi
  mount -t overlay "lab-$key" -o "lowerdir=$lower,upperdir=$nodedir/upper/$key,workdir=$nodedir/work/$key" "/$d"
done
# Whether the scenario wrote a containerd config of its own (read before the private /run below
# hides the node's directory).
own_containerd_conf=0
if [[ -e $nodedir/upper/etc/containerd/config.toml ]]; then own_containerd_conf=1; fi
# /sys/class/dmi/id/product_uuid and friends, per node (the kernel here has no DMI).
mount -t overlay lab-sysclass -o "lowerdir=/sys/class,upperdir=$nodedir/upper/sys-class,workdir=$nodedir/work/sys-class" /sys/class
# A private /run (sshd privsep dir, pid files, netns of pods) hides the lab state dir too.
mount -t tmpfs -o mode=755,size=64m lab-run /run
mkdir -p /run/sshd /run/netns /run/lock /run/kubelab-lab
chmod 0755 /run/sshd
# /proc/swaps is faked per node; the swapon/swapoff shims rewrite this file in place.
cp /usr/local/lib/kubelab-lab/state/swaps /run/kubelab-lab/swaps
mount --bind /run/kubelab-lab/swaps /proc/swaps
# A scenario's cgroup v1 host (`cgroup: v1`): /sys/fs/cgroup as cgroup v1 lays it out, a tmpfs,
# so `stat -fc %T /sys/fs/cgroup` prints "tmpfs" as on a real v1 host (kubernetes.io/docs/concepts/
# architecture/cgroups, "Identify the cgroup version on Linux Nodes").
if grep -qx "LAB_CGROUP='v1'" /usr/local/lib/kubelab-lab/node.env 2>/dev/null; then
  mount -t tmpfs -o mode=755,size=1m lab-cgroup-v1 /sys/fs/cgroup
fi
# Debian's containerd on this machine (.ci/run installs it: tests/unit/lab/imageArchive.test.ts
# compares the lab's ctr with it) would show through /usr/bin on a fresh node, where containerd
# is not installed (and bash's `command -v` still names a file it cannot execute). An overlay on
# /usr/bin with whiteouts (overlayfs: a 0/0 character device in the upper dir) removes them from
# the node's view only, until the node's apt-get installs a runtime into /usr/local/bin.
hide=()
for f in containerd ctr containerd-shim containerd-shim-runc-v1 containerd-shim-runc-v2; do
  if [[ -e /usr/bin/$f ]]; then hide+=("$f"); fi
done
if [[ ${#hide[@]} -gt 0 ]]; then
  mkdir -p "$nodedir/upper/usr-bin" "$nodedir/work/usr-bin"
  for f in "${hide[@]}"; do mknod "$nodedir/upper/usr-bin/$f" c 0 0; done
  mount -t overlay lab-usr-bin -o "lowerdir=/usr/bin,upperdir=$nodedir/upper/usr-bin,workdir=$nodedir/work/usr-bin" /usr/bin
fi
# …and the package's /etc/containerd/config.toml (Debian's: cgroupfs) through the node's /etc,
# where preflight's cgroup-driver check would read a runtime the node does not have: removed from
# the node's view (a whiteout in its /etc overlay) unless the scenario wrote one of its own.
if [[ ${#hide[@]} -gt 0 && -e /etc/containerd/config.toml && $own_containerd_conf == 0 ]]; then
  rm -f /etc/containerd/config.toml
fi
hostname "$hostname"
ip link set lo up
touch /run/kubelab-lab/ready
exec sleep infinity
