#!/bin/bash
# bundle-repo: the node's local package repository from a pushed bundle (`kubelab bundle push`
# left the node's share in BUNDLE_DIR, checked with sha256sum -c), so the install's pinned
# versions and holds resolve from it as they do from a mirror online.
# deb: a flat repository (https://wiki.debian.org/DebianRepository/Format#Flat_Repository_Format)
#   in BUNDLE_DIR/apt: the bundle's .deb files for this architecture hard-linked in and a Packages
#   index beside them, made by dpkg-scanpackages (dpkg-dev) when the node has it, else from each
#   file's own control fields (`dpkg-deb -f`, what dpkg-scanpackages reads) with the Filename, Size
#   and SHA256 fields the format asks for; listed as `deb [trusted=yes] file:BUNDLE_DIR/apt ./`
#   (sources.list(5): trusted=yes takes a repository without a Release signature; its files were
#   checked against the bundle's manifest on arrival).
# rpm: BUNDLE_DIR/rpm with createrepo_c's metadata when createrepo_c is installed, else the
#   repodata the bundle ships; a .repo with baseurl=file://BUNDLE_DIR/rpm and gpgcheck=0
#   (dnf.conf(5)).
# Env: BUNDLE_DIR (where the push put the bundle: /var/lib/kubelab/bundle).
set -euo pipefail

APT_LIST=/etc/apt/sources.list.d/kubelab-bundle.list
YUM_REPO=/etc/yum.repos.d/kubelab-bundle.repo

deb_arch() { dpkg --print-architecture; }

# The bundle's packages for this machine (buildBundle's layout: packages/<family>/<arch>/).
shipped() {
  local dir
  if [[ $(kl_family) == rpm ]]; then dir=$BUNDLE_DIR/packages/rpm/$(uname -m); else dir=$BUNDLE_DIR/packages/deb/$(deb_arch); fi
  [[ -d $dir ]] || return 0
  find "$dir" -maxdepth 1 -type f \( -name '*.deb' -o -name '*.rpm' \) | sort
}

apt_line() { echo "deb [trusted=yes] file:$BUNDLE_DIR/apt ./"; }

# One Packages stanza per .deb in the current folder: its control fields, then where it is.
deb_index() {
  local f
  if kl_have dpkg-scanpackages; then
    dpkg-scanpackages --multiversion . /dev/null 2>/dev/null
    return
  fi
  for f in *.deb; do
    [[ -e $f ]] || continue
    dpkg-deb -f "$f"
    printf 'Filename: ./%s\nSize: %s\nSHA256: %s\n\n' "$f" "$(stat -c %s "$f")" "$(sha256sum "$f" | cut -d' ' -f1)"
  done
}

check() {
  local want listed
  want=$(shipped | wc -l)
  [[ $want -gt 0 ]] || { kl_need "no packages for this machine in $BUNDLE_DIR (push the bundle first)"; return 1; }
  if [[ $(kl_family) == rpm ]]; then
    [[ -f $BUNDLE_DIR/rpm/repodata/repomd.xml ]] || { kl_need "no repository metadata in $BUNDLE_DIR/rpm"; return 1; }
    grep -qxF "baseurl=file://$BUNDLE_DIR/rpm" "$YUM_REPO" 2>/dev/null || { kl_need "$YUM_REPO does not list $BUNDLE_DIR/rpm"; return 1; }
    return 0
  fi
  [[ -f $BUNDLE_DIR/apt/Packages ]] || { kl_need "no Packages index in $BUNDLE_DIR/apt"; return 1; }
  listed=$(grep -c '^Filename: ' "$BUNDLE_DIR/apt/Packages" || true)
  [[ $listed -eq $want ]] || { kl_need "the index lists $listed packages, the bundle holds $want"; return 1; }
  grep -qxF "$(apt_line)" "$APT_LIST" 2>/dev/null || { kl_need "$APT_LIST does not list the bundle"; return 1; }
}

apply_deb() {
  local f
  mkdir -p "$BUNDLE_DIR/apt"
  rm -f "$BUNDLE_DIR"/apt/*.deb
  while IFS= read -r f; do ln -f "$f" "$BUNDLE_DIR/apt/"; done < <(shipped)
  (cd "$BUNDLE_DIR/apt" && deb_index) | kl_write "$BUNDLE_DIR/apt/Packages" 0644
  apt_line | kl_write "$APT_LIST" 0644
}

apply_rpm() {
  local f
  mkdir -p "$BUNDLE_DIR/rpm"
  while IFS= read -r f; do ln -f "$f" "$BUNDLE_DIR/rpm/"; done < <(shipped)
  if kl_have createrepo_c; then
    createrepo_c --quiet "$BUNDLE_DIR/rpm"
  elif [[ -d $BUNDLE_DIR/repodata ]]; then
    rm -rf "$BUNDLE_DIR/rpm/repodata"
    cp -r "$BUNDLE_DIR/repodata" "$BUNDLE_DIR/rpm/repodata"
  else
    kl_die "createrepo_c is not installed and the bundle ships no repodata for $BUNDLE_DIR/rpm"
  fi
  printf '[kubelab-bundle]\nname=kubelab bundle\nbaseurl=file://%s/rpm\nenabled=1\ngpgcheck=0\n' "$BUNDLE_DIR" |
    kl_write "$YUM_REPO" 0644
}

apply() {
  if [[ $(kl_family) == rpm ]]; then apply_rpm; else apply_deb; fi
}

kl_main
