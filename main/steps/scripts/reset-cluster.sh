#!/bin/bash
# reset-cluster (day 2): on every node, kubeadm reset plus CNI directories, CNI interfaces and
# iptables cleanup, leaving the machine ready for a fresh install (packages stay installed).
# Env: CRI_SOCKET, ADMIN_USER.
set -euo pipefail

check() { kl_reset_check; }
apply() { kl_reset_apply; }

kl_main
