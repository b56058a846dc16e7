#!/bin/bash
# kubelet-conf-issue (day 2, renew-certs), on the first control plane for each node that needs it
# (kubelet-conf-inspect said so): `kubeadm kubeconfig user --org system:nodes --client-name
# system:node:$NODE` as kubernetes.io documents for a kubelet whose client certificate rotation
# failed ("Troubleshooting kubeadm" → "Kubelet client certificate rotation fails"); before 1.21 the
# command is `kubeadm alpha kubeconfig user` (graduated by kubernetes/kubernetes#97583, alpha
# removed in 1.22). The result is kept root-only beside the CA key, which can sign the same thing,
# until kubelet-conf installs it on the node; a re-run within the day reuses it.
# Env: NEEDED (yes, no, or unknown in a dry run), NODE_NAME, USER_GROUP ("kubeconfig" or "alpha kubeconfig"), FRESH_DAYS.
# KL_MODE=outputs prints the file, base64, as the kubeletConf output (a secret).
set -euo pipefail

DIR=$KL_STATE_DIR/kubelet-conf
FILE=$DIR/$NODE_NAME.conf

# The name comes from the node's own certificate: checked again before it names a file.
valid_name() { [[ $NODE_NAME =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]] || kl_die "node name \"$NODE_NAME\" is not a Kubernetes node name"; }

issued_fresh() {
  local end
  [[ -s $FILE ]] || return 1
  end=$(awk '$1 == "client-certificate-data:" {print $2; exit}' "$FILE" | base64 -d | openssl x509 -noout -enddate 2>/dev/null | cut -d= -f2)
  [[ -n $end ]] || return 1
  (($(date -u -d "$end" +%s) > $(date +%s) + FRESH_DAYS * 86400))
}

check() {
  [[ $NEEDED != no ]] || return 0
  [[ $NEEDED == yes ]] || { kl_need "the node's kubelet.conf has not been inspected yet"; return 1; }
  valid_name
  issued_fresh || { kl_need "no kubelet.conf issued for system:node:$NODE_NAME today"; return 1; }
}

apply() {
  local tmp
  valid_name
  [[ -r /etc/kubernetes/pki/ca.key ]] ||
    kl_die "this cluster has no /etc/kubernetes/pki/ca.key (an external CA): kubelet.conf for $NODE_NAME must be signed outside kubeadm (kubernetes.io kubeadm troubleshooting, \"Kubelet client certificate rotation fails\")"
  mkdir -p "$DIR"
  chmod 0700 "$DIR"
  tmp=$(mktemp "$DIR/.$NODE_NAME.XXXXXX")
  # shellcheck disable=SC2086 # USER_GROUP is "kubeconfig" or "alpha kubeconfig": words on purpose.
  if ! kubeadm $USER_GROUP user --org system:nodes --client-name "system:node:$NODE_NAME" >"$tmp"; then
    rm -f "$tmp"
    kl_die "kubeadm $USER_GROUP user failed for system:node:$NODE_NAME"
  fi
  chmod 0600 "$tmp"
  mv -f "$tmp" "$FILE"
  kl_log "kubeadm $USER_GROUP user --org system:nodes --client-name system:node:$NODE_NAME: written to $FILE"
}

outputs() {
  [[ $NEEDED == yes ]] || return 0
  valid_name
  [[ -s $FILE ]] || return 0
  echo "KL_OUT kubeletConf=$(base64 -w0 "$FILE")"
}

if [[ ${KL_MODE:-} == outputs ]]; then outputs; else kl_main; fi
