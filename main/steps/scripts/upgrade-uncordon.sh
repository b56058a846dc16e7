#!/bin/bash
# upgrade-uncordon (runs on the first control plane, for the node at TARGET_IP): "Uncordon the
# node" of kubeadm's upgrade guide (https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/:
# `kubectl uncordon <node-to-uncordon>`), once its kubelet is on the hop. Done when the node
# reports the hop's version and is schedulable: the effect, so a killed run resumes here.
# Env: TARGET_IP, K8S_VERSION, UPGRADE_RUN.
set -euo pipefail

check() {
  local name version unschedulable
  name=$(kl_node_by_ip)
  [[ -n $name ]] || kl_die "no node with InternalIP $TARGET_IP in the cluster"
  # Left on its version by this run's drain (drainBlocked: skip), already uncordoned there.
  if kl_upgrade_skipped /etc/kubernetes/admin.conf "$name"; then
    kl_log "$name skipped by this run: left on its version"
    return 0
  fi
  version=$(kl_kctl get node "$name" -o jsonpath='{.status.nodeInfo.kubeletVersion}')
  unschedulable=$(kl_kctl get node "$name" -o jsonpath='{.spec.unschedulable}')
  [[ $version == "v$K8S_VERSION" && $unschedulable != true ]] || { kl_need "$name runs kubelet $version (unschedulable: ${unschedulable:-false}), want v$K8S_VERSION and schedulable"; return 1; }
}

apply() { kl_kctl uncordon "$(kl_node_by_ip)"; }

kl_main
