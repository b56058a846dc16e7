#!/bin/bash
# kube-vip: the kube-vip static pod with admin.conf on a control plane of an HA plan, once every
# control plane has joined. On the first control plane this is the switch back from
# super-admin.conf (Kubernetes ≥ 1.29), which kube-vip's docs make after `kubeadm init`
# (https://kube-vip.io/docs/installation/static/, "kube-vip on Kubernetes 1.29+": change
# `path: /etc/kubernetes/super-admin.conf` to admin.conf); on the others it is the manifest
# generated after `kubeadm join` ("Remaining Nodes": the manifest is generated on each control
# plane). The kubelet restarts the pod when its manifest changes.
# Done when the manifest is the plan's, mounts /etc/kubernetes/admin.conf, and the API answers
# /healthz through the VIP (the probe kubeadm's HA guide uses in check_apiserver.sh:
# `curl -sfk --max-time 2 https://…/healthz`, kubernetes/kubeadm docs/ha-considerations.md).
# Env: KUBE_VIP_MANIFEST_PATH, KUBE_VIP_MANIFEST (file content), VIP, API_PORT.
set -euo pipefail

# How long the VIP may take to answer after the manifest changed: the kubelet notices the file
# (its static pod directory is re-read every 20 s, fileCheckFrequency), kube-vip restarts and
# wins the leader election (lease 5 s, retry 1 s in the manifest).
VIP_WAIT_SECONDS=90

vip_answers() {
  [[ $(curl -sfk --max-time 2 "https://$VIP:$API_PORT/healthz" 2>/dev/null) == ok ]]
}

check() {
  printf '%s' "$KUBE_VIP_MANIFEST" | kl_same "$KUBE_VIP_MANIFEST_PATH" || {
    kl_need "$KUBE_VIP_MANIFEST_PATH is not the plan's kube-vip manifest"
    return 1
  }
  grep -q 'path: /etc/kubernetes/admin.conf$' "$KUBE_VIP_MANIFEST_PATH" || {
    kl_need "kube-vip does not use /etc/kubernetes/admin.conf"
    return 1
  }
  vip_answers || {
    kl_need "the API server does not answer through the VIP $VIP:$API_PORT"
    return 1
  }
}

apply() {
  local waited=0
  if ! printf '%s' "$KUBE_VIP_MANIFEST" | kl_same "$KUBE_VIP_MANIFEST_PATH"; then
    kl_log "writing the kube-vip manifest with admin.conf"
    printf '%s' "$KUBE_VIP_MANIFEST" | kl_static_pod "$KUBE_VIP_MANIFEST_PATH"
  fi
  until vip_answers; do
    ((waited < VIP_WAIT_SECONDS)) || kl_die "the VIP $VIP:$API_PORT does not answer ${VIP_WAIT_SECONDS} s after kube-vip's manifest changed: see 'journalctl -u kubelet' and the kube-vip pod's log on the control planes"
    sleep 2
    waited=$((waited + 2))
  done
  kl_log "the API answers through the VIP $VIP:$API_PORT"
}

kl_main
