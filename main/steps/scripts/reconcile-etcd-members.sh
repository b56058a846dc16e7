#!/bin/bash
# reconcile-etcd-members (add-node of a control plane, stacked etcd, on the first control plane,
# before the join): etcd's members are compared with the plan's control planes. A member that does
# not answer and sits on a joining machine's address (that machine was reset or reinstalled without
# `etcdctl member remove`) or on no control plane of the plan (a lost machine) is stale: the join
# would fail on it (kubeadm adds a member with the same peer URL, or a fresh data dir meets a member
# etcd still knows), and it counts against quorum. Stale members are shown; they are removed only
# when the user confirmed (REMOVE_STALE=1). A member that answers is never stale, so this never
# removes a healthy member, let alone the last ones holding quorum; and nothing is removed while
# etcd has no quorum (a removal is a committed proposal; it would hang and fail).
# etcd's runtime reconfiguration guide: https://etcd.io/docs/v3.4/op-guide/runtime-configuration/
# ("Remove a member": `etcdctl member list`, then `etcdctl member remove <hex id>`).
# `member list` is read in its simple form "<hex id>, <started|unstarted>, <name>, <peer urls>,
# <client urls>, <is learner>" (an unstarted member has no name and no client URL); its JSON form
# (`-w json`) prints IDs as decimal uint64, beyond bash's arithmetic (both published as printed by
# Debian's etcdctl 3.4.23 in tests/fixtures/real/etcd/member-list-unstarted-3.4.23.*).
# `endpoint health --cluster` prints "<client url> is healthy: …" or "… is unhealthy: …" per member
# with a client URL, on stderr, and exits 1 when one is unhealthy (etcd v3.4
# etcdctl/ctlv3/command/ep_command.go; Debian's 3.4.23 as printed, in the fixtures below).
# Env: JOINING_IPS, CONTROL_PLANE_IPS (space separated), REMOVE_STALE (1: confirmed by the user).
set -euo pipefail

# The address in a URL: https://10.0.0.1:2380 → 10.0.0.1, https://[fd00::1]:2380 → fd00::1.
url_host() { sed -E 's#^[a-z]+://##; s#:[0-9]+$##; s#^\[##; s#\]$##' <<<"$1"; }

has_word() {
  local w
  for w in $2; do [[ $w == "$1" ]] && return 0; done
  return 1
}

MEMBERS=''
HEALTH=''
read_etcd() {
  MEMBERS=$(kl_etcdctl_tls member list) || kl_die "cannot list the etcd members on this control plane (etcdctl member list failed)"
  # etcdctl 3.4 prints every health line, healthy or not, on stderr (printer_simple.go).
  HEALTH=$(kl_etcdctl_tls endpoint health --cluster 2>&1 || true)
}

# True when one of the member's client URLs answered "is healthy".
answers() {
  local url
  for url in ${1//,/ }; do
    grep -qF "$url is healthy: " <<<"$HEALTH" && return 0
  done
  return 1
}

# Stale members, one "<hex id>|<name or (never started)>|<peer url>" line each.
stale_members() {
  local id status name peers clients _learner peer host
  while IFS='|' read -r id status name peers clients _learner; do
    [[ -n $id ]] || continue
    peer=${peers%%,*}
    host=$(url_host "$peer")
    answers "$clients" && continue
    if has_word "$host" "${JOINING_IPS:-}" || ! has_word "$host" "${CONTROL_PLANE_IPS:-}"; then
      [[ $status == unstarted || -z $name ]] && name='(never started)'
      echo "$id|$name|$peer"
    fi
  done <<<"${MEMBERS//, /|}"
}

describe() {
  local id name peer
  while IFS='|' read -r id name peer; do
    echo "etcd member $id $name at $peer does not answer"
  done <<<"$1"
}

check() {
  local stale
  kl_have etcdctl || kl_die "etcdctl: command not found (install the etcd client: Debian/Ubuntu etcd-client)"
  read_etcd
  stale=$(stale_members)
  [[ -z $stale ]] || { kl_need "$(describe "$stale" | paste -sd ';')"; return 1; }
}

apply() {
  local stale total healthy id name peer
  read_etcd
  stale=$(stale_members)
  [[ -n $stale ]] || return 0
  describe "$stale" | while IFS= read -r line; do kl_log "$line: its machine was reset or lost"; done
  if [[ ${REMOVE_STALE:-0} != 1 ]]; then
    kl_die "etcd still lists $(grep -c . <<<"$stale") member(s) of machines that were reset or lost ($(describe "$stale" | paste -sd ';' | sed 's/;/; /g')). A control plane cannot join while they remain. Remove them with confirmation: kubelab add-node <node> --remove-stale-etcd-members, or tick \"Remove stale etcd members\" in Add machines"
  fi
  total=$(grep -c . <<<"$MEMBERS" || true)
  healthy=$(grep -c ' is healthy: ' <<<"$HEALTH" || true)
  if ((healthy < total / 2 + 1)); then
    kl_die "etcd has lost quorum: $healthy of its $total members answer, fewer than a majority, so no member can be removed. Bring the other control planes back first, or restore etcd from a snapshot"
  fi
  while IFS='|' read -r id name peer; do
    kl_log "removing stale etcd member $id $name ($peer)"
    kl_etcdctl_tls member remove "$id"
  done <<<"$stale"
}

kl_main
