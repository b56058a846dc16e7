# shellcheck shell=bash
# kubelab step library: prepended (as static text) to every step script. Functions only; all
# data reaches the scripts as environment variables. KL_MODE=check exits 0 when the step is
# already done and 100 when it is needed; KL_MODE=apply applies, then verifies with the check.
export LC_ALL=C
export PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin"
KL_NEEDED_EXIT=100
KL_STATE_DIR=/etc/kubernetes/kubelab

kl_log() { printf '[kubelab] %s\n' "$*"; }
kl_die() { printf '[kubelab] error: %s\n' "$*" >&2; exit 1; }
# Says why a check is "needed" (shown in the log), then fails the check.
kl_need() { printf '[kubelab] needed: %s\n' "$*" >&2; return 1; }
kl_have() { command -v "$1" >/dev/null 2>&1; }
# True when TEXT has a line equal to LINE. Used instead of `cmd | grep -q`, which under pipefail
# fails when grep exits early and cmd gets SIGPIPE.
kl_has_line() { grep -qxF -- "$2" <<<"$1"; }

# deb | rpm, from /etc/os-release (ID and ID_LIKE).
# shellcheck disable=SC1091 # /etc/os-release exists only on the node.
kl_os_field() { (. /etc/os-release && eval "echo \"\${$1:-}\""); }
kl_os_id() { kl_os_field ID; }
kl_family() {
  local id like
  id=$(kl_os_field ID)
  like=$(kl_os_field ID_LIKE)
  case " $id $like " in
    *" debian "* | *" ubuntu "*) echo deb ;;
    *" rhel "* | *" fedora "* | *" centos "* | *" rocky "* | *" almalinux "*) echo rpm ;;
    *) echo unknown ;;
  esac
}
kl_codename() {
  local c
  c=$(kl_os_field VERSION_CODENAME)
  [[ -n $c ]] || c=$(kl_os_field UBUNTU_CODENAME)
  echo "$c"
}
kl_dnf() { if kl_have dnf; then echo dnf; else echo yum; fi; }

