#!/bin/bash
# kubelab practice lab: lab nodes are network + mount + UTS namespaces on a bridge, each with a
# real OpenSSH sshd and shims for the tools a kubeadm install uses. See tests/lab/README.md.
#
#   lab.sh up [scenario]     start the lab (default scenario: guide); running it twice is harmless
#   lab.sh down              stop every lab process (by pid) and remove namespaces, bridge, state
#   lab.sh status [--json]   nodes, addresses, users, passwords, key path, host key fingerprints
#   lab.sh project           a kubelab project file for the running scenario (pinned host keys)
#   lab.sh known-hosts       known_hosts lines for the lab's nodes
#   lab.sh fault <node> link-down|link-up|kill-sshd|start-sshd|swap-hostkey|new-product-uuid|slow <ms>|fast|etcd-down|etcd-up|certs-expired
#   lab.sh exec <node> <cmd...>   run a command inside a node as root (debugging; not over ssh)
#
# Environment: LAB_INSTANCE (1-49: a second, independent lab; see README "Several labs"),
# LAB_STATE (default /run/kubelab-lab, /run/kubelab-lab<N> for instance N), LAB_SUBNET (overrides the
# scenario's subnet; instance N defaults to 172.31.<250-N>.0/24), LAB_BRIDGE (default kubelab0 / kubelab<N>).
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
INSTANCE=${LAB_INSTANCE:-}
[[ -z $INSTANCE || $INSTANCE =~ ^([1-9]|[1-4][0-9])$ ]] || { echo "lab: LAB_INSTANCE must be a number from 1 to 49" >&2; exit 1; }
STATE=${LAB_STATE:-/run/kubelab-lab$INSTANCE}
BRIDGE=${LAB_BRIDGE:-kubelab${INSTANCE:-0}}
# Names of the namespaces (klab-<node>, klab<N>-<node>) and host-side veths (klab-h<i>, klab<N>-h<i>).
NS_PREFIX=klab$INSTANCE-
if [[ -n $INSTANCE && -z ${LAB_SUBNET:-} ]]; then LAB_SUBNET=172.31.$((250 - INSTANCE)).0/24; fi
export LAB_NS_PREFIX=$NS_PREFIX
ROOT_PASSWORD=${LAB_ROOT_PASSWORD:-kubelab-root}
KUBE_USER=kube
KUBE_PASSWORD=${LAB_KUBE_PASSWORD:-kubelab}
NODE_BIN=$(command -v node)
# The guide's and Kubernetes' usual ranges: the lab subnet must not overlap any of them.
RESERVED_CIDRS="10.10.0.0/16 10.20.0.0/16 10.244.0.0/16 10.96.0.0/12 192.168.0.0/16"

die() { echo "lab: $*" >&2; exit 1; }
log() { echo "lab: $*" >&2; }

scenario_js() { "$NODE_BIN" "$LAB_DIR/lib/scenario.mjs" "$@"; }

require_root() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (namespaces, mounts and a bridge are needed)"
  local t
  for t in ip unshare nsenter sshd ssh-keygen openssl iptables; do
    command -v "$t" >/dev/null || [[ -x /usr/sbin/$t ]] || die "missing tool: $t"
  done
}

is_up() { [[ -f $STATE/scenario.json ]]; }

# Every pid whose mount or network namespace belongs to the node: the holder, sshd and all
# processes started inside the node. Only these (the lab's own processes) are ever signalled.
node_pids() {
  local name=$1 holder p
  holder=$(cat "$STATE/nodes/$name/holder.pid" 2>/dev/null || true)
  {
    ip netns pids "$NS_PREFIX$name" 2>/dev/null || true
    if [[ -n $holder && -e /proc/$holder/ns/mnt ]]; then
      echo "$holder"
      # -ef compares the namespace inodes without a subprocess per pid.
      for p in /proc/[0-9]*; do
        if [[ $p/ns/mnt -ef /proc/$holder/ns/mnt ]]; then echo "${p#/proc/}"; fi
      done
    fi
    true
  } | sort -un
}

check_subnet() {
  local subnet=$1 addrs
  addrs=$(ip -o -4 addr show | awk -v br="$BRIDGE" '$2 != br {print $4}')
  python3 - "$subnet" "$RESERVED_CIDRS" "$addrs" <<'PY'
import ipaddress, sys
lab = ipaddress.ip_network(sys.argv[1], strict=False)
for c in sys.argv[2].split():
    if lab.overlaps(ipaddress.ip_network(c)):
        sys.exit(f"lab: subnet {lab} overlaps {c} (the guide's pod/service CIDRs or a common default); set LAB_SUBNET")
for a in sys.argv[3].split():
    if lab.overlaps(ipaddress.ip_interface(a).network):
        sys.exit(f"lab: subnet {lab} overlaps {a}, already on this machine; set LAB_SUBNET")
PY
}

