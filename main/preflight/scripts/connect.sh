#!/bin/bash
# Network matrix, source side: from this node to every other node's ports, all probes at once.
# Environment (data only):
#   KL_FROM     this node's id (the token sent in UDP datagrams)
#   KL_TARGETS  lines "<nodeId> <address> <tcp ports,comma> <udp ports,comma>"
# TCP uses bash's /dev/tcp (present wherever bash is), so no client tool is needed: a listener of
# ours answers KLOK. UDP datagrams "KL <from>" are sent three times; the target's listener
# records them (collect.sh). Path MTU: ping with DF set at the route's interface MTU.
# Output: `tcp <to> <port> ok|open|refused|timeout|error <detail>`, `udp <to> <port> sent`,
# `mtu <to> <interface mtu> <path mtu, 0 = unknown> <detail>`.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin"
from=${KL_FROM:-?}
out=$(mktemp -d /tmp/kubelab-pfc.XXXXXXXX)
trap 'rm -rf "$out"' EXIT

tcp_probe() { # to address port
  local r=0 err
  # shellcheck disable=SC2016 # $0/$1 are expanded by the inner bash
  err=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 7; IFS= read -r -t 2 l <&3; printf "%s" "${l:-}"' "$2" "$3" 2>&1 >"$out/tcp-$1-$3.line") || r=$?
  local line
  line=$(cat "$out/tcp-$1-$3.line" 2>/dev/null || true)
  if [[ $r == 0 && $line == KLOK* ]]; then echo "tcp $1 $3 ok"
  elif [[ $r == 0 ]]; then echo "tcp $1 $3 open connected (not our listener)"
  elif [[ $r == 124 ]]; then echo "tcp $1 $3 timeout no answer in 3 s (dropped)"
  elif [[ $err == *refused* ]]; then echo "tcp $1 $3 refused connection refused"
  else echo "tcp $1 $3 error $(printf '%s' "$err" | tr '\n' ' ' | cut -c1-200)"
  fi
}

mtu_probe() { # to address
  local dev mtu size lo hi mid
  dev=$(ip route get "$2" 2>/dev/null | sed -n 's/.* dev \([^ ]*\).*/\1/p' | head -n 1) || true
  mtu=$(cat "/sys/class/net/$dev/mtu" 2>/dev/null || echo 1500)
  if ! command -v ping >/dev/null 2>&1; then echo "mtu $1 $mtu 0 ping not found"; return; fi
  if ping -c 1 -W 1 -M 'do' -s $((mtu - 28)) "$2" >/dev/null 2>&1; then echo "mtu $1 $mtu $mtu"; return; fi
  if ! ping -c 1 -W 1 "$2" >/dev/null 2>&1; then echo "mtu $1 $mtu 0 no ping reply (ICMP blocked?)"; return; fi
  lo=576 hi=$mtu
  while ((hi - lo > 8)); do
    mid=$(((lo + hi) / 2))
    if ping -c 1 -W 1 -M 'do' -s $((mid - 28)) "$2" >/dev/null 2>&1; then lo=$mid; else hi=$mid; fi
  done
  size=$lo
  echo "mtu $1 $mtu $size full-size packets with DF set are dropped"
}

i=0
while read -r to addr tcp udp; do
  [[ -n ${to:-} && -n ${addr:-} ]] || continue
  [[ $to =~ ^[a-z0-9-]+$ && $addr =~ ^[0-9A-Fa-f.:]+$ ]] || { echo "skip $to bad target"; continue; }
  for p in ${tcp//,/ }; do
    [[ $p =~ ^[0-9]+$ ]] || continue
    i=$((i + 1)); tcp_probe "$to" "$addr" "$p" > "$out/r$i" &
  done
  for p in ${udp//,/ }; do
    [[ $p =~ ^[0-9]+$ ]] || continue
    for _ in 1 2 3; do printf 'KL %s\n' "$from" > "/dev/udp/$addr/$p" 2>/dev/null || true; done
    echo "udp $to $p sent"
  done
  i=$((i + 1)); mtu_probe "$to" "$addr" > "$out/r$i" &
done <<<"${KL_TARGETS:-}"
wait
cat "$out"/r* 2>/dev/null || true
