#!/bin/bash
# ha-vip-holder (the failover test, issue 19): read-only. This machine's IPv4 addresses, the
# `@@addr` reading of the live HA view (main/cluster/scripts/ha-probe.sh): keepalived and kube-vip
# both add the VIP to the interface as an address of its own, so the holder lists
# `inet <vip>/<prefix>` (kube-vip: https://kube-vip.io/docs/about/architecture/, ARP mode).
# kubelab parses it with common/plan/ha/failover.ts holdsVip.
# Env: VIP (printed for the log).
set -euo pipefail
export LC_ALL=C
echo "[kubelab] addresses on $(hostname) (looking for the VIP ${VIP:-?}):"
ip -4 -o addr show
