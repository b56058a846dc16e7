#!/bin/bash
# reset-removed-node (remove-node, on the machine itself): kubeadm reset -f, then what kubeadm
# prints that it does not clean: CNI configuration and interfaces, iptables rules and IPVS
# tables, kubeconfig files (lib.sh kl_reset_apply, as reset-node does).
# Env: CRI_SOCKET, ADMIN_USER.
set -euo pipefail

check() { kl_reset_check; }
apply() { kl_reset_apply; }

kl_main
