#!/bin/bash
# ha-load-balancer: haproxy + keepalived as OS services on a control plane, as kubeadm's
# "Options for Software Load Balancing" (kubernetes/kubeadm docs/ha-considerations.md) runs them:
# keepalived moves the VIP by VRRP and runs check_apiserver.sh; haproxy forwards the endpoint's
# port to every API server's bind port. The files are rendered by common/plan/ha (the text the
# plan preview shows). Installed-ness is read from the package manager, not from a binary on the
# PATH: a binary alone may be a leftover.
# Done when both packages are installed, the three files hold exactly the plan's text and both
# services are enabled and running.
# kube-vip (LB_KIND=kube-vip, first control plane only): its static pod manifest is written
# before `kubeadm init`, as kube-vip's docs do (https://kube-vip.io/docs/installation/static/,
# "Generating a Manifest" then `kubeadm init`); init's preflight checks only kubeadm's own
# manifests in that directory (FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml …,
# cmd/kubeadm/app/preflight/checks.go RunInitNodeChecks), so the extra file is allowed. Done when
# the manifest is the init one or the one step kube-vip switched it to after init.
# Env: LB_KIND; HAPROXY_CFG, KEEPALIVED_CONF, CHECK_APISERVER (file contents); or
# KUBE_VIP_MANIFEST_PATH, KUBE_VIP_INIT_MANIFEST, KUBE_VIP_RUNNING_MANIFEST.
set -euo pipefail

HAPROXY_CFG_PATH=/etc/haproxy/haproxy.cfg
KEEPALIVED_CONF_PATH=/etc/keepalived/keepalived.conf
CHECK_APISERVER_PATH=/etc/keepalived/check_apiserver.sh

installed() { [[ -n $(kl_pkg_version "$1") ]]; }

check() {
  local p u
  for p in haproxy keepalived; do
    installed "$p" || { kl_need "the $p package is not installed"; return 1; }
  done
  printf '%s' "$HAPROXY_CFG" | kl_same "$HAPROXY_CFG_PATH" || { kl_need "$HAPROXY_CFG_PATH is not the plan's"; return 1; }
  printf '%s' "$KEEPALIVED_CONF" | kl_same "$KEEPALIVED_CONF_PATH" || { kl_need "$KEEPALIVED_CONF_PATH is not the plan's"; return 1; }
  printf '%s' "$CHECK_APISERVER" | kl_same "$CHECK_APISERVER_PATH" || { kl_need "$CHECK_APISERVER_PATH is not the plan's"; return 1; }
  for u in haproxy keepalived; do
    kl_unit_enabled "$u" || { kl_need "$u is not enabled"; return 1; }
    kl_unit_active "$u" || { kl_need "$u is not running"; return 1; }
  done
}

install_packages() {
  if installed haproxy && installed keepalived; then return 0; fi
  kl_log "installing haproxy and keepalived"
  if [[ $(kl_family) == rpm ]]; then
    "$(kl_dnf)" install -y haproxy keepalived
  else
    kl_apt update
    kl_apt install haproxy keepalived
  fi
}

apply() {
  local haproxy_changed keepalived_changed
  install_packages
  printf '%s' "$HAPROXY_CFG" | kl_write "$HAPROXY_CFG_PATH" 0644
  haproxy_changed=$KL_CHANGED
  # haproxy's own check (-c) before the service is restarted with it.
  haproxy -c -f "$HAPROXY_CFG_PATH" >/dev/null || kl_die "haproxy refuses $HAPROXY_CFG_PATH (haproxy -c)"
  printf '%s' "$CHECK_APISERVER" | kl_write "$CHECK_APISERVER_PATH" 0755
  keepalived_changed=$KL_CHANGED
  printf '%s' "$KEEPALIVED_CONF" | kl_write "$KEEPALIVED_CONF_PATH" 0644
  [[ $KL_CHANGED == 1 ]] && keepalived_changed=1
  systemctl enable haproxy keepalived
  if [[ $haproxy_changed == 1 ]] || ! kl_unit_active haproxy; then
    kl_log "starting haproxy"
    systemctl restart haproxy
  fi
  if [[ $keepalived_changed == 1 ]] || ! kl_unit_active keepalived; then
    kl_log "starting keepalived"
    systemctl restart keepalived
  fi
}

kube_vip_check() {
  printf '%s' "$KUBE_VIP_INIT_MANIFEST" | kl_same "$KUBE_VIP_MANIFEST_PATH" && return 0
  printf '%s' "$KUBE_VIP_RUNNING_MANIFEST" | kl_same "$KUBE_VIP_MANIFEST_PATH" && return 0
  kl_need "$KUBE_VIP_MANIFEST_PATH is not the plan's kube-vip manifest"
}

kube_vip_apply() {
  kl_log "writing the kube-vip manifest for kubeadm init"
  printf '%s' "$KUBE_VIP_INIT_MANIFEST" | kl_static_pod "$KUBE_VIP_MANIFEST_PATH"
}

if [[ ${LB_KIND:-} == kube-vip ]]; then
  check() { kube_vip_check; }
  apply() { kube_vip_apply; }
fi

kl_main
