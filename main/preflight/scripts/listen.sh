#!/bin/bash
# Network matrix, target side: starts temporary listeners for the ports other nodes must reach.
# Environment (data only):
#   KL_TCP    space-separated TCP ports     KL_UDP   space-separated UDP ports
#   KL_TOOLS  tools to try, in order (default "socat python3 nc")
#   KL_TTL    seconds a listener lives at most, so none outlives a lost kubelab (default 120)
# Output: `dir <path>`, `tool <name>`, then per port `listen <proto> <port> <pid>`,
# `busy <proto> <port>` (something already listens: the matrix tests that instead) or
# `skip <proto> <port> <why>`. Each listener is its own process group (setsid), recorded in
# <dir>/pids with its start time so stop.sh kills exactly it even if the pid were reused.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin"
ttl=${KL_TTL:-120}
[[ $ttl =~ ^[0-9]+$ ]] || ttl=120
dir=$(mktemp -d /tmp/kubelab-pf.XXXXXXXX)
echo "dir $dir"
tool=''
for t in ${KL_TOOLS:-socat python3 nc}; do
  if command -v "$t" >/dev/null 2>&1; then tool=$t; break; fi
done
echo "tool ${tool:-none}"
nc_flavor=''
if [[ $tool == nc ]]; then
  if nc -h 2>&1 | grep -q OpenBSD; then nc_flavor=openbsd; else nc_flavor=traditional; fi
fi

listening() { # proto port
  local flag=-Htln
  [[ $1 == udp ]] && flag=-Huln
  command -v ss >/dev/null 2>&1 && [[ -n $(ss "$flag" "sport = :$2" 2>/dev/null) ]]
}

PY_TCP='import socket,sys
s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(("0.0.0.0",int(sys.argv[1])));s.listen(16)
while True:
  c,_=s.accept();c.sendall(b"KLOK\n");c.close()'
PY_UDP='import socket,sys
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(("0.0.0.0",int(sys.argv[1])))
f=open(sys.argv[2],"ab",0)
while True:
  d,_=s.recvfrom(512);f.write(d[:200].split(b"\n")[0]+b"\n")'

start() { # proto port
  local proto=$1 port=$2 pid
  case $tool:$proto in
    socat:tcp) setsid timeout "$ttl" socat "TCP-LISTEN:$port,reuseaddr,fork" SYSTEM:'echo KLOK' </dev/null >/dev/null 2>&1 & ;;
    socat:udp) setsid timeout "$ttl" socat -u "UDP-RECV:$port" "OPEN:$dir/udp-$port,creat,append" </dev/null >/dev/null 2>&1 & ;;
    python3:tcp) setsid timeout "$ttl" python3 -c "$PY_TCP" "$port" </dev/null >/dev/null 2>&1 & ;;
    python3:udp) setsid timeout "$ttl" python3 -c "$PY_UDP" "$port" "$dir/udp-$port" </dev/null >/dev/null 2>&1 & ;;
    nc:tcp)
      # shellcheck disable=SC2016 # $0 is expanded by the inner bash
      if [[ $nc_flavor == openbsd ]]; then
        setsid timeout "$ttl" bash -c 'while echo KLOK | nc -l "$0"; do :; done' "$port" </dev/null >/dev/null 2>&1 &
      else
        # shellcheck disable=SC2016
        setsid timeout "$ttl" bash -c 'while echo KLOK | nc -l -p "$0"; do :; done' "$port" </dev/null >/dev/null 2>&1 &
      fi ;;
    *) echo "skip $proto $port no $proto listener tool (${tool:-none} found; socat or python3 needed)"; return ;;
  esac
  pid=$!
  echo "$pid $(awk '{print $22}' "/proc/$pid/stat" 2>/dev/null)" >> "$dir/pids"
  echo "listen $proto $port $pid"
}

for p in ${KL_TCP:-}; do
  [[ $p =~ ^[0-9]+$ ]] || continue
  if listening tcp "$p"; then echo "busy tcp $p"; else start tcp "$p"; fi
done
for p in ${KL_UDP:-}; do
  [[ $p =~ ^[0-9]+$ ]] || continue
  if listening udp "$p"; then echo "busy udp $p"; else start udp "$p"; fi
done
# Give the listeners a moment to bind before the sources connect (up to 2 s).
if command -v ss >/dev/null 2>&1 && [[ -s $dir/pids ]]; then
  for _ in $(seq 20); do
    missing=0
    for p in ${KL_TCP:-}; do [[ -n $(ss -Htln "sport = :$p" 2>/dev/null) ]] || missing=1; done
    for p in ${KL_UDP:-}; do [[ -n $(ss -Huln "sport = :$p" 2>/dev/null) ]] || missing=1; done
    [[ $missing == 0 ]] && break
    sleep 0.1
  done
else
  sleep 0.5
fi
