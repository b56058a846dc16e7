#!/bin/bash
# remove-etcd-member (remove-node of a control plane, on another control plane): the machine's
# stacked etcd member removed before its kubeadm reset, as kubernetes.io "Creating Highly
# Available Clusters with kubeadm" and etcd's runtime reconfiguration guide
# (https://etcd.io/docs/v3.4/op-guide/runtime-configuration/#remove-a-member) do it:
# `etcdctl member list`, then `etcdctl member remove <id>`. kubeadm's member peer URL is
# https://<advertise address>:2380 (cmd/kubeadm/app/phases/etcd/local.go).
# Before removing, the quorum is checked against the members' live health (the same rule as
# common/removal/quorum.ts, https://etcd.io/docs/v3.4/faq/ "What is failure tolerance?"):
# `etcdctl endpoint health --cluster` prints "<url> is healthy: successfully committed proposal"
# or "<url> is unhealthy: failed to commit proposal: <err>" per member and exits 1 when one is
# unhealthy (etcd v3.4 etcdctl/ctlv3/command/ep_command.go).
# Env: TARGET_IP, CONFIRM_QUORUM_LOSS (1: the user confirmed with --force-quorum-loss).
set -euo pipefail

member_id() {
  kl_etcdctl_tls member list | awk -F', ' -v peer="https://$TARGET_IP:2380" '$4 == peer {print $1}'
}

check() {
  kl_have etcdctl || kl_die "etcdctl: command not found (install the etcd client: Debian/Ubuntu etcd-client)"
  [[ -z $(member_id) ]] || { kl_need "etcd has a member at https://$TARGET_IP:2380"; return 1; }
}

# Refuses (exit 1) when removing the member would leave fewer answering members than a majority.
check_quorum() {
  local health members healthy target_healthy left healthy_left
  # etcdctl 3.4 prints every health line on stderr (tests/fixtures/real/etcd/endpoint-health-3.4.23.txt).
  health=$(kl_etcdctl_tls endpoint health --cluster 2>&1 || true)
  members=$(kl_etcdctl_tls member list | grep -c . || true)
  healthy=$(grep -c ' is healthy: ' <<<"$health" || true)
  target_healthy=$(grep -c "^https://$TARGET_IP:2379 is healthy: " <<<"$health" || true)
  left=$((members - 1))
  healthy_left=$((healthy - target_healthy))
  kl_log "etcd: $healthy of $members members answer"
  if ((left > 0 && healthy_left < left / 2 + 1)) && [[ ${CONFIRM_QUORUM_LOSS:-0} != 1 ]]; then
    kl_die "removing this member breaks etcd quorum: $healthy_left of the $left members left would answer, fewer than a majority, so etcd and the API server stop. Bring the other control planes back first, or confirm with --force-quorum-loss"
  fi
}

apply() {
  local id
  id=$(member_id)
  check_quorum
  kl_log "removing etcd member $id (https://$TARGET_IP:2380)"
  kl_etcdctl_tls member remove "$id"
}

kl_main
