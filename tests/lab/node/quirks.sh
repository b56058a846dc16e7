#!/bin/bash
# Applies a scenario's per-node quirks at lab start (see tests/lab/scenarios/*.yaml).
set -euo pipefail
# shellcheck source=/dev/null
source /usr/local/lib/kubelab-lab/node/common.sh
if [[ ${LAB_SWAP:-} == true ]]; then
  # Ubuntu's installer default: a swap file in fstab, active at boot.
  echo '/swap.img	none	swap	sw	0	0' >> /etc/fstab
  printf '%-40s%s\t\t%s\t\t%s\t\t%s\n' /swap.img file 2097148 0 -2 >> /run/kubelab-lab/swaps
fi
if [[ ${LAB_FAMILY:-} == rhel ]]; then
  mode=${LAB_SELINUX:-enforcing}
  echo "${mode^}" > "$LAB_STATE/selinux"
  sed -i "s/^SELINUX=.*/SELINUX=$mode/" /etc/selinux/config
fi
for rule in ${LAB_FIREWALL:-}; do
  port=${rule%/*}; proto=tcp; [[ $rule == */* ]] && proto=${rule#*/}
  iptables -A INPUT -p "$proto" --dport "$port" -j DROP
done
if [[ ${LAB_FAMILY:-} == rhel ]]; then
  # firewalld is enabled and running on a fresh Rocky install (public zone: ssh, cockpit, dhcpv6-client).
  touch "$LAB_SD/firewalld.service.enabled" "$LAB_RUN/firewalld.service.active"
  /usr/local/bin/firewall-cmd --lab-sync
fi
# Another container runtime's CRI socket beside containerd's (scenario multiple-cri): a real unix
# socket file, which is all kubeadm's detection stats (isExistingSocket). cri-dockerd's is
# /var/run/cri-dockerd.sock, CRI-O's /var/run/crio/crio.sock (kubeadm constants_unix.go).
for runtime in ${LAB_CRI_SOCKETS:-}; do
  case $runtime in
    cri-dockerd) sock=/run/cri-dockerd.sock ;;
    crio) sock=/run/crio/crio.sock ;;
    *) continue ;;
  esac
  mkdir -p "$(dirname "$sock")"
  "$LAB_NODE_BIN" -e 'require("net").createServer().listen(process.argv[1], () => process.exit(0))' "$sock"
done
# Scenario airgap (`offline: true`): the lab mirror host (the subnet's .250, mirror.sh) refuses
# this node — TCP answered with a reset (connect: connection refused), anything else with
# icmp-port-unreachable — while the desktop on the bridge still reaches it.
if [[ ${LAB_OFFLINE:-} == true && -n ${LAB_SUBNET:-} ]]; then
  mirror_ip=${LAB_SUBNET%.*/*}.250
  iptables -A OUTPUT -d "$mirror_ip" -p tcp -j REJECT --reject-with tcp-reset
  iptables -A OUTPUT -d "$mirror_ip" -j REJECT
fi
if [[ -n ${LAB_SLOW_MS:-} ]]; then echo "$LAB_SLOW_MS" > "$LAB_STATE/slow_ms"; fi
if [[ ${LAB_LEFTOVERS:-} == true ]]; then
  # An earlier, half-removed attempt: manifests, etcd data, CNI config and a cni0 with another subnet.
  mkdir -p /etc/kubernetes/manifests /var/lib/etcd/member /etc/cni/net.d /var/lib/cni/networks/cbr0 /root/.kube
  echo 'apiVersion: v1' > /etc/kubernetes/manifests/kube-apiserver.yaml
  echo 'apiVersion: v1' > /etc/kubernetes/manifests/etcd.yaml
  touch /var/lib/etcd/member/snap
  echo '{"name":"cbr0","cniVersion":"0.3.1","plugins":[{"type":"flannel"}]}' > /etc/cni/net.d/10-flannel.conflist
  printf 'apiVersion: v1\nclusters:\n- cluster:\n    server: https://10.0.2.15:6443\n  name: kubernetes\n' > /root/.kube/config
  ip link add cni0 type bridge && ip addr add 10.244.0.1/24 dev cni0 && ip link set cni0 up
fi
if [[ -n ${LAB_PREINSTALL:-} ]]; then
  if [[ ${LAB_FAMILY:-} == rhel ]]; then
    # shellcheck disable=SC2086
    dnf install -y $LAB_PREINSTALL >/dev/null 2>&1 || true
  else
    apt-get update >/dev/null 2>&1 || true
    # shellcheck disable=SC2086
    apt-get install -y $LAB_PREINSTALL >/dev/null 2>&1 || true
  fi
fi
