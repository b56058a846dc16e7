#!/bin/bash
# pull-images: pulls the images this node needs before kubeadm runs (the control plane: every
# image kubeadm lists; a worker: kube-proxy and pause), one by one through the runtime's CLI,
# skipping those already present. The list is the node's own kubeadm's
# (`kubeadm config images list --config <the plan's kubeadm config>`, what `kubeadm init` will
# pull); kubelab's catalog list is only the fallback when kubeadm cannot answer, and a difference
# between the two is logged, not hidden.
# Env: IMAGES (the catalog's list for this node, newline separated), KUBEADM_CONFIG (the kubeadm
#      configuration kubeadm-init uses), WORKER (1 on a node that only runs kube-proxy and pause),
#      RUNTIME (docker|containerd).
set -euo pipefail

present() {
  if [[ $RUNTIME == docker ]]; then
    docker images 2>/dev/null | awk 'NR > 1 {print $1 ":" $2}'
  else
    crictl images 2>/dev/null | awk 'NR > 1 {print $1 ":" $2}'
  fi
}

# What the installed kubeadm lists for the plan, or nothing when it cannot say.
kubeadm_list() {
  local cfg out
  kl_have kubeadm || return 0
  cfg=$(mktemp)
  printf '%s\n' "$KUBEADM_CONFIG" >"$cfg"
  out=$(kubeadm config images list --config "$cfg" 2>/dev/null || true)
  rm -f "$cfg"
  out=$(grep -E '^[^[:space:]]+:[^[:space:]]+$' <<<"$out" || true)
  if [[ $WORKER == 1 ]]; then out=$(grep -E '/(kube-proxy|pause):' <<<"$out" || true); fi
  printf '%s' "$out"
}

wanted() {
  local node
  node=$(kubeadm_list)
  if [[ -n $node ]]; then echo "$node"; else echo "$IMAGES"; fi
}

missing() {
  local have img
  have=$(present)
  while IFS= read -r img; do
    [[ -z $img ]] && continue
    grep -qxF "$img" <<<"$have" || echo "$img"
  done < <(wanted)
}

check() {
  local m
  m=$(missing)
  [[ -z $m ]] || { kl_need "images to pull: $(echo "$m" | tr '\n' ' ')"; return 1; }
}

apply() {
  local img node
  node=$(kubeadm_list)
  if [[ -z $node && -z $IMAGES ]]; then
    # A version newer than kubelab's catalog has no catalog list (common/catalog/images.ts).
    kl_log "kubeadm could not list the images and kubelab's catalog has none for this version; kubeadm pulls them itself"
  elif [[ -z $node ]]; then
    kl_log "kubeadm could not list the images; pulling kubelab's catalog list"
  elif [[ $(sort <<<"$node") != $(sort <<<"$IMAGES") ]]; then
    kl_log "kubeadm on this node lists other images than kubelab's catalog; pulling kubeadm's:"
    diff <(sort <<<"$IMAGES") <(sort <<<"$node") | sed -n 's/^< /[kubelab]   catalog only: /p; s/^> /[kubelab]   kubeadm only: /p' || true
  fi
  while IFS= read -r img; do
    [[ -z $img ]] && continue
    kl_log "pulling $img"
    if [[ $RUNTIME == docker ]]; then docker pull "$img"; else crictl pull "$img"; fi
  done < <(missing)
}

kl_main
