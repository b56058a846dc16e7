#!/bin/bash
# etcd-restore-stop (restore-etcd, every control plane, once every one has its restored data
# directory): the static pods stopped by moving their manifests out of /etc/kubernetes/manifests
# (the kubelet stops a static pod whose manifest is gone, re-read every 20 s: fileCheckFrequency;
# kubeadm's certificate docs do the same), then waited for until nothing listens on etcd's
# client port (2379) or the API server's --secure-port (kube-apiserver.yaml; 6443 when unset).
# Kubernetes' restore page: stop all API server instances before restoring. A control plane
# that does not stop gets its manifests back and fails the run; the others stay parked, each
# saying its way back.
# Env: RESTORE_DIR, RUN_STAMP, DATA_DIR.
set -euo pipefail

kl_restore_dir_ok
parked=$(kl_restore_parked)

api_port() {
  local p
  p=$(grep -oE -- '--secure-port=[0-9]+' "$parked/kube-apiserver.yaml" 2>/dev/null | head -n1 | cut -d= -f2 || true)
  echo "${p:-6443}"
}

down() { ! kl_listening 2379 && ! kl_listening "$(api_port)"; }

check() {
  [[ ! -e $RESTORE_DIR/restored ]] || return 0
  [[ -e $parked/etcd.yaml ]] || { kl_need "the static pods still run (manifests in $KL_MANIFESTS)"; return 1; }
  down || { kl_need "etcd or the API server still listens"; return 1; }
}

apply() {
  if [[ ! -e $parked/etcd.yaml ]]; then
    kl_log "stopping the static pods: $KL_MANIFESTS/*.yaml moved to $parked"
    mkdir -p -- "$parked"
    mv -- "$KL_MANIFESTS"/*.yaml "$parked"/
  fi
  for _ in $(seq 1 120); do down && break; sleep 1; done
  if ! down; then
    mv -- "$parked"/*.yaml "$KL_MANIFESTS"/ && rmdir -- "$parked"
    kl_die "etcd or the API server on $(hostname) did not stop within 120 s; its manifests were put back, its data is untouched"
  fi
  kl_log "etcd and the API server stopped on $(hostname)"
  kl_restore_way_back
}

kl_main
