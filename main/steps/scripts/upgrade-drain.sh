#!/bin/bash
# upgrade-drain (runs on the first control plane, for the node at TARGET_IP): "Drain the node"
# of kubeadm's upgrade guide (https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/:
# `kubectl drain <node-to-drain> --ignore-daemonsets`), with a timeout. When it does not finish,
# the PodDisruptionBudgets that allow no disruption are named and the node's kubelet is not touched.
# Done once the node's kubelet already reports the hop's version (its turn is past the drain);
# otherwise it drains again, which is cheap on a drained node, so a run killed mid-drain resumes.
# With DRAIN_BLOCKED=skip a drain a budget blocks leaves the node as it was: uncordoned, marked for
# this run (kl_upgrade_skipped) so its kubelet and uncordon steps pass it by; the next run drains
# it again.
# Env: TARGET_IP, K8S_VERSION, DRAIN_FLAGS, DRAIN_TIMEOUT, DRAIN_BLOCKED (wait | force: the flags
# then hold --disable-eviction | skip), DRAIN_REFUSAL (set when the choice cannot be honoured),
# UPGRADE_RUN (the run's id). KL_MODE check | apply | skipped (see below).
set -euo pipefail

# kubelet version of the node at TARGET_IP (kubectl get nodes -o wide: NAME STATUS ROLES AGE
# VERSION INTERNAL-IP ...).
reported_version() { kl_kctl get nodes -o wide | awk -v ip="$TARGET_IP" 'NR > 1 && $6 == ip {print $5}'; }

check() {
  local have name
  name=$(kl_node_by_ip)
  if [[ -n $name ]] && kl_upgrade_skipped /etc/kubernetes/admin.conf "$name"; then
    kl_log "notice: upgrade skipped: $name stays on its version for now (a PodDisruptionBudget blocked its drain); the next upgrade run drains it again"
    return 0
  fi
  have=$(reported_version)
  [[ $have == "v$K8S_VERSION" ]] || { kl_need "the node at $TARGET_IP runs kubelet ${have:-nothing}, not v$K8S_VERSION: drain it first"; return 1; }
}

# The pods kubectl could not evict because of a PodDisruptionBudget, as namespace/name (or name),
# read from its own retry lines (kubectl's drain.go: `error when evicting pods/%q -n %q (will retry
# after 5s): %v`, older kubectl `error when evicting pod %q (will retry after 5s): %v`) with the API
# server's refusal "Cannot evict pod as it would violate the pod's disruption budget."
# (pkg/registry/core/pod/storage/eviction.go, HTTP 429).
budget_blocked_pods() {
  sed -nE \
    -e 's#^error when evicting pods/"([^"]+)" -n "([^"]+)" .*violate the pod.s disruption budget.*#\2/\1#p' \
    -e 's#^error when evicting pod "([^"]+)" .*violate the pod.s disruption budget.*#\1#p' "$1" | sort -u
}

apply() {
  [[ -z ${DRAIN_REFUSAL:-} ]] || kl_die "$DRAIN_REFUSAL"
  local name log rc pods
  name=$(kl_node_by_ip)
  [[ -n $name ]] || kl_die "no node with InternalIP $TARGET_IP in the cluster"
  if [[ ${DRAIN_BLOCKED:-wait} == force ]]; then
    kl_log "draining $name (up to $DRAIN_TIMEOUT), deleting its pods without asking their PodDisruptionBudgets"
  else
    kl_log "draining $name (up to $DRAIN_TIMEOUT)"
  fi
  log=$(mktemp)
  # kubectl's lines go on showing as they come; a copy is kept to name what blocked it.
  set +e
  # shellcheck disable=SC2086 # DRAIN_FLAGS is a list of flags chosen by kubelab.
  kl_kctl drain "$name" --ignore-daemonsets $DRAIN_FLAGS --timeout="$DRAIN_TIMEOUT" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  pods=$(budget_blocked_pods "$log")
  rm -f "$log"
  ((rc != 0)) || return 0
  if [[ -n $pods ]]; then
    while read -r pod; do kl_log "blocked: pod $pod: Cannot evict pod as it would violate the pod's disruption budget."; done <<<"$pods"
    # The budgets that allow no disruption now (kubectl get pdb: ... ALLOWED DISRUPTIONS AGE).
    kl_kctl get pdb -A 2>/dev/null | awk 'NR > 1 && $(NF-1) == "0" {print "[kubelab] blocking PodDisruptionBudget: " $1 "/" $2}' || true
    if [[ ${DRAIN_BLOCKED:-wait} == skip ]]; then
      # The node goes back to work on its old version; the mark tells this run's later steps.
      kl_kctl uncordon "$name"
      kl_kctl annotate --overwrite node "$name" "kubelab.io/upgrade-skipped=$K8S_VERSION@$UPGRADE_RUN"
      kl_log "notice: upgrade skipped: $name stays on its version for now, uncordoned (a PodDisruptionBudget refuses to let $(paste -sd, - <<<"$pods") go); the next upgrade run drains it again"
      return 0
    fi
    kl_die "kubectl drain $name did not finish within $DRAIN_TIMEOUT: a PodDisruptionBudget refuses to let $(paste -sd, - <<<"$pods") go; $name's kubelet was not upgraded. Choose: wait (run again, --drain-blocked wait: the drain waits once more), skip (--drain-blocked skip: $name stays on its version, uncordoned, and the hop goes on with the other nodes; the next run drains it again) or force (--drain-blocked force = kubectl drain --disable-eviction: the pods are deleted whatever their budget)"
  fi
  kl_die "kubectl drain $name did not finish within $DRAIN_TIMEOUT (exit $rc); its kubelet was not upgraded (run again once the pods above can move)"
}

# KL_MODE=skipped (read-only, after the step): `KL_OUT upgradeSkipped=<hop>@<run>` when this run
# left the node on its version, so the run's record says which node a hop skipped and why.
if [[ ${KL_MODE:-} == skipped ]]; then
  name=$(kl_node_by_ip)
  if [[ -n $name ]] && kl_upgrade_skipped /etc/kubernetes/admin.conf "$name"; then
    echo "KL_OUT upgradeSkipped=$K8S_VERSION@$UPGRADE_RUN"
  fi
  exit 0
fi

# The proof of a drain is the node cordoned; the kubelet's version (the check) moves only in the
# next step, so after the apply the node's cordon is what is verified.
if [[ ${KL_MODE:-} == apply ]]; then
  apply
  name=$(kl_node_by_ip)
  if kl_upgrade_skipped /etc/kubernetes/admin.conf "$name"; then
    kl_log "upgrade-drain done (skipped $name)"
    exit 0
  fi
  [[ $(kl_kctl get node "$name" -o jsonpath='{.spec.unschedulable}') == true ]] || kl_die "$name is still schedulable after kubectl drain"
  kl_log "upgrade-drain done"
  exit 0
fi
kl_main
