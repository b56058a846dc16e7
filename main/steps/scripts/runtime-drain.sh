#!/bin/bash
# runtime-drain (runs on the first control plane, for the node at TARGET_IP): "Drain the node" of
# the Docker → containerd task (https://kubernetes.io/docs/tasks/administer-cluster/
# migrating-from-dockershim/change-runtime-containerd/: `kubectl drain <node-to-drain>
# --ignore-daemonsets`), with a timeout. Done once the node's kubelet reports containerd
# (status.nodeInfo.containerRuntimeVersion `containerd://…`, what `kubectl get nodes -o wide`
# prints as CONTAINER-RUNTIME): a node already moved is not drained again; a run killed mid-way
# drains again, which is cheap on a drained node.
# Env: TARGET_IP, DRAIN_FLAGS, DRAIN_TIMEOUT.
set -euo pipefail

check() {
  local name runtime
  name=$(kl_node_by_ip) || kl_die "cannot list the cluster's nodes to find $TARGET_IP"
  [[ -n $name ]] || kl_die "no node with InternalIP $TARGET_IP in the cluster"
  runtime=$(kl_kctl get node "$name" -o jsonpath='{.status.nodeInfo.containerRuntimeVersion}')
  [[ $runtime == containerd://* ]] || { kl_need "$name runs ${runtime:-no runtime}: drain it before its runtime changes"; return 1; }
}

apply() {
  local name
  name=$(kl_node_by_ip)
  kl_log "draining $name (up to $DRAIN_TIMEOUT) before its runtime changes"
  # shellcheck disable=SC2086 # DRAIN_FLAGS is a list of flags chosen by kubelab.
  if ! kl_kctl drain "$name" --ignore-daemonsets $DRAIN_FLAGS --timeout="$DRAIN_TIMEOUT"; then
    kl_kctl get pdb -A 2>/dev/null | awk 'NR > 1 && $(NF-1) == "0" {print "[kubelab] blocking PodDisruptionBudget: " $1 "/" $2}' || true
    kl_die "kubectl drain $name did not finish within $DRAIN_TIMEOUT; its runtime was not changed (run again once the pods above can move)"
  fi
}

# The runtime moves only in the next steps: after the apply, the drain (the node cordoned) is
# what is verified.
if [[ ${KL_MODE:-} == apply ]]; then
  apply
  name=$(kl_node_by_ip)
  [[ $(kl_kctl get node "$name" -o jsonpath='{.spec.unschedulable}') == true ]] || kl_die "$name is still schedulable after kubectl drain"
  kl_log "runtime-drain done"
  exit 0
fi
kl_main
