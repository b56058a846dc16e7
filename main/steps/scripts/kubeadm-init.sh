#!/bin/bash
# kubeadm-init: kubeadm init from the generated configuration file (the same text the UI shows),
# uploaded to /etc/kubernetes/kubelab/kubeadm-config.yaml. kubelab runs this detached, so a dropped
# link never runs it twice.
# Done only when the effect is proven, not when files exist: a failed init (e.g. timed out in
# wait-control-plane) leaves admin.conf and the manifests behind, and counting those as done
# marked a half set-up control plane green. So: the API server answers /readyz with the admin
# kubeconfig, the cluster-info ConfigMap exists in kube-public (made by the bootstrap-token phase,
# read by every join) and this node is registered (kubeadm's mark-control-plane waits for it).
# An init that is needed on a node holding a failed attempt's leftovers runs `kubeadm reset -f`
# first (kubeadm's own preflight would otherwise refuse: FileAvailable / Port-10250 / DirAvailable),
# then removes what kubeadm reset says it does not clean (CNI config, kubeconfig files, kube-proxy's
# iptables chains), and says so in the log.
# HA plans (UPLOAD_CERTS=1): the configuration holds CERT_KEY_PLACEHOLDER as
# InitConfiguration.certificateKey; a fresh key is made here on the node (32 random bytes, hex:
# what kubeadm's own CreateCertificateKey makes, cmd/kubeadm/app/phases/copycerts/copycerts.go,
# CertificateKeySize = 32 in constants.go), written into the root-only config file and never onto
# a command line, and init runs with --upload-certs (a flag kubeadm allows beside --config:
# isAllowedFlag in cmd/kubeadm/app/apis/kubeadm/validation/validation.go). kubeadm prints the key
# ("[upload-certs] Using certificate key:" and the join command's --certificate-key); the log on
# the node and the engine's both redact it (main/ssh/detached.ts, main/engine/redact.ts).
# Env: KUBEADM_CONFIG (the file's content; ignored preflight errors are in it), CRI_SOCKET,
# UPLOAD_CERTS, CERT_KEY_PLACEHOLDER, LOCAL_API_SERVER.
# KL_MODE=join-info prints what a joining node needs: the CA public key hash and a bootstrap token
# (a kubelab one with at least an hour left is reused, else a fresh one is minted, TTL 3 h), and
# for HA plans the certificate key from the config file.
set -euo pipefail

CONFIG=$KL_STATE_DIR/kubeadm-config.yaml

ADMIN=/etc/kubernetes/admin.conf

# The name Kubernetes knows this node by: kubeadm's default nodeRegistration.name is the hostname,
# lowercased (k8s.io/component-helpers/node/util GetHostname, used by kubeadm's
# SetNodeRegistrationDynamicDefaults; kubernetes v1.30 source).
node_name() { hostname | tr '[:upper:]' '[:lower:]'; }

# LOCAL_API_SERVER (kubeadm-init.ts localApiServer): this node's own API server, so that neither
# "is init done" nor "did other nodes join" goes through a load balancer that may be broken.
kadm() { kubectl --kubeconfig "$ADMIN" ${LOCAL_API_SERVER:+--server "$LOCAL_API_SERVER"} --request-timeout=10s "$@"; }

check() {
  [[ -f $ADMIN ]] || { kl_need "$ADMIN does not exist"; return 1; }
  local ready
  ready=$(kadm get --raw /readyz 2>/dev/null || true)
  [[ $ready == ok ]] || { kl_need "the API server does not answer /readyz with the admin kubeconfig"; return 1; }
  kadm -n kube-public get configmap cluster-info >/dev/null 2>&1 || { kl_need "no cluster-info ConfigMap in kube-public (kubeadm init did not finish)"; return 1; }
  kadm get node "$(node_name)" >/dev/null 2>&1 || { kl_need "node $(node_name) is not registered"; return 1; }
  return 0
}

MANIFESTS=/etc/kubernetes/manifests
# The static pod manifests kubeadm init writes, the ones its preflight refuses to overwrite
# (FileAvailable--etc-kubernetes-manifests-<name>.yaml, cmd/kubeadm/app/preflight/checks.go).
# Others in the directory (kube-vip's, written before init by ha-load-balancer) are not leftovers.
KUBEADM_MANIFESTS="kube-apiserver kube-controller-manager kube-scheduler etcd"

# True when an earlier init left something behind on this node.
leftovers() {
  local m
  [[ -e $ADMIN || -e /etc/kubernetes/kubelet.conf || -e /etc/kubernetes/pki/ca.crt ]] && return 0
  for m in $KUBEADM_MANIFESTS; do [[ -e $MANIFESTS/$m.yaml ]] && return 0; done
  [[ -d /var/lib/etcd && -n $(ls -A /var/lib/etcd 2>/dev/null) ]]
}

# Refuses to reset a control plane that other nodes have joined: that is a cluster, not a failed
# init, and wiping it is the cluster reset's job, with its own confirmation.
refuse_if_members() {
  local names
  names=$(kadm get nodes -o name 2>/dev/null || true)
  names=$(grep -vxF "node/$(node_name)" <<<"$names" || true)
  [[ -z $names ]] || kl_die "this control plane serves other nodes ($(tr '\n' ' ' <<<"$names")); kubelab will not reset it to run kubeadm init again. Reset the cluster instead."
}

