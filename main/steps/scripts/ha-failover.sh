#!/bin/bash
# ha-failover (the failover test, issue 19), run on the control plane that held the VIP when the
# test started (ha-vip-holder): it gives the VIP up the way an admin tests it, waits until another
# control plane holds it, checks that the API answers through it, and ALWAYS puts itself back
# (an EXIT/INT/TERM/HUP trap), whether the test passed or not.
# * keepalived: `systemctl stop keepalived`. A VRRP master that shuts down sends an advertisement
#   with priority 0 (RFC 5798 §6.4.3, "If a Shutdown event is received … Send an ADVERTISEMENT
#   with Priority = 0"; RFC 3768 §6.4.3 for VRRPv2, keepalived's default), and a backup that
#   receives it becomes master after Skew_Time instead of Master_Down_Interval (keepalived
#   keepalived/vrrp/vrrp.c vrrp_state_backup: "Backup received priority 0 advertisement",
#   ms_down_timer = VRRP_TIMER_SKEW). kubelab's keepalived.conf uses no use_vmac, so the new
#   master answers ARP for the VIP with its own interface's MAC.
# * kube-vip: its static pod manifest moved out of /etc/kubernetes/manifests: the kubelet deletes
#   a static pod whose file disappears from the directory it watches
#   (https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/, "the kubelet … makes/
#   deletes static Pods as YAML/JSON files appear/disappear there"); kube-vip stopped removes the
#   VIP and, leader election with ReleaseOnCancel, lets another control plane take the Lease
#   plndr-cp-lock (https://kube-vip.io/docs/about/architecture/). Moving it back restarts it.
# Who holds the VIP now: the VIP's MAC (`ip neigh` after a ping: ARP) equal to another control
# plane's MAC — VRRP and kube-vip's ARP mode both need the control planes on one L2 segment.
# The API check is kubeadm's HA guide's probe: `curl -sfk --max-time 2 https://<vip>:<port>/healthz`
# (kubernetes/kubeadm docs/ha-considerations.md check_apiserver.sh), anonymous as
# system:public-info-viewer allows.
# The result, `key=value` lines, goes to $RESULT_FILE for the step's outputs (KL_MODE=result
# prints it).
# Env: LB (haproxy-keepalived | kube-vip), VIP, API_PORT, HOLDER (this machine's name), OTHERS
# ("name=address …": the other control planes), KUBE_VIP_MANIFEST_PATH, RESULT_FILE,
# MOVE_WAIT_SECONDS, API_WAIT_SECONDS.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin"

# Where kube-vip's manifest waits while it is out of the kubelet's directory (not a manifest dir).
PARKED=/etc/kubernetes/kubelab/kube-vip.yaml.failover-test

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# grep without -q reads to the end: under pipefail, -q exiting at the first match can SIGPIPE `ip`
# (a long address list) and turn a match into a failure (as lib.sh says of `cmd | grep -q`).
vip_local() { ip -4 -o addr show | grep -F " inet $VIP/" >/dev/null; }
vip_answers() { [[ $(curl -sfk --max-time 2 "https://$VIP:$API_PORT/healthz" 2>/dev/null) == ok ]]; }

# The MAC an address (a name is resolved first) answers ARP with; empty when nobody answers.
mac_of() {
  local ip=$1
  [[ $ip =~ ^[0-9.]+$ ]] || ip=$(getent ahostsv4 "$1" | awk 'NR == 1 { print $1 }')
  [[ -n $ip ]] || return 0
  ping -c 1 -W 1 "$ip" >/dev/null 2>&1 || true
  ip neigh show "$ip" | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") { print $(i + 1); exit } }'
}

# The other control plane that answers ARP for the VIP with its own MAC, if any.
new_holder() {
  local vip_mac entry
  vip_local && return 1
  vip_mac=$(mac_of "$VIP")
  [[ -n $vip_mac ]] || return 1
  for entry in $OTHERS; do
    if [[ $(mac_of "${entry#*=}") == "$vip_mac" ]]; then
      echo "${entry%%=*}"
      return 0
    fi
  done
  return 1
}

