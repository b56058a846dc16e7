#!/bin/bash
# kubeadm-init: kubeadm init from the generated configuration file (the same text the UI shows),
# uploaded to /etc/kubernetes/kubelab/kubeadm-config.yaml. kubelab runs this detached, so a dropped
# link never runs it twice. Done when the control plane's kubeconfig and manifests exist.
# Env: KUBEADM_CONFIG (the file's content; ignored preflight errors are in it).
# KL_MODE=join-info prints what a joining node needs: the CA public key hash and a bootstrap token
# (a kubelab one with at least an hour left is reused, else a fresh one is minted, TTL 3 h).
set -euo pipefail

CONFIG=$KL_STATE_DIR/kubeadm-config.yaml

check() {
  [[ -f /etc/kubernetes/admin.conf ]] || { kl_need "/etc/kubernetes/admin.conf does not exist"; return 1; }
  [[ -f /etc/kubernetes/manifests/kube-apiserver.yaml ]] || { kl_need "no kube-apiserver manifest"; return 1; }
  return 0
}

apply() {
  printf '%s\n' "$KUBEADM_CONFIG" | kl_write "$CONFIG" 0600
  kl_log "kubeadm init --config $CONFIG"
  kubeadm init --config "$CONFIG"
}

join_info() {
  local hash token list
  export KUBECONFIG=/etc/kubernetes/admin.conf
  hash=$(openssl x509 -pubkey -noout -in /etc/kubernetes/pki/ca.crt |
    openssl pkey -pubin -outform der 2>/dev/null | sha256sum | cut -d' ' -f1)
  [[ ${#hash} == 64 ]] || kl_die "cannot compute the CA certificate hash"
  list=$(kubeadm token list 2>/dev/null || true)
  token=$(awk 'NR > 1 && $5 == "kubelab-join" && $2 ~ /^[0-9]+h$/ && $2 + 0 >= 1 && !t {t = $1} END {print t}' <<<"$list")
  if [[ -z $token ]]; then
    token=$(kubeadm token create --ttl 3h --description kubelab-join)
  fi
  [[ $token =~ ^[a-z0-9]{6}\.[a-z0-9]{16}$ ]] || kl_die "kubeadm token create printed no token"
  echo "KL_OUT caCertHash=sha256:$hash"
  echo "KL_OUT token=$token"
}

if [[ ${KL_MODE:-} == join-info ]]; then join_info; else kl_main; fi
