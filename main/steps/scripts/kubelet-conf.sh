#!/bin/bash
# kubelet-conf (day 2, renew-certs), on every node: kubelet.conf regenerated where the kubelet's
# client certificate cannot renew itself, the way kubernetes.io documents it ("Troubleshooting
# kubeadm" → "Kubelet client certificate rotation fails",
# https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/troubleshooting-kubeadm/):
# the old kubelet.conf and kubelet-client* backed up and removed, the kubelet.conf a control plane
# made with `kubeadm kubeconfig user --org system:nodes --client-name system:node:$NODE` (step
# kubelet-conf-issue) installed with this node's own server URL, the kubelet restarted until it
# has written kubelet-client-current.pem, kubelet.conf pointed at that file, the kubelet restarted.
# kubeadm itself never renews kubelet.conf ("kubeadm certs check-expiration" does not list it).
# Done when kubelet-conf-inspect.sh's rule finds nothing to do.
# Runs after kubelet-conf-inspect.sh (its rule and paths: why_needed, node_name, rotation_on).
# Env: WARN_DAYS; apply: KUBELET_CONF_B64 (the regenerated kubelet.conf, base64; a secret).
set -euo pipefail

check() {
  local why
  why=$(why_needed)
  [[ -z $why ]] || { kl_need "$why"; return 1; }
}

# wait_until SECONDS CMD...: polls CMD every 2 s; fails after SECONDS.
wait_until() {
  local limit=$1 start
  shift
  start=$(date +%s)
  until "$@"; do
    (($(date +%s) - start < limit)) || return 1
    sleep 2
  done
}

kubelet_serves() {
  systemctl is-active --quiet kubelet &&
    kubectl --kubeconfig "$KCONF" get node "$NODE" >/dev/null 2>&1
}

apply() {
  local server backup new
  [[ -n ${KUBELET_CONF_B64:-} ]] || kl_die "no regenerated kubelet.conf came from the control plane; run the operation again"
  NODE=$(node_name)
  server=$(awk '$1 == "server:" {print $2; exit}' "$KCONF")
  backup=$KL_STATE_DIR/kubelet-conf-backup-$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$backup"
  chmod 0700 "$backup"
  cp -a "$KCONF" "$backup/"
  cp -a "$PKI_DIR"/kubelet-client* "$backup/" 2>/dev/null || true
  kl_log "kubelet.conf and $PKI_DIR/kubelet-client* backed up to $backup"
  rm -f "$PKI_DIR"/kubelet-client*
  # The control plane's kubeadm names its own default address; this node keeps the server it used.
  new=$(base64 -d <<<"$KUBELET_CONF_B64")
  # shellcheck disable=SC2001 # a line-anchored edit of a multi-line text.
  if [[ -n $server ]]; then new=$(sed "s|^\( *server:\).*|\1 $server|" <<<"$new"); fi
  kl_write "$KCONF" 0600 <<<"$new"
  kl_log "wrote $KCONF with a new client certificate for system:node:$NODE"
  systemctl restart kubelet
  if rotation_on; then
    wait_until 120 test -s "$CURRENT" ||
      kl_die "the kubelet did not write $CURRENT within 120 s (journalctl -u kubelet says why); $KCONF now holds a certificate valid for a year, the old files are in $backup"
    kl_log "the kubelet wrote $CURRENT; pointing $KCONF at it"
    # The documented edit: client-certificate-data / client-key-data replaced by the rotated file.
    sed -e "s|^\( *\)client-certificate-data:.*|\1client-certificate: $CURRENT|" \
      -e "s|^\( *\)client-key-data:.*|\1client-key: $CURRENT|" "$KCONF" | kl_write "$KCONF" 0600
    systemctl restart kubelet
  else
    kl_log "notice: rotateCertificates is false in $KCONFIG: $KCONF embeds a certificate valid for a year and needs this again before it ends"
  fi
  wait_until 120 kubelet_serves ||
    kl_die "the kubelet is not running with the new kubelet.conf after 120 s (journalctl -u kubelet); the old files are in $backup"
  kl_log "the kubelet runs and reads node $NODE with the new credentials"
}

kl_main
