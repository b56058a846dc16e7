#!/bin/bash
# remove-etcd-member (remove-node of a control plane, on another control plane): the machine's
# stacked etcd member removed before its kubeadm reset, as kubernetes.io "Creating Highly
# Available Clusters with kubeadm" and etcd's runtime reconfiguration guide
# (https://etcd.io/docs/v3.4/op-guide/runtime-configuration/#remove-a-member) do it:
# `etcdctl member list`, then `etcdctl member remove <id>`. kubeadm's member peer URL is
# https://<advertise address>:2380 (cmd/kubeadm/app/phases/etcd/local.go).
# Env: TARGET_IP.
set -euo pipefail

member_id() {
  kl_etcdctl_tls member list | awk -F', ' -v peer="https://$TARGET_IP:2380" '$4 == peer {print $1}'
}

check() {
  kl_have etcdctl || kl_die "etcdctl: command not found (install the etcd client: Debian/Ubuntu etcd-client)"
  [[ -z $(member_id) ]] || { kl_need "etcd has a member at https://$TARGET_IP:2380"; return 1; }
}

apply() {
  local id
  id=$(member_id)
  kl_log "removing etcd member $id (https://$TARGET_IP:2380)"
  kl_etcdctl_tls member remove "$id"
}

kl_main
