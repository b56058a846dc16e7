#!/bin/bash
# upgrade-kubelet: kubelet and kubectl at the hop's version, held again, then `systemctl
# daemon-reload && systemctl restart kubelet` ("Upgrade kubelet and kubectl" in
# https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/), then waits until
# the API server's Node object says so: status.nodeInfo.kubeletVersion is what the running kubelet
# reports, so a package upgraded without a restart is still "needed", and the node is Ready.
# A node this run's drain skipped (drainBlocked: skip, kl_upgrade_skipped) keeps its kubelet.
# Env: K8S_VERSION (1.19.16), NODE_IP (its InternalIP), TIMEOUT_S, UPGRADE_RUN.
set -euo pipefail

KCONF=/etc/kubernetes/kubelet.conf

# "<VERSION> <STATUS>" of the node whose INTERNAL-IP is NODE_IP, from kubectl's wide node table
# (NAME STATUS ROLES AGE VERSION INTERNAL-IP ...), read with the node's own credentials.
reported() {
  kubectl --kubeconfig "$KCONF" get nodes -o wide 2>/dev/null | awk -v ip="$NODE_IP" 'NR > 1 && $6 == ip {print $5, $2}' || true
}

check() {
  local have name
  name=$(kubectl --kubeconfig "$KCONF" get nodes -o wide 2>/dev/null | awk -v ip="$NODE_IP" 'NR > 1 && $6 == ip {print $1}' || true)
  if [[ -n $name ]] && kl_upgrade_skipped "$KCONF" "$name"; then
    kl_log "$name skipped by this run (a PodDisruptionBudget blocked its drain): kubelet not upgraded"
    return 0
  fi
  have=$(reported)
  # Ready, or Ready,SchedulingDisabled on a node someone cordoned: the kubelet's upgrade is done.
  [[ $have == "v$K8S_VERSION Ready" || $have == "v$K8S_VERSION Ready,"* ]] || { kl_need "the node at $NODE_IP reports '${have:-nothing}', want 'v$K8S_VERSION Ready' (kubelet version, status)"; return 1; }
}

apply() {
  local kubelet kubectl deadline
  kubelet=$(kl_resolve kubelet "$K8S_VERSION" "the Kubernetes repository")
  kubectl=$(kl_resolve kubectl "$K8S_VERSION" "the Kubernetes repository")
  kl_log "installing kubelet $kubelet and kubectl $kubectl"
  if [[ $(kl_family) == rpm ]]; then
    "$(kl_dnf)" install -y --disableexcludes=kubernetes "kubelet-$kubelet" "kubectl-$kubectl"
  else
    apt-mark unhold kubelet kubectl >/dev/null
    kl_apt install --allow-change-held-packages "kubelet=$kubelet" "kubectl=$kubectl"
    apt-mark hold kubelet kubectl >/dev/null
  fi
  systemctl daemon-reload
  systemctl restart kubelet
  deadline=$((SECONDS + TIMEOUT_S))
  until check 2>/dev/null; do
    ((SECONDS < deadline)) || break
    sleep 2
  done
}

kl_main
