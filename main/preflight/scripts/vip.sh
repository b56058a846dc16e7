#!/bin/bash
# VIP preflight (issue 19): does a machine on the network already answer the plan's virtual IP?
# Run as root on one control plane before the install (the VIP must be on its subnet).
# Environment (data only):
#   KL_VIP    the plan's loadBalancer.vip
#   KL_PORTS  TCP ports to try, space separated (the API server's bindPort, the endpoint's port)
# In use when: ping gets a reply; a TCP connect is accepted or refused (a RST comes from a host
# that owns the address; "No route to host" is the kernel's own ARP failing); or the kernel's ARP
# request while pinging/connecting got an answer: `ip neigh` then has a link-layer address for the
# VIP (a host that drops ICMP and TCP still answers ARP). The VIP's neighbour entry is flushed
# first so an old entry of an earlier holder cannot count.
# Output: `ping replied|silent|absent <detail>`, `tcp <port> open|refused|timeout|error <detail>`,
# `neigh <lladdr>|none <state>`, then `@@KL:end`.
set -uo pipefail
export LC_ALL=C PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin"
vip=${KL_VIP:?KL_VIP is required}

ip neigh flush to "$vip" >/dev/null 2>&1 || true

if ! command -v ping >/dev/null 2>&1; then
  echo "ping absent ping not found"
elif out=$(ping -n -c 2 -W 1 "$vip" 2>&1); then
  echo "ping replied $(grep -m 1 'bytes from' <<<"$out" | cut -c1-200)"
else
  echo "ping silent $(grep -m 1 'packet loss' <<<"$out" | cut -c1-200)"
fi

for port in ${KL_PORTS:-}; do
  r=0
  # shellcheck disable=SC2016 # $0/$1 are expanded by the inner bash
  err=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$vip" "$port" 2>&1) || r=$?
  if [[ $r == 0 ]]; then echo "tcp $port open connected"
  elif [[ $r == 124 ]]; then echo "tcp $port timeout no answer in 3 s"
  elif [[ $err == *refused* ]]; then echo "tcp $port refused connection refused"
  else echo "tcp $port error $(tr '\n' ' ' <<<"$err" | cut -c1-200)"
  fi
done

neigh=$(ip neigh show to "$vip" 2>/dev/null | head -n 1)
lladdr=$(sed -n 's/.* lladdr \([0-9a-fA-F:]*\).*/\1/p' <<<"$neigh")
state=$(awk '{print $NF}' <<<"$neigh")
echo "neigh ${lladdr:-none} ${state:-none}"
echo "@@KL:end"
