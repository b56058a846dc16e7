#!/bin/bash
# admin-kubeconfig: copies /etc/kubernetes/admin.conf to ~/.kube/config of the admin user (the SSH
# user) and of root, then waits for the API server to answer /healthz.
# Env: ADMIN_USER.
set -euo pipefail

homes() {
  echo /root
  if [[ -n ${ADMIN_USER:-} && $ADMIN_USER != root ]]; then getent passwd "$ADMIN_USER" | cut -d: -f6; fi
}

healthy() { kubectl --kubeconfig /etc/kubernetes/admin.conf get --raw /healthz >/dev/null 2>&1; }

check() {
  local h
  for h in $(homes); do
    cmp -s /etc/kubernetes/admin.conf "$h/.kube/config" || { kl_need "$h/.kube/config is not the cluster's admin.conf"; return 1; }
  done
  healthy || { kl_need "the API server does not answer /healthz"; return 1; }
}

apply() {
  local h owner i
  for h in $(homes); do
    install -d -m 0700 "$h/.kube"
    install -m 0600 /etc/kubernetes/admin.conf "$h/.kube/config"
    owner=$(stat -c %u:%g "$h")
    chown "$owner" "$h/.kube" "$h/.kube/config"
    kl_log "wrote $h/.kube/config"
  done
  for i in $(seq 1 60); do
    healthy && return 0
    [[ $i == 1 ]] && kl_log "waiting for the API server"
    sleep 2
  done
}

kl_main
