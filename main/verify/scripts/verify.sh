#!/bin/bash
# Verification after an install, run as root on the first control-plane node (kubectl with the
# admin kubeconfig). One round trip: nodes, kube-system pods, /readyz, then one test pod pinned on
# every node, a ping between every pair of test pods, DNS from a pod, and the test pods deleted
# again (on any exit, by the trap) and checked gone.
# Environment (data only): KL_IMAGE (test pod image), KL_DNS_NAME (name to resolve),
# KL_PODS (0: skip the pod tests), KL_WAIT (seconds to wait for the pods, default 90).
# Output: `@@KL:<section>` blocks (nodes, syspods, readyz, tokens, certs, pods, ping, dns, cleanup,
# end).
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin"
export KUBECONFIG=/etc/kubernetes/admin.conf
s() { printf '\n@@KL:%s\n' "$1"; }
k() { timeout 30 kubectl "$@"; }
PREFIX=kubelab-verify-

s nodes
k get nodes -o json 2>&1 || true
s syspods
k get pods -n kube-system -o json 2>&1 || true
s readyz
k get --raw /readyz 2>&1 || true
# Credential expiry, read-only. Token secrets never leave the node: `abcdef.<redacted>`.
s tokens
timeout 30 kubeadm token list 2>&1 | sed -E 's/\b([a-z0-9]{6})\.[a-z0-9]{16}\b/\1.<redacted>/g' || true
# `kubeadm certs` since 1.20; `kubeadm alpha certs` before (kubernetes/kubernetes#94938, #97706).
s certs
minor=$(kubeadm version -o short 2>/dev/null | sed -n 's/^v1\.\([0-9]*\).*/\1/p' || true)
if [[ -n $minor && $minor -lt 20 ]]; then
  timeout 30 kubeadm alpha certs check-expiration 2>&1 || true
else
  timeout 30 kubeadm certs check-expiration 2>&1 || true
fi
if [[ ${KL_PODS:-1} != 1 ]]; then s end; exit 0; fi

image=${KL_IMAGE:-busybox:1.28}
[[ $image =~ ^[A-Za-z0-9._/:@-]+$ ]] || { echo "bad image" >&2; exit 2; }
wait_s=${KL_WAIT:-90}
[[ $wait_s =~ ^[0-9]+$ ]] || wait_s=90
mapfile -t nodes < <(k get nodes -o name 2>/dev/null | sed 's#^node/##' | grep -E '^[a-z0-9.-]+$' || true)
names=()
manifest=''
for n in "${nodes[@]}"; do
  name=$PREFIX${n//./-}
  names+=("$name")
  manifest+="---
apiVersion: v1
kind: Pod
metadata: {name: $name, namespace: default, labels: {app.kubernetes.io/name: kubelab-verify}}
spec:
  nodeName: $n
  tolerations: [{operator: Exists}]
  terminationGracePeriodSeconds: 0
  containers: [{name: probe, image: \"$image\", command: [sleep, \"3600\"]}]
"
done

cleanup() {
  set +e
  if ((${#names[@]} > 0)); then
    k delete pod --wait=false "${names[@]}" >/dev/null 2>&1
    for _ in $(seq 60); do
      left=$(k get pods -o wide 2>/dev/null | awk -v p="$PREFIX" 'index($1, p) == 1 {print $1}')
      [[ -z $left ]] && break
      sleep 0.5
    done
  fi
  s cleanup
  k get pods -o wide 2>/dev/null | awk -v p="$PREFIX" 'index($1, p) == 1 {print "left", $1}'
  s end
}
trap cleanup EXIT
((${#names[@]} > 0)) || exit 0
printf '%s' "$manifest" | k apply -f - >/dev/null

# NAME READY STATUS RESTARTS AGE IP NODE … (the same columns in every kubectl since 1.x).
table() { k get pods -o wide 2>/dev/null | awk -v p="$PREFIX" 'index($1, p) == 1 {print $1, $3, $6, $7}'; }
for _ in $(seq $((wait_s * 2))); do
  running=$(table | awk '$2 == "Running" && $3 ~ /^[0-9a-f.:]+$/' | wc -l)
  [[ $running -ge ${#names[@]} ]] && break
  sleep 0.5
done
s pods
table

s ping
mapfile -t rows < <(table | awk '$2 == "Running" && $3 ~ /^[0-9a-f.:]+$/')
tmp=$(mktemp -d /tmp/kubelab-verify.XXXXXXXX)
i=0
for a in "${rows[@]}"; do
  read -r pa _ _ na <<<"$a"
  for b in "${rows[@]}"; do
    read -r pb _ ipb nb <<<"$b"
    [[ $pa == "$pb" ]] && continue
    i=$((i + 1))
    {
      if out=$(k exec "$pa" -- ping -c 2 -W 2 "$ipb" 2>&1); then
        rtt=$(printf '%s' "$out" | sed -n 's#.*= [0-9.]*/\([0-9.]*\)/.*#\1#p' | head -n 1)
        echo "ping $na $nb ok ${rtt:-0}"
      else
        echo "ping $na $nb fail 0 $(printf '%s' "$out" | grep -E 'packet loss|unreachable|exit code' | head -n 1)"
      fi
    } > "$tmp/p$i" &
  done
done
wait
cat "$tmp"/p* 2>/dev/null || true
rm -rf "$tmp"

s dns
first=${rows[0]:-}
if [[ -n $first && -n ${KL_DNS_NAME:-} && $KL_DNS_NAME =~ ^[a-z0-9.-]+$ ]]; then
  if out=$(k exec "${first%% *}" -- nslookup "$KL_DNS_NAME" 2>&1); then
    # busybox 1.28: "Name:      NAME" then "Address 1: IP [reverse name]" (the answer's first IP).
    echo "ok $(printf '%s' "$out" | awk '/^Name:/ {n=1; next} n && /^Address/ {sub(/^Address( [0-9]+)?:[ \t]*/, ""); print $1; exit}')"
  else
    echo "fail $(printf '%s' "$out" | tr '\n' ' ' | cut -c1-300)"
  fi
else
  echo "skip no running test pod"
fi
