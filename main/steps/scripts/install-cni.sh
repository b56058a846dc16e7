#!/bin/bash
# install-cni: applies flannel or calico with the plan's pod CIDR written into the manifest
# (flannel's net-conf.json "Network", calico's CALICO_IPV4POOL_CIDR) and image references moved to
# the profile's registry mirrors. The manifest comes from kubelab (fetched on the admin's machine,
# gzip+base64 in CNI_MANIFEST_GZ_B64) or, when that is empty, from the node itself with curl.
# Env: CNI_PLUGIN (flannel|calico), POD_CIDR, CNI_MANIFEST_URL, CNI_MANIFEST_GZ_B64,
#      CNI_IMAGE_MAP ("from to" lines), CNI_NAMESPACE, CNI_DAEMONSET.
#      CNI_MANIFEST_FILE (an offline plan, issue 22): the manifest the pushed bundle left on the
#      node, used instead of either (nothing is fetched).
set -euo pipefail

MANIFEST=$KL_STATE_DIR/cni.yaml
export KUBECONFIG=/etc/kubernetes/admin.conf

check() {
  kubectl -n "$CNI_NAMESPACE" get daemonset "$CNI_DAEMONSET" >/dev/null 2>&1 ||
    { kl_need "daemonset $CNI_NAMESPACE/$CNI_DAEMONSET does not exist"; return 1; }
}

# The manifest with the pod CIDR and mirrored images (reads stdin, writes stdout).
patch_manifest() {
  awk '
    BEGIN {
      n = split(ENVIRON["CNI_IMAGE_MAP"], lines, "\n")
      for (i = 1; i <= n; i++) if (split(lines[i], kv, " ") == 2) map[kv[1]] = kv[2]
      cidr = ENVIRON["POD_CIDR"]; plugin = ENVIRON["CNI_PLUGIN"]
    }
    plugin == "flannel" && /"Network":[[:space:]]*"[^"]*"/ {
      sub(/"Network":[[:space:]]*"[^"]*"/, "\"Network\": \"" cidr "\"")
    }
    plugin == "calico" && /^[[:space:]]*#[[:space:]]*- name: CALICO_IPV4POOL_CIDR/ {
      sub(/#[[:space:]]*/, ""); print; pool = 1; next
    }
    plugin == "calico" && pool == 1 {
      pool = 0
      if (match($0, /^[[:space:]]*#?[[:space:]]*value:/)) {
        ind = $0; sub(/[^[:space:]].*$/, "", ind); sub(/^#/, "", ind)
        print ind "  value: \"" cidr "\""; next
      }
    }
    /^[[:space:]]*image:[[:space:]]*/ {
      img = $0; sub(/^[[:space:]]*image:[[:space:]]*/, "", img); gsub(/["'\'']/, "", img)
      if (img in map) { pre = $0; sub(/image:.*$/, "", pre); print pre "image: " map[img]; next }
    }
    { print }'
}

apply() {
  local raw
  raw=$(mktemp)
  if [[ -n ${CNI_MANIFEST_FILE:-} ]]; then
    [[ -f $CNI_MANIFEST_FILE ]] || kl_die "$CNI_MANIFEST_FILE is missing: push the bundle first (kubelab bundle push)"
    cp "$CNI_MANIFEST_FILE" "$raw"
    kl_log "using the $CNI_PLUGIN manifest of the pushed bundle ($CNI_MANIFEST_FILE)"
  elif [[ -n ${CNI_MANIFEST_GZ_B64:-} ]]; then
    printf '%s' "$CNI_MANIFEST_GZ_B64" | base64 -d | gunzip >"$raw"
    kl_log "using the $CNI_PLUGIN manifest kubelab fetched from $CNI_MANIFEST_URL"
  else
    kl_log "fetching $CNI_MANIFEST_URL on the node"
    curl -fsSL --retry 3 "$CNI_MANIFEST_URL" -o "$raw"
  fi
  patch_manifest <"$raw" | kl_write "$MANIFEST" 0644
  rm -f "$raw"
  if [[ $CNI_PLUGIN == flannel ]] && ! grep -q "\"Network\": \"$POD_CIDR\"" "$MANIFEST"; then
    kl_die "the flannel manifest has no net-conf.json Network to set"
  fi
  if [[ $CNI_PLUGIN == calico ]] && ! grep -q "value: \"$POD_CIDR\"" "$MANIFEST"; then
    kl_die "the calico manifest has no CALICO_IPV4POOL_CIDR to set"
  fi
  kl_log "kubectl apply -f $MANIFEST (pod network $POD_CIDR)"
  kubectl apply -f "$MANIFEST"
}

kl_main
