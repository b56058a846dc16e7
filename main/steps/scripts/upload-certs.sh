#!/bin/bash
# upload-certs: before the further control planes join, makes sure the kubeadm-certs Secret they
# download the shared certificates from still exists and will outlive the joins. kubeadm makes it
# owned by a bootstrap token with a 2 h TTL (cmd/kubeadm/app/phases/copycerts/copycerts.go:
# createShortLivedBootstrapToken, DefaultCertTokenDuration; getSecretOwnerRef), so once that token
# expires the token cleaner deletes it and the garbage collector deletes the Secret: a join after
# that fails with 'Secret "kubeadm-certs" was not found ... This Secret might have expired'.
# Then (a resumed install, a control plane joined later) this re-uploads them with
# `kubeadm init phase upload-certs --upload-certs`, which makes a fresh certificate key and prints
# it (cmd/kubeadm/app/cmd/phases/init/uploadcerts.go). The key is a secret: it is taken out of
# kubeadm's output before anything is logged and kept only in a root-only file on this node.
# Env: CERTS_MIN_SECONDS (how long the Secret must still live for the joins to come).
# KL_MODE=key prints the current certificate key as a KL_OUT line (the step's secret output).
set -euo pipefail

ADMIN=/etc/kubernetes/admin.conf
# Where kubeadm-init put the key it made (InitConfiguration.certificateKey) …
INIT_CONFIG=$KL_STATE_DIR/kubeadm-config.yaml
# … and where a re-upload puts the newer one.
KEY_FILE=$KL_STATE_DIR/certificate-key

kadm() { kubectl --kubeconfig "$ADMIN" --request-timeout=10s "$@"; }

# The key the Secret was last encrypted with: a re-upload's file when it is newer than the init
# configuration (a re-run kubeadm init makes a new configuration and a new key).
current_key() {
  if [[ -f $KEY_FILE && (! -f $INIT_CONFIG || $KEY_FILE -nt $INIT_CONFIG) ]]; then
    head -n1 "$KEY_FILE"
  elif [[ -f $INIT_CONFIG ]]; then
    awk '$1 == "certificateKey:" {gsub(/"/, "", $2); print $2; exit}' "$INIT_CONFIG"
  fi
}

# Seconds until the Secret's owner token expires (its `expiration`, RFC 3339, base64 in data);
# fails when the Secret or its owner is gone.
seconds_left() {
  local owner expiration
  owner=$(kadm -n kube-system get secret kubeadm-certs -o 'jsonpath={.metadata.ownerReferences[0].name}') || return 1
  [[ -n $owner ]] || return 1
  expiration=$(kadm -n kube-system get secret "$owner" -o 'jsonpath={.data.expiration}') || return 1
  expiration=$(base64 -d <<<"$expiration")
  echo $(($(date -d "$expiration" +%s) - $(date +%s)))
}

check() {
  local left
  [[ $(current_key) =~ ^[0-9a-f]{64}$ ]] || { kl_need "no certificate key is known on this node"; return 1; }
  left=$(seconds_left 2>/dev/null) || { kl_need "the kubeadm-certs Secret is gone (it expires 2 h after the certificates were uploaded)"; return 1; }
  ((left >= ${CERTS_MIN_SECONDS:-3600})) || { kl_need "the kubeadm-certs Secret expires in ${left} s, too soon for the joins to come"; return 1; }
}

apply() {
  local out key
  kl_log "kubeadm init phase upload-certs --upload-certs (the new certificate key stays on this node)"
  if ! out=$(kubeadm init phase upload-certs --upload-certs 2>&1); then
    grep -Ev '^[0-9a-f]{64}$' <<<"$out" >&2 || true
    kl_die "kubeadm init phase upload-certs failed"
  fi
  key=$(grep -E '^[0-9a-f]{64}$' <<<"$out" | tail -n1 || true)
  [[ $key =~ ^[0-9a-f]{64}$ ]] || kl_die "kubeadm init phase upload-certs printed no certificate key"
  printf '%s\n' "$key" | kl_write "$KEY_FILE" 0600
  grep -Ev '^[0-9a-f]{64}$' <<<"$out" || true
  kl_log "notice: the control-plane certificates were uploaded again (the kubeadm-certs Secret had expired or was about to); the joins use the new certificate key"
}

print_key() {
  local key
  key=$(current_key)
  [[ $key =~ ^[0-9a-f]{64}$ ]] || kl_die "no certificate key on this node (kubeadm init did not run with --upload-certs)"
  echo "KL_OUT certificateKey=$key"
}

if [[ ${KL_MODE:-} == key ]]; then print_key; else kl_main; fi
