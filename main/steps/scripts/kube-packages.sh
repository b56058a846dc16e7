#!/bin/bash
# kube-packages: the Kubernetes package repository for the version (legacy kubernetes-xenial /
# kubernetes-el7 on mirrors that keep it, or pkgs.k8s.io's per-minor layout), kubelet, kubeadm and
# kubectl at exactly the plan's version, held (apt-mark hold; exclude= in the yum repo). The exact
# package strings are asked of the repository (apt-cache madison / dnf list --showduplicates), not
# guessed: pkgs.k8s.io publishes most patches as -1.1 but some as -2.1 (1.29.4-2.1), so a version
# the repository lacks stops the step before kubelet, kubeadm or kubectl is installed.
# Env: K8S_VERSION (1.29.4), DEB_REPO_URL, DEB_SUITE, DEB_KEY_URL, RPM_REPO_URL, RPM_KEY_URLS
#      (space separated). An empty *_REPO_URL means the profile has no repo for this family.
#      KL_MODE=outputs prints the installed package strings as KL_OUT lines.
#      OFFLINE=1 (an offline plan, issue 22): no repository of the mirror profile is set up; apt
#      reads only BUNDLE_LIST (bundle-repo's list of the pushed bundle) when it updates, and the
#      yum repository's RPM_REPO_URL is the bundle's file:// one, unsigned (bundle-repo.sh says why).
set -euo pipefail

PKGS=(kubelet kubeadm kubectl)
DEB_LIST=/etc/apt/sources.list.d/kubernetes.list
RPM_REPO=/etc/yum.repos.d/kubernetes.repo

# The upstream part of an installed package string (1.29.4-2.1 -> 1.29.4).
upstream() { local v=${1#*:}; echo "${v%%-*}"; }

check() {
  local p have held
  for p in "${PKGS[@]}"; do
    have=$(kl_pkg_version "$p")
    [[ -n $have && $(upstream "$have") == "$K8S_VERSION" ]] || { kl_need "$p is ${have:-not installed}, want $K8S_VERSION"; return 1; }
  done
  if [[ $(kl_family) == deb ]]; then
    held=$(apt-mark showhold 2>/dev/null || true)
    for p in "${PKGS[@]}"; do
      kl_has_line "$held" "$p" || { kl_need "$p is not held"; return 1; }
    done
  else
    grep -q '^exclude=kubelet kubeadm kubectl' "$RPM_REPO" 2>/dev/null || { kl_need "packages not excluded from upgrades"; return 1; }
  fi
  return 0
}

# The offline apt update: only the bundle's list is read (apt.conf(5): Dir::Etc::SourceList and
# Dir::Etc::SourceParts name the lists apt reads; the bundle-push suite runs Debian's apt so), so
# no mirror in the node's other lists is contacted. APT::Get::List-Cleanup=0 keeps the indexes
# apt already has for those lists (without it apt prunes every index it did not just fetch), so an
# OS dependency the bundle does not ship still resolves from a local OS mirror the node had read.
offline_apt_update() {
  kl_apt update -o "Dir::Etc::SourceList=$BUNDLE_LIST" -o Dir::Etc::SourceParts=/nonexistent \
    -o APT::Get::List-Cleanup=0
}

apply_deb() {
  local key
  if [[ ${OFFLINE:-0} == 1 ]]; then
    offline_apt_update
    install_deb "$DEB_REPO_URL"
    return
  fi
  [[ -n $DEB_REPO_URL ]] || kl_die "the mirror profile has no apt repository for this Kubernetes version; set mirrors.kubernetesLegacyApt or mirrors.kubernetesPackages"
  kl_have curl || kl_apt install curl ca-certificates
  kl_apt install apt-transport-https ca-certificates curl gnupg
  key=$(kl_apt_key kubernetes "$DEB_KEY_URL")
  echo "deb [signed-by=$key] $DEB_REPO_URL $DEB_SUITE" | kl_write "$DEB_LIST" 0644
  kl_apt update
  install_deb "$DEB_REPO_URL"
}

# kubelet, kubeadm and kubectl at the resolved strings from what apt now reads (SOURCE names it).
install_deb() {
  local source=$1
  local -a specs=()
  local p v
  for p in "${PKGS[@]}"; do
    v=$(kl_resolve "$p" "$K8S_VERSION" "the Kubernetes repository $source")
    specs+=("$p=$v")
  done
  kl_log "installing ${specs[*]} (resolved from $source)"
  kl_apt install --allow-change-held-packages --allow-downgrades "${specs[@]}"
  apt-mark hold "${PKGS[@]}" >/dev/null
}

apply_rpm() {
  local dnf
  dnf=$(kl_dnf)
  [[ -n $RPM_REPO_URL ]] || kl_die "the mirror profile has no yum repository for this Kubernetes version; set mirrors.kubernetesLegacyYum or mirrors.kubernetesPackages"
  if [[ ${OFFLINE:-0} == 1 ]]; then
    printf '[kubernetes]\nname=Kubernetes (kubelab bundle)\nbaseurl=%s\nenabled=1\ngpgcheck=0\nexclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\n' \
      "$RPM_REPO_URL" | kl_write "$RPM_REPO" 0644
  else
    printf '[kubernetes]\nname=Kubernetes\nbaseurl=%s\nenabled=1\ngpgcheck=1\ngpgkey=%s\nexclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\n' \
      "$RPM_REPO_URL" "$RPM_KEY_URLS" | kl_write "$RPM_REPO" 0644
  fi
  local -a specs=()
  local p v
  for p in "${PKGS[@]}"; do
    v=$(kl_resolve "$p" "$K8S_VERSION" "the Kubernetes repository $RPM_REPO_URL")
    specs+=("$p-$v")
  done
  kl_log "installing ${specs[*]} (resolved from $RPM_REPO_URL)"
  "$dnf" install -y --disableexcludes=kubernetes "${specs[@]}"
}

apply() {
  if [[ $(kl_family) == rpm ]]; then apply_rpm; else apply_deb; fi
}

# What is installed, for the run state and the report (read-only).
outputs() {
  local p
  for p in "${PKGS[@]}"; do echo "KL_OUT $p=$(kl_pkg_version "$p")"; done
}

if [[ ${KL_MODE:-} == outputs ]]; then
  outputs
  exit 0
fi
kl_main
