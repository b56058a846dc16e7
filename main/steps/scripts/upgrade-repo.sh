#!/bin/bash
# upgrade-repo: points the node's Kubernetes package repository at the hop's minor (pkgs.k8s.io
# has one repository per minor, https://kubernetes.io/blog/2023/08/15/pkgs-k8s-io-introduction/ ;
# the legacy kubernetes-xenial / kubernetes-el7 layout kept by mirrors carries every minor in one)
# and refreshes the index. Done when the repository line is the hop's and it offers kubeadm at
# exactly K8S_VERSION, so a stale index on an unchanged legacy line is refreshed too.
# Env: K8S_VERSION (1.19.16), DEB_REPO_URL, DEB_SUITE, DEB_KEY_URL, RPM_REPO_URL, RPM_KEY_URLS.
set -euo pipefail

DEB_LIST=/etc/apt/sources.list.d/kubernetes.list
RPM_REPO=/etc/yum.repos.d/kubernetes.repo

check() {
  if [[ $(kl_family) == rpm ]]; then
    grep -qxF "baseurl=$RPM_REPO_URL" "$RPM_REPO" 2>/dev/null || { kl_need "$RPM_REPO does not point at $RPM_REPO_URL"; return 1; }
  else
    grep -qF " $DEB_REPO_URL $DEB_SUITE" "$DEB_LIST" 2>/dev/null || { kl_need "$DEB_LIST does not point at $DEB_REPO_URL $DEB_SUITE"; return 1; }
  fi
  [[ -n $(kl_available kubeadm | kl_pick_version "$K8S_VERSION") ]] || { kl_need "the repository index offers no kubeadm $K8S_VERSION yet"; return 1; }
}

apply() {
  local key
  if [[ $(kl_family) == rpm ]]; then
    [[ -n $RPM_REPO_URL ]] || kl_die "the mirror profile has no yum repository for Kubernetes $K8S_VERSION"
    printf '[kubernetes]\nname=Kubernetes\nbaseurl=%s\nenabled=1\ngpgcheck=1\ngpgkey=%s\nexclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\n' \
      "$RPM_REPO_URL" "$RPM_KEY_URLS" | kl_write "$RPM_REPO" 0644
    "$(kl_dnf)" makecache --disableexcludes=kubernetes -y >/dev/null
  else
    [[ -n $DEB_REPO_URL ]] || kl_die "the mirror profile has no apt repository for Kubernetes $K8S_VERSION"
    key=$(kl_apt_key kubernetes "$DEB_KEY_URL")
    echo "deb [signed-by=$key] $DEB_REPO_URL $DEB_SUITE" | kl_write "$DEB_LIST" 0644
    kl_apt update
  fi
  # Said before the check verifies it: the repository must offer this exact version.
  kl_resolve kubeadm "$K8S_VERSION" "the Kubernetes repository ${DEB_REPO_URL:-$RPM_REPO_URL}" >/dev/null
}

kl_main
