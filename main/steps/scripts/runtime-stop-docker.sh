#!/bin/bash
# runtime-stop-docker (on the node): "Stop the Docker daemon" of the Docker → containerd task
# (https://kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/change-runtime-containerd/:
# `systemctl stop kubelet`, `systemctl disable docker.service --now`). Docker stays installed,
# disabled: nothing of it is removed. Done when the kubelet already points at containerd (the
# node has moved) or when Docker is stopped and disabled and the kubelet stopped.
# Env: CONTAINERD_ENDPOINT, FLAGS_ENV (/var/lib/kubelet/kubeadm-flags.env).
set -euo pipefail

moved() { grep -Fq -- "--container-runtime-endpoint=$CONTAINERD_ENDPOINT" "$FLAGS_ENV" 2>/dev/null; }

check() {
  if moved; then
    kl_log "the kubelet already uses $CONTAINERD_ENDPOINT ($FLAGS_ENV): Docker is not needed here"
    return 0
  fi
  ! kl_unit_active kubelet || { kl_need "the kubelet is running on Docker"; return 1; }
  ! kl_unit_active docker || { kl_need "docker is running"; return 1; }
  ! kl_unit_enabled docker || { kl_need "docker is enabled"; return 1; }
}

apply() {
  systemctl stop kubelet
  systemctl disable docker.service --now
}

kl_main