# Writes stdin to PATH only when the content differs (keeps mtimes, avoids needless restarts);
# KL_CHANGED is 1 when the file was written, else 0.
# shellcheck disable=SC2034 # KL_CHANGED is read by the step scripts.
KL_CHANGED=0
kl_write() {
  local path=$1 mode=$2 tmp
  mkdir -p "$(dirname "$path")"
  tmp=$(mktemp "$path.kubelab.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  KL_CHANGED=0
  if [[ -f $path ]] && cmp -s "$tmp" "$path"; then
    rm -f "$tmp"
    return 0
  fi
  mv -f "$tmp" "$path"
  # shellcheck disable=SC2034
  KL_CHANGED=1
}
# True when PATH holds exactly stdin.
kl_same() { [[ -f $1 ]] && cmp -s - "$1"; }

# Writes stdin as the static pod manifest PATH in one rename. The temporary file is hidden (a
# leading dot) and beside the directory's files: the kubelet skips hidden files in its static pod
# directory (kubernetes pkg/kubelet/config/file.go extractFromDir, "Ignoring hidden file"), so it
# never starts a pod from a half-written manifest.
kl_static_pod() {
  local path=$1 tmp
  mkdir -p "$(dirname "$path")"
  tmp=$(mktemp "$(dirname "$path")/.$(basename "$path").kubelab.XXXXXX")
  cat >"$tmp"
  chmod 0600 "$tmp"
  mv -f "$tmp" "$path"
}

# The marker block NAME in PATH, between "# BEGIN kubelab NAME" and "# END kubelab NAME".
kl_block_get() {
  local path=$1 name=$2
  [[ -f $path ]] || return 0
  awk -v b="# BEGIN kubelab $name" -v e="# END kubelab $name" '$0 == b {on = 1; next} $0 == e {on = 0; next} on' "$path"
}
# Replaces (or appends) the marker block NAME in PATH with stdin; other lines stay as they are.
kl_block_set() {
  local path=$1 name=$2 body tmp
  body=$(cat)
  mkdir -p "$(dirname "$path")"
  [[ -f $path ]] || : >"$path"
  tmp=$(mktemp "$path.kubelab.XXXXXX")
  awk -v b="# BEGIN kubelab $name" -v e="# END kubelab $name" '$0 == b {skip = 1; next} $0 == e {skip = 0; next} !skip' "$path" >"$tmp"
  printf '# BEGIN kubelab %s\n%s\n# END kubelab %s\n' "$name" "$body" "$name" >>"$tmp"
  chmod --reference="$path" "$tmp" 2>/dev/null || true
  mv -f "$tmp" "$path"
}

# apt-get without prompts; retried because mirrors and locks fail transiently.
kl_apt() {
  local i
  for i in 1 2 3; do
    if DEBIAN_FRONTEND=noninteractive apt-get -y "$@"; then return 0; fi
    kl_log "apt-get $1 failed (attempt $i); retrying"
    sleep $((i * 2))
  done
  return 1
}

# Downloads a repository key to /etc/apt/keyrings/NAME.asc (armored) or .gpg (binary): apt reads
# both with signed-by, so no gpg --dearmor is needed. Prints the path.
kl_apt_key() {
  local name=$1 url=$2 tmp path
  mkdir -p /etc/apt/keyrings
  tmp=$(mktemp)
  curl -fsSL --retry 3 "$url" -o "$tmp" || { rm -f "$tmp"; kl_die "cannot download the key $url"; }
  if grep -q -- '-----BEGIN PGP' "$tmp"; then path=/etc/apt/keyrings/$name.asc; else path=/etc/apt/keyrings/$name.gpg; fi
  install -m 0644 "$tmp" "$path"
  rm -f "$tmp"
  echo "$path"
}

# The installed version of a package, empty when not installed.
kl_pkg_version() {
  local pkg=$1
  if [[ $(kl_family) == rpm ]]; then
    # `rpm -q NAME` prints NAME-VERSION-RELEASE.ARCH (or "package NAME is not installed", exit 1).
    local nvra
    nvra=$(rpm -q "$pkg" 2>/dev/null) || return 0
    nvra=${nvra#"$pkg"-}
    echo "${nvra%.*}"
  else
    local policy
    policy=$(apt-cache policy "$pkg" 2>/dev/null || true)
    awk '/Installed:/ && !seen {seen = 1; if ($2 != "(none)") print $2}' <<<"$policy"
  fi
}

# kubeadm join from JOIN_CONFIG (a JoinConfiguration holding the bootstrap token). The token must
# never be a command argument (any local user sees those in `ps`) nor stay on disk: the file goes
# to a fresh root-only directory on /run (tmpfs), mode 0600, and is removed when the join ends,
# whatever the outcome (the trap covers a kill by signal too).
KL_JOIN_DIR=""
kl_join_cleanup() { if [[ -n $KL_JOIN_DIR ]]; then rm -rf "$KL_JOIN_DIR"; fi; }
kl_join() {
  local rc=0
  trap kl_join_cleanup EXIT
  trap 'kl_join_cleanup; exit 143' TERM INT HUP
  KL_JOIN_DIR=$(mktemp -d /run/kubelab-join.XXXXXX)
  chmod 0700 "$KL_JOIN_DIR"
  (umask 077 && printf '%s\n' "$JOIN_CONFIG" >"$KL_JOIN_DIR/join.yaml")
  # Nor in kubeadm's environment (root-only to read, but it need not be there at all).
  unset JOIN_CONFIG
  kl_log "kubeadm join --config $KL_JOIN_DIR/join.yaml (API server $JOIN_ENDPOINT, CA $JOIN_CA_HASH)"
  kubeadm join --config "$KL_JOIN_DIR/join.yaml" || rc=$?
  kl_join_cleanup
  KL_JOIN_DIR=""
  return "$rc"
}

# What the configured repositories offer for PKG: one version a line, newest first, spelled as the
# package manager takes it back (apt-cache madison's second column; dnf's [epoch:]version-release).
kl_available() {
  local pkg=$1 out
  if [[ $(kl_family) == rpm ]]; then
    out=$("$(kl_dnf)" list --showduplicates --quiet --disableexcludes=all "$pkg" 2>/dev/null || true)
    awk -v p="$pkg" 'index($1, p ".") == 1 && NF >= 2 {print $2}' <<<"$out" | sort -u -r -V
  else
    out=$(apt-cache madison "$pkg" 2>/dev/null || true)
    awk -F'|' 'NF >= 3 {gsub(/^[ \t]+|[ \t]+$/, "", $2); if (!seen[$2]++) print $2}' <<<"$out"
  fi
}

# The offered version (stdin, as kl_available prints it) whose upstream part is $1 (1.29.4 matches
# 1.29.4-2.1, 1.29.4-150500.1.1, 1.18.2-00; 24.0.7 matches 5:24.0.7-1~ubuntu.22.04~jammy); empty
# when there is none. The first match is the newest revision.
kl_pick_version() {
  awk -v v="$1" '{u = $0; sub(/^[0-9]+:/, "", u); sub(/[-~].*$/, "", u); if (u == v) {print $0; exit}}'
}

# The newest offered version (stdin, newest first) that a runtime cap allows: $1 a release series
# the upstream version must be in (19.03 takes 19.03.15, not 20.10.24), $2 a version it must stay
# below (2.0 keeps containerd 1.x); empty means no limit. Prints nothing when none fits.
kl_pick_capped() {
  awk -v series="$1" -v below="$2" '
    function cmp(a, b,   x, y, n, i) {
      n = split(a, x, "."); split(b, y, ".")
      for (i = 1; i <= (n > 3 ? n : 3); i++) if (x[i] + 0 != y[i] + 0) return x[i] + 0 < y[i] + 0 ? -1 : 1
      return 0
    }
    {u = $0; sub(/^[0-9]+:/, "", u); sub(/[-~].*$/, "", u)
     if (series != "" && index(u, series ".") != 1) next
     if (below != "" && cmp(u, below) >= 0) next
     print $0; exit}'
}

# Up to three offered versions (stdin) nearest to upstream version $1, nearest first, comma separated.
kl_nearest() {
  awk -v v="$1" '
    BEGIN {split(v, w, ".")}
    {u = $0; sub(/^[0-9]+:/, "", u); sub(/[-~].*$/, "", u); split(u, a, ".")
     d = (a[1] - w[1]) * 1000000 + (a[2] - w[2]) * 1000 + (a[3] - w[3]); if (d < 0) d = -d
     printf "%012d\t%s\n", d, $0}' | sort -s -k1,1 | awk -F'\t' 'NR <= 3 {print $2}' | paste -sd, - | sed 's/,/, /g'
}

# Exactly what the repositories offer for PKG at upstream version WANT, or dies naming REPO (the
# repository's URL), the version and the nearest ones offered, before anything is installed.
kl_resolve() {
  local pkg=$1 want=$2 repo=$3 avail got
  avail=$(kl_available "$pkg")
  got=$(kl_pick_version "$want" <<<"$avail")
  if [[ -z $got ]]; then
    if [[ -z $avail ]]; then kl_die "$repo offers no $pkg package at all (wanted $want)"; fi
    kl_die "$repo has no $pkg $want; nearest available: $(kl_nearest "$want" <<<"$avail")"
  fi
  echo "$got"
}

kl_unit_active() { systemctl is-active --quiet "$1" 2>/dev/null; }
kl_unit_enabled() { systemctl is-enabled --quiet "$1" 2>/dev/null; }

# Runs the step: KL_MODE=check → exit 0 (done) / 100 (needed); apply → apply, then verify.
kl_main() {
  case ${KL_MODE:-apply} in
    check)
      if check; then exit 0; fi
      exit "$KL_NEEDED_EXIT"
      ;;
    apply)
      apply
      if ! check; then kl_die "verification failed after applying ${KL_STEP:-the step}"; fi
      kl_log "${KL_STEP:-step} done"
      ;;
    *) kl_die "unknown KL_MODE ${KL_MODE}" ;;
  esac
}

