#!/bin/bash
# wait-ready: waits until every node of the project is Ready (matched by InternalIP, so host
# names do not matter) and prints the nodes as kubectl shows them.
# Env: EXPECTED_IPS (space separated), TIMEOUT_S.
set -euo pipefail
export KUBECONFIG=/etc/kubernetes/admin.conf

not_ready() {
  local table ip
  table=$(kubectl get nodes -o wide 2>/dev/null | awk 'NR > 1 {print $6, $2}') || true
  for ip in $EXPECTED_IPS; do
    grep -qxF "$ip Ready" <<<"$table" || echo "$ip"
  done
}

check() {
  local missing
  missing=$(not_ready)
  [[ -z $missing ]] || { kl_need "not Ready yet: $(echo "$missing" | tr '\n' ' ')"; return 1; }
}

apply() {
  local start=$SECONDS missing last=''
  while :; do
    missing=$(not_ready | tr '\n' ' ')
    [[ -z ${missing// /} ]] && break
    if [[ $missing != "$last" ]]; then kl_log "waiting for: $missing"; last=$missing; fi
    if ((SECONDS - start > ${TIMEOUT_S:-600})); then kl_die "nodes not Ready after ${TIMEOUT_S:-600} s: $missing"; fi
    sleep 3
  done
  kubectl get nodes -o wide
}

kl_main