took_away=0
restore() {
  ((took_away)) || return 0
  if [[ $LB == kube-vip ]]; then
    if [[ -f $PARKED ]]; then
      mv "$PARKED" "$KUBE_VIP_MANIFEST_PATH"
      kl_log "kube-vip's manifest is back in $(dirname "$KUBE_VIP_MANIFEST_PATH"): the kubelet starts it again"
    fi
    [[ -f $KUBE_VIP_MANIFEST_PATH ]]
  else
    systemctl start keepalived
    kl_log "keepalived started again on $HOLDER"
    systemctl is-active --quiet keepalived
  fi
}

result() { printf '%s=%s\n' "$1" "$2" >>"$RESULT_FILE"; }

finish() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if restore; then
    result restored yes
  else
    result restored no
    printf '[kubelab] error: %s could not be put back: see %s\n' "$HOLDER" \
      "$([[ $LB == kube-vip ]] && echo "$PARKED" || echo "'systemctl status keepalived'")" >&2
    rc=1
  fi
  exit "$rc"
}

take_away() {
  took_away=1
  if [[ $LB == kube-vip ]]; then
    [[ -f $KUBE_VIP_MANIFEST_PATH ]] || kl_die "$KUBE_VIP_MANIFEST_PATH is not on $HOLDER: kube-vip is not run here"
    mkdir -p "$(dirname "$PARKED")"
    mv "$KUBE_VIP_MANIFEST_PATH" "$PARKED"
    kl_log "moved $KUBE_VIP_MANIFEST_PATH out of the kubelet's manifests directory"
  else
    systemctl stop keepalived
    kl_log "systemctl stop keepalived on $HOLDER"
  fi
}

apply() {
  local started moved waited=0 next=''
  [[ ${KL_MODE:-apply} == result ]] && { cat "$RESULT_FILE" 2>/dev/null || true; return 0; }
  # A test cut short before its trap ran (the machine went down) left kube-vip parked: put it back first.
  if [[ $LB == kube-vip && -f $PARKED && ! -f $KUBE_VIP_MANIFEST_PATH ]]; then
    mv "$PARKED" "$KUBE_VIP_MANIFEST_PATH"
    kl_die "kube-vip's manifest was still parked from an earlier test: put back; run the test again once the VIP is held"
  fi
  vip_local || kl_die "$HOLDER no longer holds the VIP $VIP: it moved since the test started; run it again"
  mkdir -p "$(dirname "$RESULT_FILE")"
  : >"$RESULT_FILE"
  chmod 600 "$RESULT_FILE"
  result oldHolder "$HOLDER"
  trap finish EXIT
  trap 'exit 130' INT TERM HUP
  started=$(now_ms)
  take_away
  until next=$(new_holder); do
    ((waited < MOVE_WAIT_SECONDS)) || kl_die "the VIP $VIP did not move from $HOLDER to another control plane within ${MOVE_WAIT_SECONDS} s"
    ((waited % 5 != 0)) || kl_log "waiting for another control plane to take the VIP $VIP (${waited} s)"
    sleep 1
    waited=$((waited + 1))
  done
  moved=$(($(now_ms) - started))
  kl_log "the VIP $VIP moved from $HOLDER to $next in $((moved / 1000)).$(((moved % 1000) / 100)) s"
  result newHolder "$next"
  result movedMs "$moved"
  waited=0
  until vip_answers; do
    if ((waited >= API_WAIT_SECONDS)); then
      result apiAnswered no
      kl_die "the VIP $VIP moved to $next but the API did not answer /healthz through https://$VIP:$API_PORT within ${API_WAIT_SECONDS} s"
    fi
    ((waited % 5 != 0)) || kl_log "waiting for the API to answer through https://$VIP:$API_PORT (${waited} s)"
    sleep 1
    waited=$((waited + 1))
  done
  result apiAnswered yes
  result apiMs "$(($(now_ms) - started))"
  kl_log "the API answers /healthz through https://$VIP:$API_PORT (served by $next)"
}

apply
