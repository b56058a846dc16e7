#!/usr/bin/env bash
# Bootstrap tokens through kubeadm on a control plane (tokens.* / kubelab token). Data only
# through env: KL_ACTION (list|create|delete|join), KL_TTL, KL_DESCRIPTION, KL_ID. No token ever
# reaches a command line: create lets kubeadm generate it, delete and join take the id only.
set -u
case "${KL_ACTION:-}" in
list)
  kubeadm token list 2>&1
  echo "@@KL:exit $?"
  ;;
create)
  kubeadm token create --ttl "$KL_TTL" --description "$KL_DESCRIPTION" --print-join-command 2>&1
  echo "@@KL:exit $?"
  ;;
delete)
  kubeadm token delete "$KL_ID" 2>&1
  echo "@@KL:exit $?"
  ;;
join)
  # The join command for an existing token, as kubernetes.io "kubeadm join" builds it by hand:
  # the token from `kubeadm token list`, the API endpoint of admin.conf, and the CA public key's
  # SHA-256 (openssl x509 -pubkey | openssl rsa -pubin -outform der | openssl dgst -sha256 -hex).
  kubeadm token list 2>/dev/null | awk -v id="$KL_ID" 'index($1, id ".") == 1 { print "@@KL:token " $1 }'
  server=$(sed -n 's#^ *server: https://##p' /etc/kubernetes/admin.conf | head -n 1)
  hash=$(openssl x509 -pubkey -in /etc/kubernetes/pki/ca.crt | openssl rsa -pubin -outform der 2>/dev/null | openssl dgst -sha256 -hex | sed 's/^.* //')
  echo "@@KL:server $server"
  echo "@@KL:hash $hash"
  echo "@@KL:exit 0"
  ;;
*)
  echo "unknown action" >&2
  exit 2
  ;;
esac
