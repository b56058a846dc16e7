#!/bin/bash
# Network matrix, target side: stops exactly the listeners listen.sh started (by pid, checked
# against the start time it recorded), verifies they are gone, removes its directory.
# Environment: KL_DIR (from listen.sh). Output: `gone <pid>` or `left <pid>` per listener.
set -euo pipefail
dir=${KL_DIR:-}
[[ $dir =~ ^/tmp/kubelab-pf\.[A-Za-z0-9]+$ && -d $dir ]] || { echo "no such dir" >&2; exit 2; }
ours() { # pid starttime: the same process listen.sh started (not a reused pid)
  [[ -r /proc/$1/stat && $(awk '{print $22}' "/proc/$1/stat" 2>/dev/null) == "$2" ]]
}
group_alive() { # any process left in the listener's process group
  ps -eo pgid= 2>/dev/null | awk -v g="$1" '$1 == g {found=1} END {exit !found}'
}
pids=()
while read -r pid start; do
  [[ $pid =~ ^[0-9]+$ ]] || continue
  pids+=("$pid")
  if ours "$pid" "$start"; then kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; fi
done < "$dir/pids" 2>/dev/null || true
for _ in $(seq 20); do
  left=0
  for pid in "${pids[@]}"; do group_alive "$pid" && left=1; done
  [[ $left == 0 ]] && break
  sleep 0.1
done
for pid in "${pids[@]}"; do
  if group_alive "$pid"; then kill -KILL -- "-$pid" 2>/dev/null || true; sleep 0.1; fi
  if group_alive "$pid"; then echo "left $pid"; else echo "gone $pid"; fi
done
rm -rf "$dir"
