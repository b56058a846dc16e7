#!/bin/bash
# Applies a fix preview on this node: exactly the previewed command lines, in order, as root.
# Environment: KL_COMMANDS (the lines, newline-separated). Every line runs even if an earlier one
# failed (a reset must still remove files when kubeadm is missing); each reports its exit code,
# and the check that offered the fix runs again afterwards to decide whether it worked.
# Output per line: `@@KL:cmd<i>` then its output, then `@@KL:exit<i>` and the exit code.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin"
i=0
while IFS= read -r line; do
  [[ -n $line ]] || continue
  i=$((i + 1))
  printf '\n@@KL:cmd%d\n' "$i"
  rc=0
  timeout 300 bash -c "$line" </dev/null 2>&1 || rc=$?
  printf '\n@@KL:exit%d\n%d\n' "$i" "$rc"
done <<<"${KL_COMMANDS:-}"
printf '\n@@KL:end\n'
