#!/bin/bash
# wait-ready: waits until every node of the project is Ready (matched by InternalIP, so host
# names do not matter) and prints the nodes as kubectl shows them.
# Two machines with one hostname (cloned VMs) fail it within a few polls instead of at the
# timeout: kubeadm names a Node after the hostname, and a second kubelet with a taken name adds
# no Node — its registration finds the existing one ("Node was previously registered",
# kubernetes pkg/kubelet/kubelet_node_status.go tryRegisterWithAPIServer) and each kubelet's
# status update then writes its own addresses (tryUpdateNodeStatus, every
# nodeStatusUpdateFrequency, 10 s by default), so that Node's InternalIP alternates between the
# machines while the second machine never gets a Node of its own. kubeadm asks for a "Unique
# hostname, MAC address, and product_uuid for every node" (kubernetes.io, Installing kubeadm,
# "Before you begin").
# Env: EXPECTED_IPS (space separated), EXPECTED_NODES (one "<ip> <kubelab node id>" per line,
# to name the machines), TIMEOUT_S, POLL_S (seconds between polls, default 3).
set -euo pipefail
export KUBECONFIG=/etc/kubernetes/admin.conf

# Every expected IP a Node name was seen with, across polls: name → "ip ip …".
declare -A SEEN_IPS=()

# "<name> <status> <internal ip>" per Node.
node_table() {
  kubectl get nodes -o wide 2>/dev/null | awk 'NR > 1 {print $1, $2, $6}' || true
}

not_ready() {
  local table=$1 ip
  for ip in $EXPECTED_IPS; do
    # A cordoned node is still Ready: kubectl prints its STATUS as Ready,SchedulingDisabled
    # (pkg/printers/internalversion/printers.go printNode).
    awk -v ip="$ip" '$3 == ip && ($2 == "Ready" || $2 ~ /^Ready,/) {found = 1} END {exit !found}' <<<"$table" || echo "$ip"
  done
}

expected() { [[ " $EXPECTED_IPS " == *" $1 "* ]]; }

# The kubelab node id of the machine at IP (the IP itself when the project does not say).
machine() { awk -v ip="$1" '$1 == ip {print $2; exit}' <<<"${EXPECTED_NODES:-}" | grep . || echo "$1"; }

# Records the table's addresses; sets SHARED to "<name> <ip1> <ip2>" once a Node name was seen
# with two of the project's addresses.
SHARED=''
record_addresses() {
  local table=$1 name ip seen
  while read -r name _ ip; do
    if [[ -z $name ]] || ! expected "$ip"; then continue; fi
    seen=${SEEN_IPS[$name]:-}
    if [[ -n $seen && " $seen " != *" $ip "* ]]; then
      SHARED="$name ${seen%% *} $ip"
      return
    fi
    SEEN_IPS[$name]="${seen:+$seen }$ip"
  done <<<"$table"
}

# Fails naming both machines and the fix on the one to rename: the one whose kubelab id is not
# the Node's name (when both differ, the second seen). One line, as the CLI and the failure banner
# show the error line, not the step's log.
die_shared() {
  local name=$1 ip1=$2 ip2=$3 m1 m2 rename
  m1=$(machine "$ip1")
  m2=$(machine "$ip2")
  rename=$m2
  if [[ $m2 == "$name" && $m1 != "$name" ]]; then rename=$m1; fi
  kl_die "two machines registered as one Node $name ($ip1, $ip2): $m1 and $m2 have one hostname; on $rename run hostnamectl set-hostname $rename and kubeadm reset -f, then kubelab add-node $rename"
}

check() {
  local missing
  missing=$(not_ready "$(node_table)")
  [[ -z $missing ]] || { kl_need "not Ready yet: $(echo "$missing" | tr '\n' ' ')"; return 1; }
}

apply() {
  local start=$SECONDS table missing last=''
  while :; do
    table=$(node_table)
    record_addresses "$table"
    # shellcheck disable=SC2086 # "<name> <ip1> <ip2>": three words on purpose
    [[ -z $SHARED ]] || die_shared $SHARED
    missing=$(not_ready "$table" | tr '\n' ' ')
    [[ -z ${missing// /} ]] && break
    if [[ $missing != "$last" ]]; then kl_log "waiting for: $missing"; last=$missing; fi
    if ((SECONDS - start > ${TIMEOUT_S:-600})); then kl_die "nodes not Ready after ${TIMEOUT_S:-600} s: $missing"; fi
    sleep "${POLL_S:-3}"
  done
  kubectl get nodes -o wide
}

kl_main
