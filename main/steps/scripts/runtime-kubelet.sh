#!/bin/bash
# runtime-kubelet (on the node): "Configure the kubelet to use containerd as its container
# runtime" and "Restart the kubelet" of the Docker → containerd task
# (https://kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/change-runtime-containerd/):
# --container-runtime-endpoint in /var/lib/kubelet/kubeadm-flags.env, with
# --container-runtime=remote (the kubelet before 1.24 uses dockershim without it; the flag was
# removed in 1.27), then `systemctl start kubelet`. kubeadm writes the file as one line,
# KUBELET_KUBEADM_ARGS="<flags>" (cmd/kubeadm/app/phases/kubelet/flags.go); older runtime flags
# (--container-runtime, --container-runtime-endpoint, dockershim's --network-plugin, which
# kubelet 1.24 no longer accepts) are replaced, every other flag kept.
# Done when the file points at containerd and the kubelet runs.
# Env: CONTAINERD_ENDPOINT, FLAGS_ENV.
set -euo pipefail

check() {
  grep -Fq -- "--container-runtime-endpoint=$CONTAINERD_ENDPOINT" "$FLAGS_ENV" 2>/dev/null || { kl_need "$FLAGS_ENV does not point the kubelet at $CONTAINERD_ENDPOINT"; return 1; }
  kl_unit_active kubelet || { kl_need "the kubelet is not running"; return 1; }
}

# The flags of KUBELET_KUBEADM_ARGS without the runtime's, then containerd's.
containerd_flags() {
  local args kept=() flag
  args=$(sed -nE 's/^KUBELET_KUBEADM_ARGS="(.*)"$/\1/p' "$FLAGS_ENV")
  for flag in $args; do
    case $flag in
      --container-runtime=* | --container-runtime-endpoint=* | --network-plugin=*) ;;
      *) kept+=("$flag") ;;
    esac
  done
  kept+=(--container-runtime=remote "--container-runtime-endpoint=$CONTAINERD_ENDPOINT")
  echo "${kept[*]}"
}

apply() {
  [[ -f $FLAGS_ENV ]] || kl_die "$FLAGS_ENV is missing: this node was not set up by kubeadm"
  if ! grep -Fq -- "--container-runtime-endpoint=$CONTAINERD_ENDPOINT" "$FLAGS_ENV"; then
    cp -p "$FLAGS_ENV" "$FLAGS_ENV.docker"
    printf 'KUBELET_KUBEADM_ARGS="%s"\n' "$(containerd_flags)" | kl_write "$FLAGS_ENV" 0644
    kl_log "$FLAGS_ENV now points the kubelet at $CONTAINERD_ENDPOINT (the Docker one kept as $FLAGS_ENV.docker)"
  fi
  systemctl start kubelet
  # The kubelet may take a moment to settle, or exit once and come back after kubeadm's unit's
  # RestartSec=10 (the kubelet.service kubeadm's packages ship): the check is asked for a while.
  local deadline=$((SECONDS + 30))
  until kl_unit_active kubelet || ((SECONDS >= deadline)); do sleep 2; done
}

kl_main
