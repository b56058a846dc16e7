#!/bin/bash
# drain-node (remove-node, on a control plane): kubectl drain of the machine being removed, with a
# timeout; when it does not finish, the PodDisruptionBudgets that allow no disruption are named
# and nothing is removed. Done only once the node is gone from the cluster: a cordoned node may be
# one whose drain stopped midway with pods still on it, and kubectl drain of a drained node is
# quick and changes nothing, so a node still there is drained (again).
# Env: TARGET_IP, DRAIN_FLAGS, DRAIN_TIMEOUT.
set -euo pipefail

# Set by apply once kubectl drain succeeded in this run.
DRAINED=false

# A check runs as `if check` (kl_main), where bash's set -e does not hold: a node list that never
# came must stop the step here, not read as "the node is gone".
check() {
  local name
  name=$(kl_node_by_ip) || kl_die "cannot tell whether $TARGET_IP is still in the cluster"
  [[ -n $name ]] || return 0
  # After this run's own drain (the verification of apply): kubectl drain exited 0 only once every
  # pod it had to move was gone, so a cordoned node is drained.
  if [[ $DRAINED == true ]]; then
    [[ $(kl_kctl get node "$name" -o jsonpath='{.spec.unschedulable}') == true ]] || { kl_need "$name is schedulable after its drain"; return 1; }
    return 0
  fi
  kl_need "$name is still in the cluster (drained again if an earlier drain left pods on it)"
}

# Seconds in a Go duration as kubectl's --timeout takes it (120s, 5m, 2m0s, 1h).
duration_seconds() {
  local rest=$1 total=0
  while [[ $rest =~ ^([0-9]+)([hms])(.*)$ ]]; do
    case ${BASH_REMATCH[2]} in
      h) total=$((total + BASH_REMATCH[1] * 3600)) ;;
      m) total=$((total + BASH_REMATCH[1] * 60)) ;;
      s) total=$((total + BASH_REMATCH[1])) ;;
    esac
    rest=${BASH_REMATCH[3]}
  done
  echo "$total"
}

apply() {
  local name started
  name=$(kl_node_by_ip)
  kl_log "draining $name (up to $DRAIN_TIMEOUT)"
  started=$SECONDS
  # shellcheck disable=SC2086 # DRAIN_FLAGS is a list of flags chosen by kubelab.
  if ! kl_kctl drain "$name" --ignore-daemonsets $DRAIN_FLAGS --timeout="$DRAIN_TIMEOUT"; then
    # Only a drain that ran out its timeout was waiting for pods; one that stopped sooner failed
    # for the reason kubectl printed above (an API error, a pod it refuses to delete).
    if ((SECONDS - started < $(duration_seconds "$DRAIN_TIMEOUT"))); then
      kl_die "kubectl drain $name failed (kubectl's error is above); nothing was removed"
    fi
    # An eviction a PodDisruptionBudget refuses is what keeps a drain from finishing.
    kl_kctl get pdb -A 2>/dev/null | awk 'NR > 1 && $(NF-1) == "0" {print "[kubelab] blocking PodDisruptionBudget: " $1 "/" $2}' || true
    kl_die "kubectl drain $name did not finish within $DRAIN_TIMEOUT; nothing was removed (run again once the pods above can move)"
  fi
  DRAINED=true
}

kl_main
