#!/bin/bash
# An external load balancer machine of the practice lab (issue 19, scenario ha-external): a node
# with `role: lb` that is not part of the cluster and runs Debian's REAL haproxy (the host's
# /usr/sbin/haproxy, started by the lab systemctl), forwarding TCP on LAB_LB_PORT to port
# <backend-port> of every node named in the scenario's `backends` — the "existing load balancer"
# a user brings (plan loadBalancer.kind `external`). A TCP pass-through (TLS ends at the API
# servers) with TCP health checks and redispatch, as a typical appliance: a control plane whose
# API server is not up yet (master2 before its join) is skipped. With a wrong backend port every
# server is down: haproxy accepts the client's connection, then closes it.
# Usage (inside the node): external-lb.sh <backend-port>   (lab.sh up: 6443; fault lb-backend-port)
set -euo pipefail
backend_port=${1:?backend port}
# shellcheck source=/dev/null
source /usr/local/lib/kubelab-lab/node.env

# The package as the lab's apt installs it (its version file + the binary on PATH), once.
if [[ ! -s /var/lib/lab-pkgs/haproxy ]]; then
  mkdir -p /var/log/lab-journal
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y haproxy; } >/var/log/lab-journal/external-lb-apt.log 2>&1 ||
    { cat /var/log/lab-journal/external-lb-apt.log >&2; exit 1; }
fi

servers=()
for name in ${LAB_BACKENDS:?the lb node names no backends}; do
  ip=
  for peer in $LAB_PEERS; do [[ ${peer%%=*} == "$name" ]] && ip=${peer#*=}; done
  [[ -n $ip ]] || { echo "external-lb: no node $name in the scenario" >&2; exit 1; }
  servers+=("    server $name $ip:$backend_port check inter 2s fall 2 rise 1")
done

mkdir -p /etc/haproxy
{
  echo '# /etc/haproxy/haproxy.cfg of the lab'"'"'s external load balancer (tests/lab/node/external-lb.sh)'
  echo 'global'
  echo '    daemon'
  echo ''
  echo 'defaults'
  echo '    mode tcp'
  echo '    option redispatch'
  echo '    retries 3'
  echo '    timeout connect 3s'
  echo '    timeout client 30s'
  echo '    timeout server 30s'
  echo ''
  echo 'frontend kubernetes-api'
  echo "    bind *:${LAB_LB_PORT:-6443}"
  echo '    default_backend control-planes'
  echo ''
  echo 'backend control-planes'
  echo '    balance roundrobin'
  printf '%s\n' "${servers[@]}"
} >/etc/haproxy/haproxy.cfg
systemctl enable haproxy >/dev/null 2>&1 || true
systemctl restart haproxy
