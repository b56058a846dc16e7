#!/bin/bash
# pull-images: pulls the images this node needs before kubeadm runs (the control plane: every
# image `kubeadm config images list` prints for the plan; a worker: kube-proxy and pause), one by
# one through the runtime's CLI, skipping those already present.
# Env: IMAGES (newline separated), RUNTIME (docker|containerd).
set -euo pipefail

present() {
  if [[ $RUNTIME == docker ]]; then
    docker images 2>/dev/null | awk 'NR > 1 {print $1 ":" $2}'
  else
    crictl images 2>/dev/null | awk 'NR > 1 {print $1 ":" $2}'
  fi
}

missing() {
  local have img
  have=$(present)
  while IFS= read -r img; do
    [[ -z $img ]] && continue
    grep -qxF "$img" <<<"$have" || echo "$img"
  done <<<"$IMAGES"
}

check() {
  local m
  m=$(missing)
  [[ -z $m ]] || { kl_need "images to pull: $(echo "$m" | tr '\n' ' ')"; return 1; }
}

apply() {
  local img
  while IFS= read -r img; do
    [[ -z $img ]] && continue
    kl_log "pulling $img"
    if [[ $RUNTIME == docker ]]; then docker pull "$img"; else crictl pull "$img"; fi
  done < <(missing)
}

kl_main
