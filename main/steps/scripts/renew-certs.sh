#!/bin/bash
# renew-certs (day 2), on one control plane: `kubeadm certs renew` (`kubeadm alpha certs renew`
# before 1.20), then the static pods restarted as kubernetes.io "Certificate Management with
# kubeadm" says (manifests moved out of /etc/kubernetes/manifests, the kubelet given its
# fileCheckFrequency to stop them, moved back one at a time and each waited for), then admin.conf
# copied to ~/.kube/config again. The check proves the effect: every chosen certificate's notAfter
# is at least FRESH_DAYS away and no restart is pending, so a re-run finds nothing to do.
# Env: RENEW_GROUP ("certs" or "alpha certs"), RENEW_ARGS (names or "all"), CERT_FILES (lines
# "<name> <file|kubeconfig> <path>"), FRESH_DAYS, ADMIN_USER.
set -euo pipefail

MANIFESTS=/etc/kubernetes/manifests
# Outside the manifests folder: the kubelet reads every file in it.
PARKED=/etc/kubernetes/kubelab-parked-manifests
# Left between the renewal and the end of the restart, so a run cut short restarts on resume.
PENDING=/etc/kubernetes/kubelab-restart-pending
# etcd first: the API server needs it; the controllers and the scheduler need the API server.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler)

# notAfter of a certificate file or of a kubeconfig's embedded client certificate, in epoch
# seconds; nothing when there is none (kubeadm skips a missing one: "MISSING!").
not_after() {
  local kind=$1 path=$2 pem end
  [[ -e $path ]] || return 0
  if [[ $kind == kubeconfig ]]; then
    pem=$(awk '$1 == "client-certificate-data:" {print $2; exit}' "$path" | base64 -d 2>/dev/null || true)
  else
    pem=$(cat "$path")
  fi
  [[ -n $pem ]] || return 0
  end=$(openssl x509 -noout -enddate <<<"$pem" | cut -d= -f2)
  date -u -d "$end" +%s
}

# The first chosen certificate that expires within FRESH_DAYS, as "<name> <date>"; nothing if none.
stale_cert() {
  local fresh name kind path end
  fresh=$(($(date +%s) + FRESH_DAYS * 86400))
  while read -r name kind path; do
    [[ -n $name ]] || continue
    end=$(not_after "$kind" "$path")
    [[ -n $end ]] || continue
    if ((end < fresh)); then
      echo "$name $(date -u -d "@$end" +%Y-%m-%dT%H:%M:%SZ)"
      return 0
    fi
  done <<<"$CERT_FILES"
}

check() {
  local stale
  [[ ! -e $PENDING ]] || { kl_need "the control-plane static pods were not restarted after the renewal"; return 1; }
  stale=$(stale_cert)
  [[ -z $stale ]] || { kl_need "certificate ${stale% *} expires ${stale#* }"; return 1; }
  return 0
}

api_ready() { kubectl --kubeconfig /etc/kubernetes/admin.conf get --raw=/readyz >/dev/null 2>&1; }

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

# The kubelet's fileCheckFrequency in seconds (KubeletConfiguration, default 20s per the
# kubeadm-certs page), read from its config file; how long it may take to see a manifest go.
file_check_seconds() {
  local v
  v=$(awk '$1 == "fileCheckFrequency:" {print $2; exit}' /var/lib/kubelet/config.yaml 2>/dev/null || true)
  if [[ $v =~ ^([0-9]+)s$ ]]; then echo "${BASH_REMATCH[1]}"; else echo 20; fi
}

# The API server's --secure-port from its (parked) manifest; kubeadm's default 6443.
api_secure_port() {
  local p
  p=$(sed -n 's/.*--secure-port=\([0-9][0-9]*\).*/\1/p' "$PARKED/kube-apiserver.yaml" 2>/dev/null | head -n 1)
  echo "${p:-6443}"
}

port_closed() { [[ -z $(ss -Htln "sport = :$1" 2>/dev/null) ]]; }

restart_static_pods() {
  local c freq port
  mkdir -p "$PARKED"
  for c in "${COMPONENTS[@]}"; do
    if [[ -e $MANIFESTS/$c.yaml ]]; then mv "$MANIFESTS/$c.yaml" "$PARKED/$c.yaml"; fi
  done
  freq=$(file_check_seconds)
  port=$(api_secure_port)
  kl_log "static pod manifests moved to $PARKED; waiting up to $((freq + 10))s for the kubelet to stop them"
  # Stopped means nothing listens on the API server's port any more. Not "/readyz fails": with
  # expired certificates (the revive case) /readyz fails at once, before the kubelet has seen the
  # manifests go, and the old API server, its expired certificate loaded, would keep running.
  wait_until $((freq + 10)) port_closed "$port" ||
    kl_log "the API server still listens on $port; moving the manifests back anyway"
  for c in "${COMPONENTS[@]}"; do
    [[ -e $PARKED/$c.yaml ]] || continue
    mv "$PARKED/$c.yaml" "$MANIFESTS/$c.yaml"
    kl_log "$c: manifest moved back"
    # etcd alone has no check here: the API server's /readyz, right after, includes etcd's.
    [[ $c != etcd ]] || continue
    wait_until 180 api_ready || kl_die "the API server's /readyz did not pass within 180s after $c was restarted"
    kl_log "$c: the API server's /readyz passes"
  done
  rmdir "$PARKED" 2>/dev/null || true
}

# admin.conf was renewed: the copies admin-kubeconfig made hold the old certificate.
refresh_admin_copies() {
  local h owner
  for h in /root $(if [[ -n ${ADMIN_USER:-} && $ADMIN_USER != root ]]; then getent passwd "$ADMIN_USER" | cut -d: -f6; fi); do
    [[ -e $h/.kube/config ]] || continue
    install -m 0600 /etc/kubernetes/admin.conf "$h/.kube/config"
    owner=$(stat -c %u:%g "$h")
    chown "$owner" "$h/.kube/config"
    kl_log "wrote $h/.kube/config"
  done
}

# kubelet.conf is not kubeadm's to renew: steps kubelet-conf-inspect/-issue/kubelet-conf follow.

apply() {
  local args a
  touch "$PENDING"
  if [[ -n $(stale_cert) ]]; then
    read -ra args <<<"$RENEW_ARGS"
    kl_log "kubeadm $RENEW_GROUP renew ${args[*]}"
    # shellcheck disable=SC2086 # RENEW_GROUP is "certs" or "alpha certs": two words on purpose.
    for a in "${args[@]}"; do kubeadm $RENEW_GROUP renew "$a"; done
  else
    kl_log "the chosen certificates were renewed already; restarting the static pods"
  fi
  restart_static_pods
  refresh_admin_copies
  rm -f "$PENDING"
}

kl_main
