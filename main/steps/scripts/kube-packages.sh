#!/bin/bash
# kube-packages: the Kubernetes package repository for the version (legacy kubernetes-xenial /
# kubernetes-el7 on mirrors that keep it, or pkgs.k8s.io's per-minor layout), kubelet, kubeadm and
# kubectl at exactly the plan's version, held (apt-mark hold; exclude= in the yum repo).
# Env: DEB_REPO_URL, DEB_SUITE, DEB_KEY_URL, DEB_VERSION, RPM_REPO_URL, RPM_KEY_URLS (space
#      separated), RPM_VERSION. An empty *_REPO_URL means the profile has no repo for this family.
set -euo pipefail

PKGS=(kubelet kubeadm kubectl)
DEB_LIST=/etc/apt/sources.list.d/kubernetes.list
RPM_REPO=/etc/yum.repos.d/kubernetes.repo

want_version() { if [[ $(kl_family) == rpm ]]; then echo "$RPM_VERSION"; else echo "$DEB_VERSION"; fi; }

check() {
  local p have want held
  want=$(want_version)
  for p in "${PKGS[@]}"; do
    have=$(kl_pkg_version "$p")
    [[ $have == "$want" ]] || { kl_need "$p is ${have:-not installed}, want $want"; return 1; }
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

apply_deb() {
  local key
  [[ -n $DEB_REPO_URL ]] || kl_die "the mirror profile has no apt repository for this Kubernetes version; set mirrors.kubernetesLegacyApt or mirrors.kubernetesPackages"
  kl_have curl || kl_apt install curl ca-certificates
  kl_apt install apt-transport-https ca-certificates curl gnupg
  key=$(kl_apt_key kubernetes "$DEB_KEY_URL")
  echo "deb [signed-by=$key] $DEB_REPO_URL $DEB_SUITE" | kl_write "$DEB_LIST" 0644
  kl_apt update
  kl_log "installing kubelet, kubeadm, kubectl $DEB_VERSION"
  kl_apt install --allow-change-held-packages --allow-downgrades \
    "kubelet=$DEB_VERSION" "kubeadm=$DEB_VERSION" "kubectl=$DEB_VERSION"
  apt-mark hold "${PKGS[@]}" >/dev/null
}

apply_rpm() {
  local dnf
  dnf=$(kl_dnf)
  [[ -n $RPM_REPO_URL ]] || kl_die "the mirror profile has no yum repository for this Kubernetes version; set mirrors.kubernetesLegacyYum or mirrors.kubernetesPackages"
  printf '[kubernetes]\nname=Kubernetes\nbaseurl=%s\nenabled=1\ngpgcheck=1\ngpgkey=%s\nexclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\n' \
    "$RPM_REPO_URL" "$RPM_KEY_URLS" | kl_write "$RPM_REPO" 0644
  kl_log "installing kubelet, kubeadm, kubectl $RPM_VERSION"
  "$dnf" install -y --disableexcludes=kubernetes \
    "kubelet-$RPM_VERSION" "kubeadm-$RPM_VERSION" "kubectl-$RPM_VERSION"
}

apply() {
  if [[ $(kl_family) == rpm ]]; then apply_rpm; else apply_deb; fi
}

kl_main
