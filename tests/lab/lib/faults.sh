#!/bin/bash
# Fault injection for a running lab:
#   lab.sh fault <node> link-down|link-up|kill-sshd|start-sshd|swap-hostkey|new-product-uuid|slow <ms>|fast|etcd-down|etcd-up|certs-expired|lb-backend-port <port>
set -euo pipefail
STATE=$1
shift
if [[ ${1:-} == apply-scenario ]]; then exit 0; fi
node=${1:?node}
fault=${2:?fault}
nd=$STATE/nodes/$node
[[ -d $nd ]] || { echo "lab: no node $node" >&2; exit 1; }
idx=$(node "$(dirname "$0")/scenario.mjs" get "$STATE/scenario.json" "$node" index)
holder=$(cat "$nd/holder.pid")
in_node() { nsenter -t "$holder" -m -u -n -- "$@"; }
case $fault in
  link-down) ip link set "${LAB_NS_PREFIX:-klab-}h$idx" down ;;
  link-up) ip link set "${LAB_NS_PREFIX:-klab-}h$idx" up ;;
  kill-sshd)
    pid=$(cat "$nd/sshd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done ;;
  start-sshd)
    if kill -0 "$(cat "$nd/sshd.pid" 2>/dev/null || echo 0)" 2>/dev/null; then echo "lab: sshd already running on $node"; exit 0; fi
    in_node rm -f /run/sshd.pid
    bash "$(dirname "$0")/../lab.sh" __start_sshd "$node" ;;
  swap-hostkey)
    # The node's identity changes (reinstalled machine, or a man in the middle): new host keys.
    u=$nd/upper/etc/ssh
    in_node rm -f /etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key.pub /etc/ssh/ssh_host_ecdsa_key /etc/ssh/ssh_host_ecdsa_key.pub
    in_node ssh-keygen -q -t ed25519 -N '' -C "root@$node" -f /etc/ssh/ssh_host_ed25519_key
    in_node ssh-keygen -q -t ecdsa -b 256 -N '' -C "root@$node" -f /etc/ssh/ssh_host_ecdsa_key
    ssh-keygen -lf "$u/ssh_host_ed25519_key.pub" > "$nd/fingerprint"
    kill "$(cat "$nd/sshd.pid")" 2>/dev/null || true
    sleep 0.2
    in_node rm -f /run/sshd.pid
    bash "$(dirname "$0")/../lab.sh" __start_sshd "$node"
    # The lab's known_hosts follows the node (lab.sh known-hosts); a copy taken before is now stale.
    bash "$(dirname "$0")/../lab.sh" __known_hosts ;;
  new-product-uuid)
    # What the duplicate-product-uuid check asks of the admin, done in the "hypervisor": the VM
    # gets a new UUID (a real one is changed while the VM is off; here the node's DMI file is
    # rewritten in place). kubelab itself has no such fix: it cannot be done from inside a guest.
    uuid=$(tr '[:lower:]' '[:upper:]' < /proc/sys/kernel/random/uuid)
    in_node sh -c "echo $uuid > /sys/class/dmi/id/product_uuid" ;;
  slow)
    ms=${3:?ms}
    in_node sh -c "mkdir -p /var/lib/lab-node && echo $ms > /var/lib/lab-node/slow_ms" ;;
  fast) in_node rm -f /var/lib/lab-node/slow_ms ;;
  etcd-down)
    # The control plane's etcd member stops and stays stopped (the kubelet does not restart it
    # while /run/lab-systemd/etcd.down exists), as an etcd that crashed or lost its disk would.
    # shellcheck disable=SC2016 # expanded by the node's sh
    in_node sh -c 'touch /run/lab-systemd/etcd.down; p=$(cat /run/lab-systemd/etcd.pid 2>/dev/null) && kill "$p" 2>/dev/null; for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; true' ;;
  etcd-up) in_node rm -f /run/lab-systemd/etcd.down ;;
  lb-backend-port)
    # The external load balancer machine (`role: lb`, scenario ha-external) re-pointed: its real
    # haproxy now forwards to this port of the control planes (6443 is right; anything else is
    # the misconfigured appliance kubelab's external-load-balancer check must name).
    port=${3:?port}
    in_node env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      bash /usr/local/lib/kubelab-lab/node/external-lb.sh "$port" ;;
  certs-expired)
    # The API server's certificate set as a year without renewal leaves it: its serving, kubelet
    # client and front-proxy client certificates re-signed by their CAs with a validity that
    # ended 30 days ago (age-cert.sh), and the API server restarted, as a machine switched on
    # again loads them. Its clients then fail the way real ones do ("x509: certificate has
    # expired or is not yet valid", tests/lab/node/kubectl.mjs). etcd's certificates and the
    # kubeconfigs' embedded ones are left valid.
    age=$(cat "$(dirname "$0")/age-cert.sh")
    pki=/etc/kubernetes/pki
    for pair in apiserver:ca apiserver-kubelet-client:ca front-proxy-client:front-proxy-ca; do
      c=${pair%%:*} ca=${pair#*:}
      in_node bash -c "$age" age-cert "$pki/$c.crt" "$pki/$c.key" "$pki/$ca.crt" "$pki/$ca.key"
    done
    # The kubelet starts the API server again once its process is gone; it is back when it
    # writes apiserver.ready (tests/lab/node/apiserver.mjs).
    # shellcheck disable=SC2016 # expanded by the node's sh
    in_node sh -c 'r=/run/lab-systemd; p=$(cat $r/kube-apiserver.pid) && rm -f $r/apiserver.ready && kill "$p" &&
      for _ in $(seq 1 300); do [ -e $r/apiserver.ready ] && exit 0; sleep 0.1; done; echo "lab: the API server did not come back" >&2; exit 1' ;;
  *) echo "lab: unknown fault $fault (link-down|link-up|kill-sshd|start-sshd|swap-hostkey|new-product-uuid|slow <ms>|fast|etcd-down|etcd-up|certs-expired)" >&2; exit 1 ;;
esac
echo "lab: $fault on $node"