# --- reset (reset-node, reset-cluster) --------------------------------------------------------
KL_CNI_LINKS="cni0 flannel.1 flannel-v6.1 tunl0 vxlan.calico kube-ipvs0 cilium_host cilium_vxlan"

kl_cni_links() {
  local l
  for l in $KL_CNI_LINKS; do ip link show "$l" >/dev/null 2>&1 && echo "$l"; done
  ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E '^(cali|veth)' || true
}

# Done when nothing of a cluster is left: no kubeconfigs, manifests, CNI config or CNI links.
kl_reset_check() {
  local f
  for f in /etc/kubernetes/admin.conf /etc/kubernetes/kubelet.conf; do
    [[ ! -e $f ]] || { kl_need "$f exists"; return 1; }
  done
  if compgen -G '/etc/kubernetes/manifests/*.yaml' >/dev/null; then kl_need "static pod manifests exist"; return 1; fi
  if compgen -G '/etc/cni/net.d/*' >/dev/null; then kl_need "CNI configuration exists"; return 1; fi
  [[ -z $(kl_cni_links) ]] || { kl_need "CNI interfaces exist: $(kl_cni_links | tr '\n' ' ')"; return 1; }
  return 0
}

# kubeadm reset, then what it leaves behind: CNI config and state, CNI interfaces, iptables rules
# (and IPVS tables), kubeconfigs; the runtime is restarted so Docker recreates its own chains.
kl_reset_apply() {
  local l h
  if kl_have kubeadm; then
    kl_log "kubeadm reset"
    kubeadm reset -f --cri-socket "$CRI_SOCKET" || kubeadm reset -f
  fi
  systemctl stop kubelet 2>/dev/null || true
  rm -rf /etc/cni/net.d /var/lib/cni "$KL_STATE_DIR" /run/flannel
  for l in $(kl_cni_links); do ip link delete "$l" 2>/dev/null || true; done
  kl_log "flushing iptables rules"
  for t in filter nat mangle raw; do
    iptables -t "$t" -F 2>/dev/null || true
    iptables -t "$t" -X 2>/dev/null || true
    if kl_have ip6tables; then
      ip6tables -t "$t" -F 2>/dev/null || true
      ip6tables -t "$t" -X 2>/dev/null || true
    fi
  done
  if kl_have ipvsadm; then ipvsadm --clear || true; fi
  for h in /root $(getent passwd "${ADMIN_USER:-root}" | cut -d: -f6); do rm -f "$h/.kube/config"; done
  if kl_unit_active docker; then systemctl restart docker; fi
  if kl_unit_active containerd; then systemctl restart containerd; fi
}

