#!/bin/bash
# runtime-uncordon (runs on the first control plane, for the node at TARGET_IP): the Node's
# kubeadm.alpha.kubernetes.io/cri-socket annotation changed to containerd's socket (the task as it
# read for kubeadm up to 1.23, kubernetes/website#30141: "Change the value of
# kubeadm.alpha.kubernetes.io/cri-socket from /var/run/dockershim.sock to … unix:///run/containerd/
# containerd.sock"; `kubeadm upgrade node` reads it), then "Verify that the node is healthy"
# (`kubectl get nodes -o wide`: containerd as its runtime, Ready) and "Uncordon the node".
# Done when all three hold: a killed run resumes here.
# Env: TARGET_IP, CONTAINERD_ENDPOINT, CRI_SOCKET_ANNOTATION, TIMEOUT_S.
set -euo pipefail

# "<containerRuntimeVersion>|<Ready|NotReady|Unknown>|<cri-socket annotation>|<unschedulable>" of a
# node (an empty field stays a field): the runtime and the cordon by jsonpath, readiness from the
# STATUS column of kubectl's node table (Ready, or Ready,SchedulingDisabled when cordoned), the
# annotation from the Node's JSON (`"key": "value"` as kubectl prints it).
node_state() {
  local runtime ready socket unschedulable
  runtime=$(kl_kctl get node "$1" -o jsonpath='{.status.nodeInfo.containerRuntimeVersion}')
  ready=$(kl_kctl get node "$1" --no-headers | awk '{split($2, s, ","); print s[1]}')
  socket=$(kl_kctl get node "$1" -o json | sed -nE "s#^ *\"${CRI_SOCKET_ANNOTATION//./\\.}\": \"([^\"]*)\",?\$#\\1#p")
  unschedulable=$(kl_kctl get node "$1" -o jsonpath='{.spec.unschedulable}')
  printf '%s|%s|%s|%s\n' "$runtime" "$ready" "$socket" "$unschedulable"
}

check() {
  local name runtime ready socket unschedulable
  name=$(kl_node_by_ip) || kl_die "cannot list the cluster's nodes to find $TARGET_IP"
  [[ -n $name ]] || kl_die "no node with InternalIP $TARGET_IP in the cluster"
  IFS="|" read -r runtime ready socket unschedulable <<<"$(node_state "$name")"
  [[ $runtime == containerd://* && $ready == Ready ]] || { kl_need "$name reports runtime ${runtime:-none}, ${ready:-no status}: want containerd and Ready"; return 1; }
  [[ $socket == "$CONTAINERD_ENDPOINT" ]] || { kl_need "$name's $CRI_SOCKET_ANNOTATION is ${socket:-unset}"; return 1; }
  [[ $unschedulable != true ]] || { kl_need "$name is cordoned"; return 1; }
}

apply() {
  local name deadline runtime ready rest
  name=$(kl_node_by_ip)
  kl_kctl annotate --overwrite node "$name" "$CRI_SOCKET_ANNOTATION=$CONTAINERD_ENDPOINT"
  # The kubelet started under containerd pulls its pods' images again before it says Ready.
  deadline=$((SECONDS + TIMEOUT_S))
  until IFS="|" read -r runtime ready rest <<<"$(node_state "$name" 2>/dev/null || true)" && [[ $runtime == containerd://* && $ready == Ready ]]; do
    ((SECONDS < deadline)) || kl_die "$name is not Ready on containerd after $TIMEOUT_S s (runtime ${runtime:-none}, ${ready:-no status}); it stays cordoned: see journalctl -u kubelet -u containerd on it"
    sleep 2
  done
  kl_log "$name runs $runtime and is Ready"
  kl_kctl uncordon "$name"
}

kl_main
