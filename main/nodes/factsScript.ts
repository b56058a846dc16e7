/**
 * The one bash script that gathers a node's facts in a single round trip. It only reads, needs
 * no argument, and never fails as a whole: each section prints what it can after an `@@KL:<name>`
 * marker line, and factsParser.ts turns the sections into HostFacts. Every probe that could hang
 * is wrapped in `timeout`. The clock comes first so its sample is close to when the round trip
 * began (see factsService.ts).
 */
export const FACTS_BINARIES = [
  'docker',
  'containerd',
  'cri-dockerd',
  'crio',
  'runc',
  'crictl',
  'ctr',
  'kubeadm',
  'kubelet',
  'kubectl',
] as const;

export const FACTS_SCRIPT = `export LC_ALL=C PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin"
s() { printf '\\n@@KL:%s\\n' "$1"; }
t() { timeout 5 "$@" 2>/dev/null; }
s clock; date +%s%N
s uid; id -u
s os; cat /etc/os-release 2>/dev/null
s kernel; uname -r
s arch; uname -m
s cpus; nproc 2>/dev/null || getconf _NPROCESSORS_ONLN
s meminfo; grep -E '^MemTotal:' /proc/meminfo
s lsblk; t lsblk -b -d -n -P -o NAME,SIZE,TYPE
s df; t df -P -B1 / /var/lib 2>/dev/null | tail -n +2
s hostname; hostname 2>/dev/null || cat /proc/sys/kernel/hostname
s machineid; cat /etc/machine-id 2>/dev/null
s productuuid; cat /sys/class/dmi/id/product_uuid 2>/dev/null
s links; t ip -o link show
s addrs; t ip -o addr show
s route; t ip route show default; t ip -6 route show default
s swaps; cat /proc/swaps 2>/dev/null
s fstab; grep -Ev '^[[:space:]]*(#|$)' /etc/fstab 2>/dev/null | awk '$3 == "swap" || $2 == "swap"'
s selinux; if command -v getenforce >/dev/null; then t getenforce; elif [ -r /sys/fs/selinux/enforce ]; then cat /sys/fs/selinux/enforce; else echo absent; fi
s firewalld; if command -v firewall-cmd >/dev/null || [ -e /usr/lib/systemd/system/firewalld.service ]; then t systemctl is-active firewalld || echo inactive; else echo absent; fi
s ufw; if command -v ufw >/dev/null; then t ufw status | head -n 1 || echo unknown; else echo absent; fi
s iptables; t iptables -S FORWARD | head -n 1
s cgroup; stat -fc %T /sys/fs/cgroup 2>/dev/null
s bins
for b in ${FACTS_BINARIES.join(' ')}; do
  p=$(command -v "$b" 2>/dev/null) || continue
  case $b in
    kubeadm) v=$(t "$p" version -o short) ;;
    kubectl) v=$(t "$p" version --client 2>/dev/null | head -n 1) ;;
    ctr) v=$(t "$p" --version) ;;
    *) v=$(t "$p" --version | head -n 1) ;;
  esac
  printf '%s\\t%s\\t%s\\n' "$b" "$p" "$v"
done
s end
`;
