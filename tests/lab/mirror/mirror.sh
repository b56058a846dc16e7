#!/usr/bin/env bash
# kubelab practice lab: the mirror host — a network namespace on the lab bridge running a real
# HTTP server (Debian's python3 -m http.server) over a generated apt tree (tree.mjs) and Debian's
# real docker-registry (2.8.x) holding small generated images (push-images.mjs). The desktop (this
# machine) reaches it over the bridge; nothing leaves the machine (the bridge's FORWARD drop).
#
#   LAB_INSTANCE=N mirror.sh up K8S_VERSION CODENAME [REPOSITORY:TAG...]   prints the host's address
#   LAB_INSTANCE=N mirror.sh down
#
# The lab's bridge (kubelab<N>) is used when the lab is up; otherwise the mirror makes the bridge
# itself (same subnet rule as lab.sh: 172.31.<250-N>.0/24) and removes it on down. The host is
# .250 of the subnet: HTTP on port 80, the registry on 5000 (plain HTTP, no auth: a lab mirror).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
INSTANCE=${LAB_INSTANCE:-}
[[ -n $INSTANCE ]] || { echo "mirror: set LAB_INSTANCE" >&2; exit 2; }
BRIDGE=kubelab$INSTANCE
NS=klab$INSTANCE-mirror
VETH=klab${INSTANCE}m0
STATE=/run/kubelab-mirror$INSTANCE
NET=172.31.$((250 - INSTANCE))
IP=$NET.250
NODE_BIN=${NODE_BIN:-node}

die() { echo "mirror: $*" >&2; exit 1; }

wait_http() {
  local url=$1
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  die "$url did not answer"
}

start_bg() {
  local name=$1; shift
  setsid ip netns exec "$NS" "$@" </dev/null >"$STATE/$name.log" 2>&1 &
  echo $! > "$STATE/$name.pid"
}

cmd_up() {
  [[ $(id -u) -eq 0 ]] || die "must run as root"
  local version=${1:-} codename=${2:-}
  [[ -n $version && -n $codename ]] || die "usage: mirror.sh up K8S_VERSION CODENAME [REPOSITORY:TAG...]"
  shift 2
  [[ ! -d $STATE ]] || die "mirror $INSTANCE is up; run 'mirror.sh down' first"
  command -v docker-registry >/dev/null || die "docker-registry is not installed (apt-get install docker-registry)"
  mkdir -p "$STATE/registry"
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$NET.1/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
    iptables -I FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -j DROP -m comment --comment kubelab-mirror
    touch "$STATE/own-bridge"
  fi
  ip netns add "$NS"
  ip link add "$VETH" type veth peer name eth0 netns "$NS"
  ip link set "$VETH" master "$BRIDGE" up
  ip -n "$NS" addr add "$IP/24" dev eth0
  ip -n "$NS" link set eth0 up
  ip -n "$NS" link set lo up
  "$NODE_BIN" "$HERE/tree.mjs" "$STATE/www" "$version" "$codename"
  cat > "$STATE/registry.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE/registry
http:
  addr: $IP:5000
YAML
  start_bg http /usr/bin/python3 -m http.server 80 --bind "$IP" --directory "$STATE/www"
  start_bg registry /usr/bin/docker-registry serve "$STATE/registry.yml"
  wait_http "http://$IP/cni/kube-flannel.yml"
  wait_http "http://$IP:5000/v2/"
  if [[ $# -gt 0 ]]; then "$NODE_BIN" "$HERE/push-images.mjs" "http://$IP:5000" "$@" >&2; fi
  echo "$IP"
}

cmd_down() {
  [[ $(id -u) -eq 0 ]] || die "must run as root"
  local f p
  for f in "$STATE"/http.pid "$STATE"/registry.pid; do
    [[ -f $f ]] || continue
    p=$(cat "$f")
    # setsid made the server its own process group; end that group only.
    kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true
  done
  ip netns del "$NS" 2>/dev/null || true
  ip link del "$VETH" 2>/dev/null || true
  if [[ -f $STATE/own-bridge ]]; then
    while iptables -D FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -j DROP -m comment --comment kubelab-mirror 2>/dev/null; do :; done
    ip link del "$BRIDGE" 2>/dev/null || true
  fi
  rm -rf "$STATE"
}

case ${1:-} in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  *) echo "usage: LAB_INSTANCE=N mirror.sh up K8S_VERSION CODENAME [REPOSITORY:TAG...] | down" >&2; exit 2 ;;
esac
