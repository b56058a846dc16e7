#!/bin/bash
# Network matrix, target side: which sources' UDP datagrams arrived (written by listen.sh's
# listeners). Environment: KL_DIR (from listen.sh), KL_UDP (ports). Output: `udp <port> <from>`.
set -euo pipefail
dir=${KL_DIR:-}
[[ $dir =~ ^/tmp/kubelab-pf\.[A-Za-z0-9]+$ && -d $dir ]] || { echo "no such dir" >&2; exit 2; }
for p in ${KL_UDP:-}; do
  [[ $p =~ ^[0-9]+$ && -f $dir/udp-$p ]] || continue
  awk -v p="$p" '$1 == "KL" && $2 ~ /^[a-z0-9-]+$/ && !seen[$2]++ {print "udp", p, $2}' "$dir/udp-$p"
done
