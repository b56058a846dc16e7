#!/bin/bash
# upgrade-preflight (the first control plane, read-only): the cluster's nodes and kube-system pods
# as JSON, separated by a line `---kubelab---`; main/steps/upgrade-preflight.ts judges them
# (common/upgrade/hopSafety.ts) before anything of the hop changes.
# Env: none (kubectl reads /etc/kubernetes/admin.conf).
set -euo pipefail

kl_kctl get nodes -o json
echo '---kubelab---'
kl_kctl get pods -n kube-system -o json
