#!/bin/bash
# kubelab-env.sh SCRIPT: runs one of kubelab's step scripts with the environment kubelab renders
# for it, read from stdin as "NAME BASE64" lines (the exported playbook writes them). Values never
# appear on a command line (any local user reads those in `ps`) nor in Ansible's module arguments
# log, and base64 carries multi-line values (the kubeadm configuration) byte for byte.
set -euo pipefail
script=${1:?usage: kubelab-env.sh SCRIPT}
while read -r name value; do
  [[ -n $name ]] || continue
  [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "kubelab-env: bad variable name: $name" >&2; exit 2; }
  # The trailing x keeps a value's final newlines, which $(...) would strip.
  decoded=$(printf '%s' "$value" | base64 -d && printf x) || { echo "kubelab-env: $name is not base64" >&2; exit 2; }
  export "$name=${decoded%x}"
done
exec bash "$script"
