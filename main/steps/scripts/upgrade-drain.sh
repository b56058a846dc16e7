#!/bin/bash
# upgrade-drain (runs on the first control plane, for the node at TARGET_IP): "Drain the node"
# of kubeadm's upgrade guide (https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/:
# `kubectl drain <node-to-drain> --ignore-daemonsets`), with a timeout. When it does not finish,
# the PodDisruptionBudgets that allow no disruption are named and the node's kubelet is not touched.
# Done once the node's kubelet already reports the hop's version (its turn is past the drain);
# otherwise it drains again, which is cheap on a drained node, so a run killed mid-drain resumes.
# Env: TARGET_IP, K8S_VERSION, DRAIN_FLAGS, DRAIN_TIMEOUT.
set -euo pipefail

# kubelet version of the node at TARGET_IP (kubectl get nodes -o wide: NAME STATUS ROLES AGE
# VERSION INTERNAL-IP ...).
reported_version() { kl_kctl get nodes -o wide | awk -v ip="$TARGET_IP" 'NR > 1 && $6 == ip {print $5}'; }

check() {
  local have
  have=$(reported_version)
  [[ $have == "v$K8S_VERSION" ]] || { kl_need "the node at $TARGET_IP runs kubelet ${have:-nothing}, not v$K8S_VERSION: drain it first"; return 1; }
}

apply() {
  local name
  name=$(kl_node_by_ip)
  [[ -n $name ]] || kl_die "no node with InternalIP $TARGET_IP in the cluster"
  kl_log "draining $name (up to $DRAIN_TIMEOUT)"
  # shellcheck disable=SC2086 # DRAIN_FLAGS is a list of flags chosen by kubelab.
  if ! kl_kctl drain "$name" --ignore-daemonsets $DRAIN_FLAGS --timeout="$DRAIN_TIMEOUT"; then
    # An eviction a PodDisruptionBudget refuses is what keeps a drain from finishing.
    kl_kctl get pdb -A 2>/dev/null | awk 'NR > 1 && $(NF-1) == "0" {print "[kubelab] blocking PodDisruptionBudget: " $1 "/" $2}' || true
    kl_die "kubectl drain $name did not finish within $DRAIN_TIMEOUT; its kubelet was not upgraded (run again once the pods above can move)"
  fi
}

# The proof of a drain is the node cordoned; the kubelet's version (the check) moves only in the
# next step, so after the apply the node's cordon is what is verified.
if [[ ${KL_MODE:-} == apply ]]; then
  apply
  name=$(kl_node_by_ip)
  [[ $(kl_kctl get node "$name" -o jsonpath='{.spec.unschedulable}') == true ]] || kl_die "$name is still schedulable after kubectl drain"
  kl_log "upgrade-drain done"
  exit 0
fi
kl_main