# What `kubeadm reset` prints that it does not clean: CNI configuration, iptables/IPVS rules,
# kubeconfig files (kubeadm reset output, kubernetes v1.30 cmd/kubeadm/app/cmd/reset.go). Only
# kube-proxy's own chains (KUBE-*) are dropped: the node's firewall rules are the admin's.
clean_after_reset() {
  local h
  rm -rf /etc/cni/net.d
  for h in /root $(getent passwd "${ADMIN_USER:-root}" | cut -d: -f6); do rm -f "$h/.kube/config"; done
  if kl_have iptables-save && iptables-save 2>/dev/null | grep -- 'KUBE-' >/dev/null; then
    iptables-save | grep -v -- 'KUBE-' | iptables-restore || kl_log "could not remove kube-proxy's iptables chains"
  fi
  if kl_have ipvsadm; then ipvsadm --clear || true; fi
}

# kubeadm reset empties the manifest directory, kube-vip's manifest included ("Deleting contents
# of config directories: [/etc/kubernetes/manifests …]"); init needs it back for its VIP.
clean_failed_init() {
  local kept
  refuse_if_members
  kl_log "notice: an earlier kubeadm init on this node did not finish; running kubeadm reset -f before initialising again"
  kept=$(mktemp -d)
  if [[ -f $MANIFESTS/kube-vip.yaml ]]; then cp -p "$MANIFESTS/kube-vip.yaml" "$kept/"; fi
  if [[ -n ${CRI_SOCKET:-} ]]; then kubeadm reset -f --cri-socket "$CRI_SOCKET"; else kubeadm reset -f; fi
  clean_after_reset
  if [[ -f $kept/kube-vip.yaml ]]; then
    mkdir -p "$MANIFESTS"
    mv -f "$kept/kube-vip.yaml" "$MANIFESTS/.kube-vip.yaml.kubelab"
    mv -f "$MANIFESTS/.kube-vip.yaml.kubelab" "$MANIFESTS/kube-vip.yaml"
    kl_log "kept the kube-vip manifest across kubeadm reset"
  fi
  rm -rf "$kept"
}

apply() {
  if leftovers; then clean_failed_init; fi
  if [[ ${UPLOAD_CERTS:-} == 1 ]]; then
    local key
    key=$(openssl rand -hex 32)
    [[ $key =~ ^[0-9a-f]{64}$ ]] || kl_die "cannot make a certificate key (openssl rand)"
    # Quoted: a key of digits only (and one "e") would otherwise read as a YAML number.
    printf '%s\n' "${KUBEADM_CONFIG//"$CERT_KEY_PLACEHOLDER"/\"$key\"}" | kl_write "$CONFIG" 0600
    kl_log "kubeadm init --config $CONFIG --upload-certs (certificate key made on this node, kept only in $CONFIG)"
    kubeadm init --config "$CONFIG" --upload-certs
  else
    printf '%s\n' "$KUBEADM_CONFIG" | kl_write "$CONFIG" 0600
    kl_log "kubeadm init --config $CONFIG"
    kubeadm init --config "$CONFIG"
  fi
}

# The certificate key init used (the config file is root-only); empty for a single control plane.
certificate_key() {
  [[ -f $CONFIG ]] || return 0
  awk '$1 == "certificateKey:" {gsub(/"/, "", $2); print $2; exit}' "$CONFIG"
}

join_info() {
  local hash token list key
  export KUBECONFIG=/etc/kubernetes/admin.conf
  # kubeadm token takes no --server: a root-only copy of admin.conf aimed at this node's own API
  # server, so the join information does not depend on the load balancer (removed on exit).
  if [[ -n ${LOCAL_API_SERVER:-} ]]; then
    KUBECONFIG=$(mktemp "$KL_STATE_DIR/admin-local.XXXXXX")
    trap 'rm -f "$KUBECONFIG"' EXIT
    chmod 600 "$KUBECONFIG"
    sed "s#^\( *server:\).*#\1 $LOCAL_API_SERVER#" /etc/kubernetes/admin.conf >"$KUBECONFIG"
  fi
  hash=$(openssl x509 -pubkey -noout -in /etc/kubernetes/pki/ca.crt |
    openssl pkey -pubin -outform der 2>/dev/null | sha256sum | cut -d' ' -f1)
  [[ ${#hash} == 64 ]] || kl_die "cannot compute the CA certificate hash"
  # --kubeconfig explicitly: kubeadm token's flag defaults to admin.conf, not $KUBECONFIG
  # (cmd/kubeadm/app/cmd/token.go).
  list=$(kubeadm token list --kubeconfig "$KUBECONFIG" 2>/dev/null || true)
  token=$(awk 'NR > 1 && $5 == "kubelab-join" && $2 ~ /^[0-9]+h$/ && $2 + 0 >= 1 && !t {t = $1} END {print t}' <<<"$list")
  if [[ -z $token ]]; then
    token=$(kubeadm token create --kubeconfig "$KUBECONFIG" --ttl 3h --description kubelab-join)
  fi
  [[ $token =~ ^[a-z0-9]{6}\.[a-z0-9]{16}$ ]] || kl_die "kubeadm token create printed no token"
  echo "KL_OUT caCertHash=sha256:$hash"
  echo "KL_OUT token=$token"
  if [[ ${UPLOAD_CERTS:-} == 1 ]]; then
    key=$(certificate_key)
    [[ $key =~ ^[0-9a-f]{64}$ ]] || kl_die "no certificate key in $CONFIG (kubeadm init did not run with --upload-certs)"
    echo "KL_OUT certificateKey=$key"
  fi
}

if [[ ${KL_MODE:-} == join-info ]]; then join_info; else kl_main; fi
