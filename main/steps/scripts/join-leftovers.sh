#!/bin/bash
# join-leftovers (add-node, on every joining machine, before its join): the files kubeadm join's
# own preflight refuses, named by kubelab first with kubeadm's check names. kubeadm
# (cmd/kubeadm/app/preflight/checks.go RunJoinNodeChecks, kubernetes v1.30) checks
#   DirAvailable--etc-kubernetes-manifests          "/etc/kubernetes/manifests is not empty"
#   FileAvailable--etc-kubernetes-kubelet.conf       "/etc/kubernetes/kubelet.conf already exists"
#   FileAvailable--etc-kubernetes-bootstrap-kubelet.conf
#   FileAvailable--etc-kubernetes-pki-ca.crt         (worker joins only: cfg.ControlPlane == nil)
# and fails "[ERROR <name>]: <path> already exists" after it has already started. A machine that
# ran another cluster (or was never reset) holds them; resetting it destroys that cluster's state
# on it, so kubelab names them and asks for the machine's reset instead of resetting on its own.
# A node that already joined THIS cluster (its kubelet.conf is accepted by the API server) is done.
# kubelet.conf alone with an API server that answers NotFound/x509 is a join of this cluster that
# did not finish: join-node and join-control-plane reset that one themselves, so it is left to them.
# Env: CONTROL_PLANE (1: joins as a control plane, the CA file is its own to download).
set -euo pipefail

KUBELET_CONF=/etc/kubernetes/kubelet.conf

# "<kubeadm check name> <path>" for each leftover kubeadm join would refuse.
leftovers() {
  if [[ -d /etc/kubernetes/manifests && -n $(ls -A /etc/kubernetes/manifests 2>/dev/null) ]]; then
    echo "DirAvailable--etc-kubernetes-manifests /etc/kubernetes/manifests is not empty: $(find /etc/kubernetes/manifests -mindepth 1 -maxdepth 1 -printf '%f ' | sed 's/ $//')"
  fi
  [[ -e /etc/kubernetes/bootstrap-kubelet.conf ]] &&
    echo "FileAvailable--etc-kubernetes-bootstrap-kubelet.conf /etc/kubernetes/bootstrap-kubelet.conf already exists"
  if [[ ${CONTROL_PLANE:-0} != 1 && -e /etc/kubernetes/pki/ca.crt ]]; then
    echo "FileAvailable--etc-kubernetes-pki-ca.crt /etc/kubernetes/pki/ca.crt already exists"
  fi
  return 0
}

check() {
  local found
  # Joined already, or a join of this cluster that join-node/join-control-plane finish themselves.
  [[ -f $KUBELET_CONF ]] && return 0
  found=$(leftovers)
  [[ -z $found ]] || { kl_need "leftovers of an earlier cluster"; return 1; }
}

apply() {
  local found name what named=''
  found=$(leftovers)
  [[ -z $found ]] && return 0
  while read -r name what; do named+="${named:+; }[ERROR $name]: $what"; done <<<"$found"
  kl_die "this machine holds files of an earlier Kubernetes install that kubeadm join's preflight refuses: $named. Reset the machine first (kubelab's reset of this node, or kubeadm reset -f on it; this deletes that install's certificates and manifests), then add it again"
}

kl_main
