#!/bin/bash
# The live HA topology (issue 19), asked of one control plane as root; read-only. Sections:
#   @@addr     `ip -4 -o addr show`: whether this machine holds the VIP (keepalived adds it as a
#              /32, kube-vip as a /32 too: https://kube-vip.io/docs/about/architecture/ ARP mode)
#   @@livez    this API server's own /livez (anonymous: system:public-info-viewer), not through
#              the endpoint: "ok" and `exit=<curl exit>` (kubernetes.io/docs/reference/using-api/health-checks/)
#   @@lease    kube-vip only: the Lease kube-system/plndr-cp-lock as JSON (spec.holderIdentity: the leader)
#   @@members  `etcdctl member list` (simple form: hex ID, status, name, peer URLs, client URLs, learner)
#   @@status   `etcdctl endpoint status --cluster -w json`: each member's leader, raft term, DB size
# etcdctl with kubeadm's healthcheck client certificate against the local stacked member.
# Env: KL_VIP (may be empty), KL_LOCAL_API (https://<advertise>:<bindPort>), KL_LEASE (1: kube-vip).
set -uo pipefail
export LC_ALL=C PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin"
PKI=/etc/kubernetes/pki

etcdctl_tls() {
  ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert="$PKI/etcd/ca.crt" \
    --cert="$PKI/etcd/healthcheck-client.crt" --key="$PKI/etcd/healthcheck-client.key" \
    --dial-timeout=3s --command-timeout=5s "$@"
}

echo "@@addr"
ip -4 -o addr show 2>&1
echo "@@livez"
body=$(curl -sk --max-time 3 "$KL_LOCAL_API/livez" 2>&1)
echo "$body exit=$?"
if [[ ${KL_LEASE:-0} == 1 ]]; then
  echo "@@lease"
  # The Lease object itself (get --raw: no client-side resource mapping needed).
  kubectl --kubeconfig /etc/kubernetes/admin.conf --server "$KL_LOCAL_API" --request-timeout=5s \
    get --raw /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/plndr-cp-lock 2>&1
  echo
fi
if command -v etcdctl >/dev/null 2>&1; then
  echo "@@members"
  etcdctl_tls member list 2>&1
  echo "@@status"
  etcdctl_tls endpoint status --cluster -w json 2>&1
  echo
else
  echo "@@members"
  echo "etcdctl: command not found"
fi
echo "@@end"
