#!/usr/bin/env bash
# Certificate expiry on one node, read-only (kubelab certs / certs.list). Data only through env:
#   KL_KUBEADM=1  this node is a control plane: print kubeadm's check-expiration table too
#   KL_ALPHA=1    kubeadm before 1.20 has it under `kubeadm alpha certs` (kubernetes/kubernetes#94938)
# The kubelet's files are those of kubernetes.io "Certificate Management with kubeadm": its client
# certificate /var/lib/kubelet/pki/kubelet-client-current.pem (rotated by the kubelet) and its
# serving certificate, kubelet-server-current.pem when serverTLSBootstrap rotates it, else the
# self-signed kubelet.crt.
set -u
echo "@@KL:begin"
pki=/var/lib/kubelet/pki
serving=$pki/kubelet-server-current.pem
[ -e "$serving" ] || serving=$pki/kubelet.crt
for pair in "kubelet-client $pki/kubelet-client-current.pem" "kubelet-serving $serving"; do
  kind=${pair%% *}
  file=${pair#* }
  if [ -r "$file" ]; then
    end=$(openssl x509 -noout -enddate -in "$file" 2>/dev/null) || end=unreadable
  else
    end=missing
  fi
  echo "@@KL:cert $kind $file $end"
done
if [ "${KL_KUBEADM:-0}" = 1 ]; then
  echo "@@KL:kubeadm"
  if [ "${KL_ALPHA:-0}" = 1 ]; then
    kubeadm alpha certs check-expiration 2>&1
  else
    kubeadm certs check-expiration 2>&1
  fi
  echo "@@KL:kubeadm-exit $?"
fi
echo "@@KL:end"
