#!/bin/bash
# import-images: an offline plan's images (issue 22), instead of pull-images: every image archive
# the pushed bundle holds for this machine's architecture (BUNDLE_DIR/images/<arch>/, buildBundle's
# layout: imageArchivePath) imported with the runtime's own tool —
#   containerd: `ctr -n k8s.io images import FILE` (containerd cmd/ctr/commands/images/import.go:
#     "Import images from a tar stream", OCI layout archives included; the k8s.io namespace is the
#     one the CRI plugin and so the kubelet read, docs.k3s.io/import-images),
#   docker (and cri-dockerd, whose images are Docker's): `docker load -i FILE`
#     (https://docs.docker.com/reference/cli/docker/image/load/: "-i, --input  Read from tar
#     archive file, instead of STDIN"); the archive carries a Docker manifest.json for it.
# An archive's image is named by the io.containerd.image.name annotation of its index.json
# (main/bundle/registry/ociArchive.ts writes it); one the runtime already lists is skipped, so a
# second run imports nothing.
# Env: BUNDLE_DIR (/var/lib/kubelab/bundle), RUNTIME (docker|containerd).
set -euo pipefail

# uname -m → the OCI architecture the bundle's image folders are named by (imageRef.ts ociArch).
oci_arch() {
  case $(uname -m) in
    x86_64) echo amd64 ;;
    aarch64) echo arm64 ;;
    ppc64le) echo ppc64le ;;
    *) uname -m ;;
  esac
}

IMAGES_DIR=$BUNDLE_DIR/images/$(oci_arch)

# docker.io/library/x:1 and x:1 are one image: both sides compared in Docker's short form.
short_name() { sed -E 's#^docker\.io/##; s#^library/##'; }

# What the runtime lists (nothing when it cannot answer: then everything is imported).
present() {
  if [[ $RUNTIME == docker ]]; then
    { docker images 2>/dev/null || true; } | awk 'NR > 1 {print $1 ":" $2}'
  else
    { crictl images 2>/dev/null || true; } | awk 'NR > 1 {print $1 ":" $2}'
  fi | short_name | sort -u
}

archives() {
  [[ -d $IMAGES_DIR ]] || return 0
  find "$IMAGES_DIR" -type f -name '*.tar' | sort
}

# The image an archive holds, from its index.json.
archive_image() {
  tar -xOf "$1" index.json | grep -o '"io.containerd.image.name":"[^"]*"' | head -1 | cut -d'"' -f4
}

# "<archive> <image>" for each archive whose image the runtime does not list.
missing() {
  local have f img
  have=$(present)
  while IFS= read -r f; do
    [[ -n $f ]] || continue
    img=$(archive_image "$f")
    [[ -n $img ]] || kl_die "$f names no image (no io.containerd.image.name in its index.json)"
    kl_has_line "$have" "$(short_name <<<"$img")" || echo "$f $img"
  done < <(archives)
}

check() {
  local m
  [[ -n $(archives) ]] || { kl_need "no image archives in $IMAGES_DIR: push the bundle first (kubelab bundle push)"; return 1; }
  m=$(missing)
  [[ -z $m ]] || { kl_need "images to import: $(cut -d' ' -f2 <<<"$m" | paste -sd' ' -)"; return 1; }
}

apply() {
  local f img todo
  [[ -n $(archives) ]] || kl_die "no image archives in $IMAGES_DIR: push the bundle first (kubelab bundle push)"
  todo=$(missing)
  while read -r f img; do
    [[ -n $f ]] || continue
    kl_log "importing $img from $f"
    if [[ $RUNTIME == docker ]]; then
      docker load -i "$f"
    else
      ctr -n k8s.io images import "$f"
    fi
  done <<<"$todo"
}

kl_main
