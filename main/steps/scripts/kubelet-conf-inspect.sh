#!/bin/bash
# kubelet-conf-inspect (day 2, renew-certs), on every node, read-only: whether kubelet.conf must be
# regenerated, and the Node's name, printed as KL_OUT lines for kubelet-conf-issue (KL_MODE=inspect;
# its check always passes). kubelet-conf.sh runs after this file and uses its functions.
# Needed when kubelet.conf's client certificate expires within WARN_DAYS (the kubelet rotates at
# 70-90% of a certificate's life, over a month ahead for kubeadm's one-year certificates, so less
# than that means rotation failed), or when rotation is on but kubelet.conf embeds its
# certificate instead of pointing at kubelet-client-current.pem (a first control plane before
# kubeadm 1.17, kubernetes/kubeadm#1753: that certificate is never rotated).
# Env: WARN_DAYS. KUBELET_CONF_PATH, KUBELET_PKI_DIR and KUBELET_CONFIG: the unit test's folders.
set -euo pipefail

KCONF=${KUBELET_CONF_PATH:-/etc/kubernetes/kubelet.conf}
PKI_DIR=${KUBELET_PKI_DIR:-/var/lib/kubelet/pki}
KCONFIG=${KUBELET_CONFIG:-/var/lib/kubelet/config.yaml}
CURRENT=$PKI_DIR/kubelet-client-current.pem

# The file kubelet.conf's user reads its certificate from; nothing when it embeds one.
pointed_file() { awk '$1 == "client-certificate:" {print $2; exit}' "$KCONF"; }

# The client certificate kubelet.conf uses, as PEM; nothing when there is none (a token user).
client_pem() {
  local f
  f=$(pointed_file)
  if [[ -n $f ]]; then
    [[ -r $f ]] && cat "$f"
    return 0
  fi
  awk '$1 == "client-certificate-data:" {print $2; exit}' "$KCONF" | base64 -d 2>/dev/null || true
}

# kubeadm's KubeletConfiguration sets rotateCertificates: true; only an explicit false turns it off.
rotation_on() { ! grep -qE '^rotateCertificates:[[:space:]]*false[[:space:]]*$' "$KCONFIG" 2>/dev/null; }

# The Node's name: the certificate's CN is system:node:<name> (the Node authorizer's rule);
# the host name when the certificate cannot be read.
node_name() {
  local cn
  cn=$(client_pem | openssl x509 -noout -subject -nameopt RFC2253 2>/dev/null | sed -n 's/^subject=.*CN=system:node:\([^,]*\).*/\1/p')
  if [[ -n $cn ]]; then echo "$cn"; else hostname | tr '[:upper:]' '[:lower:]'; fi
}

# Why kubelet.conf needs regenerating; nothing when it does not (or the node has no kubelet.conf).
why_needed() {
  local pem end
  [[ -f $KCONF ]] || return 0
  pem=$(client_pem)
  if [[ -z $pem ]]; then
    [[ -z $(pointed_file) ]] || echo "kubelet.conf points at $(pointed_file), which cannot be read"
    return 0
  fi
  end=$(openssl x509 -noout -enddate <<<"$pem" | cut -d= -f2)
  end=$(date -u -d "$end" +%s)
  if ((end <= $(date +%s))); then
    echo "the kubelet client certificate expired $(date -u -d "@$end" +%Y-%m-%dT%H:%M:%SZ)"
  elif ((end < $(date +%s) + WARN_DAYS * 86400)); then
    echo "the kubelet client certificate expires $(date -u -d "@$end" +%Y-%m-%dT%H:%M:%SZ) and was not rotated"
  elif rotation_on && [[ $(pointed_file) != "$CURRENT" ]]; then
    echo "kubelet.conf embeds its client certificate, so the kubelet cannot rotate it"
  fi
}

inspect() {
  local why
  why=$(why_needed)
  echo "KL_OUT needed=$(if [[ -n $why ]]; then echo yes; else echo no; fi)"
  echo "KL_OUT nodeName=$(node_name)"
  echo "KL_OUT reason=$why"
}

if [[ ${KL_MODE:-} == inspect ]]; then inspect; fi
