#!/bin/bash
# enable-kubelet: systemctl enable kubelet. Until kubeadm writes its configuration the kubelet
# restarts every few seconds; that is expected and not checked here.
# Env: NODE_IP (the kubelet's --node-ip, for hosts with several addresses or no default route;
#      empty when the node is known by name only).
set -euo pipefail

kubelet_defaults() {
  if [[ $(kl_family) == rpm ]]; then echo /etc/sysconfig/kubelet; else echo /etc/default/kubelet; fi
}

check() {
  kl_unit_enabled kubelet || { kl_need "kubelet is not enabled"; return 1; }
  [[ -z $NODE_IP ]] && return 0
  [[ $(kl_block_get "$(kubelet_defaults)" node-ip) == "KUBELET_EXTRA_ARGS=--node-ip=$NODE_IP" ]] ||
    { kl_need "kubelet --node-ip is not $NODE_IP"; return 1; }
  return 0
}

apply() {
  if [[ -n $NODE_IP ]]; then
    echo "KUBELET_EXTRA_ARGS=--node-ip=$NODE_IP" | kl_block_set "$(kubelet_defaults)" node-ip
  fi
  systemctl daemon-reload || true
  systemctl enable kubelet
}

kl_main