# --- remove-node (drain-node, remove-etcd-member, reset-removed-node, delete-node) --------------
# The removed machine is found by its InternalIP (TARGET_IP), so the project's name for it need
# not be its node name.
kl_kctl() { kubectl --kubeconfig /etc/kubernetes/admin.conf "$@"; }

# kl_kctl asked up to three times: an API server that blips (a control plane restarting, a slow
# etcd) must not make a node look absent from the cluster, or leave it there after its removal.
kl_kctl_again() {
  local try
  for try in 1 2 3; do
    kl_kctl "$@" && return 0
    ((try < 3)) && sleep 2
  done
  return 1
}

# The node object's name for TARGET_IP, or nothing when the cluster has none. The list is asked
# for up to three times (kl_kctl_again); when it never comes, this fails (an unknown answer is
# not "no such node"). INTERNAL-IP is the 6th column of `kubectl get nodes -o wide`
# (kubernetes pkg/printers/internalversion/printers.go, nodeColumnDefinitions: Name,
# Status, Roles, Age, Version, Internal-IP, ...).
kl_node_by_ip() {
  local nodes
  nodes=$(kl_kctl_again get nodes -o wide) || {
    printf "[kubelab] cannot list the cluster's nodes to find %s\n" "$TARGET_IP" >&2
    return 1
  }
  awk -v ip="$TARGET_IP" 'NR > 1 && $6 == ip {print $1}' <<<"$nodes"
}