# ---------------------------------------------------------------- node preparation (host side)

prepare_node_files() {
  local name=$1 ip=$2 host=$3 os=$4 nd=$STATE/nodes/$1 d
  mkdir -p "$nd"
  for d in etc root home var usr-local opt sys-class; do mkdir -p "$nd/upper/$d" "$nd/work/$d"; done
  for d in root home usr-local opt; do mkdir -p "$nd/lower/$d"; done
  cp -a /etc/skel/. "$nd/upper/root/" 2>/dev/null || true
  chmod 700 "$nd/upper/root"
  mkdir -p "$nd/lower/usr-local"/{bin,sbin,lib,share,include,src,etc,games}
  local ul=$nd/upper/usr-local lab=$nd/upper/usr-local/lib/kubelab-lab
  mkdir -p "$ul/bin" "$ul/sbin" "$lab/state" "$lab/pkgbin"
  cp "$LAB_DIR"/shims/bin/* "$ul/bin/"
  cp "$LAB_DIR"/shims/sbin/* "$ul/sbin/"
  cp -r "$LAB_DIR/node" "$LAB_DIR/www" "$lab/"
  # The catalog kubeadm's image lists come from (tests/lab/node/images.mjs): the product's generated data.
  cp "$LAB_DIR/../../common/catalog/data/kubeadm-releases.json" "$lab/node/"
  # containerd 2.x's published default config (tests/lab/node/docker.mjs): the real-output corpus's copy.
  cp "$LAB_DIR/../fixtures/real/containerd/config-default-v3.toml" "$lab/node/"
  mkdir -p "$lab/node_modules"
  cp -r "$LAB_DIR/../../node_modules/yaml" "$lab/node_modules/"
  cp "$LAB_DIR"/shims/pkgbin/* "$lab/pkgbin/" 2>/dev/null || true
  chmod -R a+rX "$ul"
  chmod 755 "$ul"/bin/* "$ul"/sbin/* "$lab"/pkgbin/* 2>/dev/null || true
  scenario_js env "$STATE/scenario.json" "$name" > "$lab/node.env"
  echo "LAB_NODE_BIN='$NODE_BIN'" >> "$lab/node.env"
  printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' > "$lab/state/swaps"

  # /etc: identity of the machine.
  local e=$nd/upper/etc
  mkdir -p "$e/ssh" "$e/apt/sources.list.d" "$e/apt/trusted.gpg.d" "$e/sudoers.d" "$e/sysctl.d" "$e/modules-load.d"
  echo "$host" > "$e/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$host" > "$e/hosts"
  od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > "$e/machine-id"; echo >> "$e/machine-id"
  cp /etc/fstab "$e/fstab" 2>/dev/null || : > "$e/fstab"
  "$LAB_DIR/lib/os-files.sh" "$os" "$e"
  # sshd: its own host keys and a complete config (no Include of the host's drop-ins).
  ssh-keygen -q -t ed25519 -N '' -C "root@$host" -f "$e/ssh/ssh_host_ed25519_key"
  ssh-keygen -q -t ecdsa -b 256 -N '' -C "root@$host" -f "$e/ssh/ssh_host_ecdsa_key"
  cat > "$e/ssh/sshd_config" <<EOF
# kubelab lab node sshd (real OpenSSH); generated by tests/lab/lab.sh
Port 22
ListenAddress 0.0.0.0
HostKey /etc/ssh/ssh_host_ed25519_key
HostKey /etc/ssh/ssh_host_ecdsa_key
PermitRootLogin yes
PasswordAuthentication yes
PubkeyAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
AuthorizedKeysFile .ssh/authorized_keys
PidFile /run/sshd.pid
X11Forwarding no
PrintMotd no
AcceptEnv LANG LC_*
MaxStartups 50:30:100
MaxSessions 50
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
  ssh-keygen -lf "$e/ssh/ssh_host_ed25519_key.pub" > "$nd/fingerprint"
  mkdir -p "$nd/upper/root/.ssh"
  cp "$STATE/ssh/id_ed25519.pub" "$nd/upper/root/.ssh/authorized_keys"
  chmod 700 "$nd/upper/root/.ssh"; chmod 600 "$nd/upper/root/.ssh/authorized_keys"
  echo "$ip" > "$nd/ip"
}

start_node() {
  # $6: the subnet's prefix length, read once by cmd_up (each read is a node process).
  local name=$1 ip=$2 host=$3 idx=$5 prefix=$6 nd=$STATE/nodes/$1 pid i
  prepare_node_files "$@"
  local ns=$NS_PREFIX$name
  ip netns add "$ns"
  ip link add "${NS_PREFIX}h$idx" type veth peer name eth0 netns "$ns"
  ip link set "${NS_PREFIX}h$idx" master "$BRIDGE" up
  ip -n "$ns" addr add "$ip/$prefix" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  # The holder: a sleeping process that owns the node's mount + UTS namespaces.
  setsid ip netns exec "$ns" unshare --mount --uts --propagation private \
    bash "$LAB_DIR/lib/node-init.sh" "$nd" "$host" </dev/null >"$nd/holder.log" 2>&1 &
  pid=$!
  echo "$pid" > "$nd/holder.pid"
  for i in $(seq 1 100); do
    if nsenter -t "$pid" -m test -e /run/kubelab-lab/ready 2>/dev/null; then break; fi
    kill -0 "$pid" 2>/dev/null || die "node $name failed to start: $(cat "$nd/holder.log")"
    sleep 0.05
    [[ $i -lt 100 ]] || die "node $name did not become ready"
  done
  nsenter -t "$pid" -m -u -n -- env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash /usr/local/lib/kubelab-lab/node/node-setup.sh "$ROOT_PASSWORD" "$KUBE_USER" "$KUBE_PASSWORD" \
    >"$nd/setup.log" 2>&1 || die "node $name setup failed: $(tail -5 "$nd/setup.log")"
  start_sshd "$name"
}

node_exec() {
  local name=$1; shift
  local pid
  pid=$(cat "$STATE/nodes/$name/holder.pid")
  nsenter -t "$pid" -m -u -n -- env -i HOME=/root TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

start_sshd() {
  local name=$1
  node_exec "$name" /usr/sbin/sshd -f /etc/ssh/sshd_config
  local i
  for i in $(seq 1 50); do
    if node_exec "$name" test -s /run/sshd.pid; then break; fi
    sleep 0.05
  done
  node_exec "$name" cat /run/sshd.pid > "$STATE/nodes/$name/sshd.pid"
}

write_known_hosts() {
  local name ip
  : > "$STATE/ssh/known_hosts"
  while IFS=$'\t' read -r name ip _; do
    for k in ed25519 ecdsa; do
      printf '%s %s\n' "$ip" "$(cut -d' ' -f1,2 "$STATE/nodes/$name/upper/etc/ssh/ssh_host_${k}_key.pub")" >> "$STATE/ssh/known_hosts"
    done
  done < <(scenario_js nodes "$STATE/scenario.json")
}

# ---------------------------------------------------------------- commands

cmd_up() {
  require_root
  local scenario=${1:-guide} file
  file=$LAB_DIR/scenarios/$scenario.yaml
  [[ -f $file ]] || file=$scenario
  [[ -f $file ]] || die "no scenario '$scenario' (see $LAB_DIR/scenarios/)"
  if is_up; then
    local cur
    cur=$(scenario_js get "$STATE/scenario.json" - name)
    if [[ $cur == "$(basename "$file" .yaml)" ]]; then
      log "lab already up with scenario '$cur'"
      # Heal what faults broke: a killed sshd is started again, a downed link brought up.
      local n i2
      while IFS=$'\t' read -r n _ _ _ i2; do
        ip link set "${NS_PREFIX}h$i2" up 2>/dev/null || true
        if ! kill -0 "$(cat "$STATE/nodes/$n/sshd.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
          log "starting sshd on $n again"
          node_exec "$n" rm -f /run/sshd.pid
          start_sshd "$n"
        fi
      done < <(scenario_js nodes "$STATE/scenario.json")
      cmd_status
      return 0
    fi
    die "lab is up with scenario '$cur'; run 'lab.sh down' first"
  fi
  local start=$SECONDS resolved
  resolved=$(scenario_js resolve "$file" "${LAB_SUBNET:--}")
  local subnet gw prefix scenario_name
  # One node process for the four fields, not one each: every suite brings labs up, many times.
  IFS=$'\t' read -r subnet gw prefix scenario_name < <(jq_fields "$resolved" subnet gateway prefix name)
  check_subnet "$subnet" || exit 1
  if ip link show "$BRIDGE" >/dev/null 2>&1; then die "bridge $BRIDGE exists but no lab state; run 'lab.sh down'"; fi
  mkdir -p "$STATE/nodes" "$STATE/ssh"
  chmod 700 "$STATE"
  printf '%s\n' "$resolved" > "$STATE/scenario.json.tmp"
  ssh-keygen -q -t ed25519 -N '' -C kubelab-lab -f "$STATE/ssh/id_ed25519"
  ip link add "$BRIDGE" type bridge
  ip addr add "$gw/$prefix" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # Nothing from the lab is ever forwarded off the bridge, even if a node adds a default route.
  iptables -I FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -j DROP -m comment --comment kubelab-lab
  mv "$STATE/scenario.json.tmp" "$STATE/scenario.json"
  local name ip host os idx pids=() failed=0
  while IFS=$'\t' read -r name ip host os idx; do
    start_node "$name" "$ip" "$host" "$os" "$idx" "$prefix" &
    pids+=("$!")
  done < <(scenario_js nodes "$STATE/scenario.json")
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  if [[ $failed -ne 0 ]]; then
    log "some nodes failed to start; tearing down"
    cmd_down >/dev/null 2>&1 || true
    exit 1
  fi
  write_known_hosts
  "$LAB_DIR/lib/faults.sh" apply-scenario "$STATE" >/dev/null 2>&1 || true
  log "lab up: scenario '$scenario_name', $(find "$STATE/nodes" -mindepth 1 -maxdepth 1 | wc -l) nodes in $((SECONDS - start))s"
  cmd_status
}

# The named fields of a JSON object on one tab-separated line (an absent one empty).
jq_fields() { "$NODE_BIN" -e 'const o=JSON.parse(process.argv[1]);process.stdout.write(process.argv.slice(2).map((k)=>o[k]==null?"":String(o[k])).join("\t")+"\n")' "$@"; }

cmd_down() {
  require_root
  local nd name p pids
  if [[ -d $STATE/nodes ]]; then
    for nd in "$STATE"/nodes/*/; do
      [[ -d $nd ]] || continue
      name=$(basename "$nd")
      pids=$(node_pids "$name")
      for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
      for _ in 1 2 3 4 5 6 7 8 9 10; do
        pids=$(node_pids "$name")
        [[ -z $pids ]] && break
        sleep 0.1
      done
      for p in $(node_pids "$name"); do kill -KILL "$p" 2>/dev/null || true; done
      ip netns del "$NS_PREFIX$name" 2>/dev/null || true
    done
  fi
  # This instance's namespaces left by an interrupted up (no state for them); never another's.
  for name in $(ip netns list 2>/dev/null | awk -v p="$NS_PREFIX" 'index($1, p) == 1 {print $1}'); do
    for p in $(ip netns pids "$name" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
    ip netns del "$name" 2>/dev/null || true
  done
  # This instance's host-side veths. Normally they vanish with their namespace, but the kernel can
  # keep a deleted namespace alive (a lingering nsid), and then the veth lives on and the next `up`
  # fails with "RTNETLINK answers: File exists".
  for name in $(ip -o link show 2>/dev/null | awk -F': ' -v p="${NS_PREFIX}h" '{ sub(/@.*/, "", $2) } index($2, p) == 1 { print $2 }'); do
    ip link del "$name" 2>/dev/null || true
  done
  while iptables -D FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -j DROP -m comment --comment kubelab-lab 2>/dev/null; do :; done
  ip link del "$BRIDGE" 2>/dev/null || true
  rm -rf "$STATE"
  log "lab down"
}

cmd_status() {
  if ! is_up; then
    if [[ ${1:-} == --json ]]; then echo '{"up":false,"nodes":[]}'; else echo "lab is down"; fi
    return 0
  fi
  "$NODE_BIN" "$LAB_DIR/lib/status.mjs" "$STATE" "${1:-table}" "$ROOT_PASSWORD" "$KUBE_USER" "$KUBE_PASSWORD"
}

cmd_project() {
  is_up || die "lab is down; run 'lab.sh up' first"
  "$NODE_BIN" "$LAB_DIR/lib/project.mjs" "$STATE" "$ROOT_PASSWORD" "$KUBE_USER" "$KUBE_PASSWORD"
}

cmd_fault() {
  require_root
  is_up || die "lab is down"
  "$LAB_DIR/lib/faults.sh" "$STATE" "$@"
}

main() {
  local cmd=${1:-}
  shift || true
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status "$@" ;;
    project) cmd_project ;;
    known-hosts) is_up || die "lab is down"; cat "$STATE/ssh/known_hosts" ;;
    fault) cmd_fault "$@" ;;
    exec)
      is_up || die "lab is down"
      local n=${1:?node}; shift
      node_exec "$n" "$@" ;;
    *) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; [[ -z $cmd || $cmd == help || $cmd == -h ]] ;;
  esac
}

# Internal entry points used by lib/faults.sh.
if [[ ${1:-} == __start_sshd ]]; then start_sshd "$2"; exit 0; fi
if [[ ${1:-} == __known_hosts ]]; then write_known_hosts; exit 0; fi
main "$@"