# Whether this upgrade run left node $2 on its old version (drainBlocked: skip): the drain wrote
# the annotation kubelab.io/upgrade-skipped=<hop>@<run id> on the Node; only this run's mark
# counts, so the next run upgrades the node. $1: the kubeconfig to read it with. Read from
# `kubectl get node -o json` ("key": "value"), as the key's dots need escaping in a JSONPath.
kl_upgrade_skipped() {
  kubectl --kubeconfig "$1" get node "$2" -o json 2>/dev/null |
    grep -F "\"kubelab.io/upgrade-skipped\": \"$K8S_VERSION@$UPGRADE_RUN\"" >/dev/null
}

# etcdctl with kubeadm's etcd client certificate, against the local stacked member (as
# main/etcd's backup runs it).
kl_etcdctl_tls() {
  local pki=/etc/kubernetes/pki
  ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert="$pki/etcd/ca.crt" \
    --cert="$pki/etcd/healthcheck-client.crt" --key="$pki/etcd/healthcheck-client.key" "$@"
}

# --- etcd backup and restore (etcd-snapshot, etcd-restore) --------------------------------------
# The tool for a snapshot FILE (status, restore), asked of the node: etcdutl where installed
# (3.5+); else etcdctl, whose snapshot status/restore were deprecated in 3.5 and removed in 3.6
# (etcd PR #13809), so an etcdctl that reports 3.6 or later is refused, naming etcdutl.
# `etcdctl version` prints "etcdctl version: 3.4.23" then "API version: 3.4"
# (etcdctl/ctlv3/command/version_command.go). Sets KL_ETCD_TOOL; kl_etcd_file runs it.
kl_etcd_file_tool() {
  local v
  if kl_have etcdutl; then KL_ETCD_TOOL=etcdutl; return 0; fi
  kl_have etcdctl || kl_die "neither etcdutl nor etcdctl is installed (Debian/Ubuntu: etcd-client)"
  v=$(ETCDCTL_API=3 etcdctl version 2>/dev/null | sed -n 's/^etcdctl version: //p')
  case $v in
    3.[0-5].* | '') KL_ETCD_TOOL=etcdctl ;;
    *) kl_die "etcdctl $v has no snapshot commands (removed in etcd 3.6): install etcdutl $v on this node" ;;
  esac
}
kl_etcd_file() { if [[ $KL_ETCD_TOOL == etcdutl ]]; then etcdutl "$@"; else ETCDCTL_API=3 etcdctl "$@"; fi; }

# --- restore-etcd on every control plane (etcd-restore-member … etcd-restore-start) -------------
# One run's names on a control plane, from RUN_STAMP: the manifests parked while the static pods
# are stopped, and the data directories beside DATA_DIR (the restored one, the one kept).
KL_MANIFESTS=/etc/kubernetes/manifests
kl_restore_parked() { printf '%s\n' "/etc/kubernetes/manifests.kubelab-restore-$RUN_STAMP"; }
kl_restore_new() { printf '%s\n' "$DATA_DIR.kubelab-restore-$RUN_STAMP"; }
kl_restore_old() { printf '%s\n' "$DATA_DIR.kubelab-before-$RUN_STAMP"; }
kl_restore_dir_ok() {
  case $RESTORE_DIR in /var/tmp/kubelab-restore.*) ;; *) kl_die "not a kubelab restore directory: $RESTORE_DIR" ;; esac
}
# Something listens on TCP port $1 (etcd's client port 2379, the API server's secure port).
kl_listening() { ss -ltnH "sport = :$1" | grep . >/dev/null; }
# The way back on this node, said wherever a restore stops halfway (etcd's recovery guide keeps
# the old member directory only if the operator does: kubelab moves it aside, never deletes it).
kl_restore_way_back() {
  local parked old
  parked=$(kl_restore_parked); old=$(kl_restore_old)
  printf '[kubelab] way back on %s: with the static pods stopped (manifests in %s), ' "$(hostname)" "$parked"
  printf 'if %s exists: rm -rf %s && mv %s %s; then mv %s/*.yaml %s/\n' "$old" "$DATA_DIR" "$old" "$DATA_DIR" "$parked" "$KL_MANIFESTS"
}
