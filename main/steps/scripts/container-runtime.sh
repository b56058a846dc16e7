#!/bin/bash
# container-runtime: Docker Engine with the systemd cgroup driver and registry mirrors, or
# containerd with SystemdCgroup = true and the plan's pause (sandbox) image, from the Docker CE
# repository of the mirror profile, at the newest version that repository offers within the plan's
# caps (common/catalog/runtimeCaps.ts: Docker 19.03 up to Kubernetes 1.20, 20.10 to 1.23;
# containerd 1.x before 1.30), resolved with apt-cache madison / dnf list --showduplicates.
# containerd's registry mirrors go through its hosts directory: the CRI registry section's
# config_path (version 2 and version 3 configs alike) points at CONTAINERD_HOSTS_DIR, which holds
# one <registry>/hosts.toml per mirrored registry (containerd docs/hosts.md).
# cri-dockerd (Kubernetes 1.24+, Docker Engine behind the CRI) is Docker as above plus the
# project's release package (.deb per distribution, one .rpm), whose cri-docker.service gets a
# drop-in ExecStart with the plan's pause image and --network-plugin=cni
# (common/catalog/criDockerd.ts has the sources), and its socket unit enabled.
# Env: RUNTIME (docker|containerd|cri-dockerd), DOCKER_CE_URL (…/linux; the OS id is appended),
#      DOCKER_DAEMON_JSON (whole /etc/docker/daemon.json), SANDBOX_IMAGE, CRI_ENDPOINT,
#      DOCKER_SERIES (e.g. 19.03; empty: no cap), CONTAINERD_BELOW (e.g. 2.0; empty: no cap),
#      CONTAINERD_HOSTS_DIR (/etc/containerd/certs.d), CONTAINERD_HOSTS (one line per registry:
#      "<registry> <base64 of its hosts.toml>"; empty: no mirrors).
#      cri-dockerd only: CRI_DOCKERD_VERSION, CRI_DOCKERD_URL (release directory),
#      CRI_DOCKERD_DEB (printf pattern: distribution, architecture), CRI_DOCKERD_DISTROS,
#      CRI_DOCKERD_FALLBACK_UBUNTU / _DEBIAN, CRI_DOCKERD_RPM, CRI_DOCKERD_DROPIN (path) and
#      CRI_DOCKERD_DROPIN_TEXT (the whole cri-docker.service drop-in, as the plan preview shows).
#      OFFLINE=1 (an offline plan, issue 22): no Docker CE repository is set up and nothing is
#      downloaded; the packages (cri-dockerd's too) come from the pushed bundle's repository that
#      bundle-repo made, apt reading only BUNDLE_LIST when it updates (as kube-packages.sh).
set -euo pipefail

DAEMON_JSON=/etc/docker/daemon.json
CONTAINERD_TOML=/etc/containerd/config.toml
CRICTL_YAML=/etc/crictl.yaml

# The drop-in replacing the packaged ExecStart (an empty ExecStart= first clears the list,
# systemd.service(5)), so a package upgrade keeps kubelab's flags.
cri_dockerd_dropin() { printf '%s' "$CRI_DOCKERD_DROPIN_TEXT"; }

# The release asset for this node: the .deb built for its distribution (or the fallback of its
# family when the project builds none for this release), else the RPM.
cri_dockerd_asset() {
  if [[ $(kl_family) == deb ]]; then
    local id distro arch
    id=$(kl_os_id)
    [[ $id == debian ]] || id=ubuntu
    distro="$id-$(kl_codename)"
    if ! kl_has_line "$distro" "$(tr ' ' '\n' <<<"$CRI_DOCKERD_DISTROS")"; then
      if [[ $id == debian ]]; then distro=$CRI_DOCKERD_FALLBACK_DEBIAN; else distro=$CRI_DOCKERD_FALLBACK_UBUNTU; fi
    fi
    arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
    # shellcheck disable=SC2059 # the pattern is the format, by design (see the Env list).
    printf "$CRI_DOCKERD_DEB\n" "$distro" "$arch"
  else
    echo "$CRI_DOCKERD_RPM"
  fi
}

# Downloads the package into a fresh directory and installs it with the package manager (apt and
# dnf both take a local file, and pull in its dependencies).
install_cri_dockerd() {
  local asset dir
  asset=$(cri_dockerd_asset)
  dir=$(mktemp -d)
  kl_log "installing cri-dockerd $CRI_DOCKERD_VERSION from $CRI_DOCKERD_URL/$asset"
  curl -fsSL --retry 3 -o "$dir/$asset" "$CRI_DOCKERD_URL/$asset" || { rm -rf "$dir"; kl_die "cannot download cri-dockerd from $CRI_DOCKERD_URL/$asset"; }
  if [[ $(kl_family) == deb ]]; then kl_apt install "$dir/$asset"; else "$(kl_dnf)" install -y "$dir/$asset"; fi
  rm -rf "$dir"
}

# "cri-dockerd 0.3.16 (7119864)" → 0.3.16; empty when not installed.
cri_dockerd_version() { cri-dockerd --version 2>/dev/null | awk '{print $2}'; }

cri_dockerd_check() {
  [[ $(cri_dockerd_version) == "$CRI_DOCKERD_VERSION" ]] || { kl_need "cri-dockerd $CRI_DOCKERD_VERSION is not installed"; return 1; }
  cri_dockerd_dropin | kl_same "$CRI_DOCKERD_DROPIN" || { kl_need "$CRI_DOCKERD_DROPIN differs"; return 1; }
  kl_unit_enabled cri-docker.socket || { kl_need "cri-docker.socket is not enabled"; return 1; }
  kl_unit_active cri-docker.service || { kl_need "cri-docker.service is not running"; return 1; }
  return 0
}

cri_dockerd_apply() {
  if [[ $(cri_dockerd_version) != "$CRI_DOCKERD_VERSION" ]]; then
    # Offline, the bundle ships the release package among its packages (common/bundle/criDockerd.ts).
    if [[ ${OFFLINE:-0} == 1 ]]; then install_pkgs cri-dockerd; else install_cri_dockerd; fi
  fi
  cri_dockerd_dropin | kl_write "$CRI_DOCKERD_DROPIN" 0644
  systemctl daemon-reload
  systemctl enable cri-docker.socket cri-docker.service
  systemctl start cri-docker.socket
  if [[ $KL_CHANGED == 1 ]] || ! kl_unit_active cri-docker.service; then
    kl_log "restarting cri-docker.service (pause image, CNI network plugin)"
    systemctl restart cri-docker.service
  fi
}

crictl_yaml() { printf 'runtime-endpoint: %s\nimage-endpoint: %s\ntimeout: 10\n' "$CRI_ENDPOINT" "$CRI_ENDPOINT"; }

# containerd's default config with the settings Kubernetes needs and the hosts directory. The
# registry's config_path is set only inside the CRI registry section: a containerd 2.x default
# also has config_path keys in its NRI and transfer sections, which mean something else.
# containerd 2.x's default leaves SystemdCgroup out of the runc options (docs/cri/config.md,
# "In containerd 2.x"), so it is written right under that table's header rather than edited.
containerd_config() {
  containerd config default | awk -v img="$SANDBOX_IMAGE" -v hosts="$CONTAINERD_HOSTS_DIR" '
    /^[[:space:]]*\[/ {
      registry = ($0 ~ /\.registry["'\'']?\][[:space:]]*$/)
      runc_options = ($0 ~ /\.runtimes\.runc\.options["'\'']?\][[:space:]]*$/)
      if (runc_options) { print; indent = $0; sub(/[^[:space:]].*/, "", indent); print indent "  SystemdCgroup = true"; next }
    }
    runc_options && /^[[:space:]]*SystemdCgroup = / { next }
    /^[[:space:]]*SystemdCgroup = / { sub(/=.*/, "= true") }
    /^[[:space:]]*sandbox_image = / { sub(/=.*/, "= \"" img "\"") }
    /^[[:space:]]*sandbox = / { sub(/=.*/, "= '\''" img "'\''") }
    registry && /^[[:space:]]*config_path = / { sub(/=.*/, "= \"" hosts "\"") }
    { print }'
}

# "=<value>" of the CRI registry section's config_path in a containerd config on stdin; nothing
# when the section has none (containerd before 1.5, which has no hosts directory).
registry_config_path() {
  awk '
    /^[[:space:]]*\[/ { registry = ($0 ~ /\.registry["'\'']?\][[:space:]]*$/) }
    registry && /^[[:space:]]*config_path = / { v = $0; sub(/^[^=]*=[[:space:]]*/, "", v); gsub(/["'\'']/, "", v); print "=" v; exit }'
}

# Each "<registry> <base64>" line of CONTAINERD_HOSTS, decoded: "<registry> <path>" then the file.
hosts_files_ok() {
  local reg b64
  while read -r reg b64; do
    [[ -n $reg ]] || continue
    base64 -d <<<"$b64" | kl_same "$CONTAINERD_HOSTS_DIR/$reg/hosts.toml" || { kl_need "$CONTAINERD_HOSTS_DIR/$reg/hosts.toml differs"; return 1; }
  done <<<"$CONTAINERD_HOSTS"
  return 0
}

write_hosts_files() {
  local reg b64
  while read -r reg b64; do
    [[ -n $reg ]] || continue
    base64 -d <<<"$b64" | kl_write "$CONTAINERD_HOSTS_DIR/$reg/hosts.toml" 0644
  done <<<"$CONTAINERD_HOSTS"
}

check() {
  if [[ $RUNTIME != containerd ]]; then
    kl_have docker || { kl_need "docker is not installed"; return 1; }
    printf '%s\n' "$DOCKER_DAEMON_JSON" | kl_same "$DAEMON_JSON" || { kl_need "$DAEMON_JSON differs"; return 1; }
    kl_unit_enabled docker || { kl_need "docker is not enabled"; return 1; }
    kl_unit_active docker || { kl_need "docker is not running"; return 1; }
    [[ $(docker info -f '{{.CgroupDriver}}' 2>/dev/null) == systemd ]] || { kl_need "docker's cgroup driver is not systemd"; return 1; }
    if [[ $RUNTIME == cri-dockerd ]]; then cri_dockerd_check || return 1; fi
  else
    kl_have containerd || { kl_need "containerd is not installed"; return 1; }
    grep -Eq '^[[:space:]]*SystemdCgroup = true' "$CONTAINERD_TOML" 2>/dev/null || { kl_need "SystemdCgroup is not true in $CONTAINERD_TOML"; return 1; }
    grep -Fq "\"$SANDBOX_IMAGE\"" "$CONTAINERD_TOML" || grep -Fq "'$SANDBOX_IMAGE'" "$CONTAINERD_TOML" || { kl_need "sandbox image is not $SANDBOX_IMAGE"; return 1; }
    if grep -Eq '^disabled_plugins = \[.*"cri"' "$CONTAINERD_TOML"; then kl_need "the CRI plugin is disabled"; return 1; fi
    local hosts_path
    hosts_path=$(registry_config_path <"$CONTAINERD_TOML")
    if [[ -n $hosts_path && $hosts_path != "=$CONTAINERD_HOSTS_DIR" ]]; then
      kl_need "the registry config_path is not $CONTAINERD_HOSTS_DIR"; return 1
    fi
    hosts_files_ok || return 1
    kl_unit_enabled containerd || { kl_need "containerd is not enabled"; return 1; }
    kl_unit_active containerd || { kl_need "containerd is not running"; return 1; }
  fi
  crictl_yaml | kl_same "$CRICTL_YAML" || { kl_need "$CRICTL_YAML"; return 1; }
  return 0
}

add_repo() {
  local id codename key arch
  if [[ ${OFFLINE:-0} == 1 ]]; then
    # Only the bundle's list, the other indexes kept (apt.conf(5); see kube-packages.sh).
    if [[ $(kl_family) == deb ]]; then
      kl_apt update -o "Dir::Etc::SourceList=$BUNDLE_LIST" -o Dir::Etc::SourceParts=/nonexistent \
        -o APT::Get::List-Cleanup=0
    fi
    return 0
  fi
  id=$(kl_os_id)
  if [[ $(kl_family) == deb ]]; then
    [[ $id == debian ]] || id=ubuntu
    kl_have curl || kl_apt install curl ca-certificates
    key=$(kl_apt_key docker "$DOCKER_CE_URL/$id/gpg")
    codename=$(kl_codename)
    arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
    echo "deb [arch=$arch signed-by=$key] $DOCKER_CE_URL/$id $codename stable" |
      kl_write /etc/apt/sources.list.d/docker.list 0644
    kl_apt update
  else
    # Docker publishes RHEL-compatible packages under centos/ (Rocky and Alma use them too).
    # shellcheck disable=SC2016 # $releasever and $basearch are yum variables, not shell ones.
    printf '[docker-ce-stable]\nname=Docker CE Stable - $basearch\nbaseurl=%s/centos/$releasever/$basearch/stable\nenabled=1\ngpgcheck=1\ngpgkey=%s/centos/gpg\n' \
      "$DOCKER_CE_URL" "$DOCKER_CE_URL" | kl_write /etc/yum.repos.d/docker-ce.repo 0644
  fi
}

install_pkgs() {
  if [[ $(kl_family) == deb ]]; then kl_apt install "$@"; else "$(kl_dnf)" install -y "$@"; fi
}

# PKG at the newest version the repository offers within SERIES / BELOW, as an install argument
# (apt: pkg=version, dnf: pkg-version); dies naming the cap and what is offered when none fits.
capped_spec() {
  local pkg=$1 series=$2 below=$3 avail v
  avail=$(kl_available "$pkg")
  v=$(kl_pick_capped "$series" "$below" <<<"$avail")
  if [[ -z $v ]]; then
    kl_die "the Docker CE repository $DOCKER_CE_URL offers no $pkg ${series:+in the $series series }${below:+below $below }for this Kubernetes version (offered: $(head -3 <<<"$avail" | paste -sd, - | sed 's/,/, /g'))"
  fi
  if [[ $(kl_family) == deb ]]; then echo "$pkg=$v"; else echo "$pkg-$v"; fi
}

apply() {
  if [[ $RUNTIME != containerd ]]; then
    if ! kl_have docker; then
      add_repo
      # One assignment each: a failed resolution must stop the step (set -e), which an array
      # literal of command substitutions would not.
      local engine cli containerd
      engine=$(capped_spec docker-ce "$DOCKER_SERIES" "")
      cli=$(capped_spec docker-ce-cli "$DOCKER_SERIES" "")
      containerd=$(capped_spec containerd.io "" "$CONTAINERD_BELOW")
      kl_log "installing $engine $cli $containerd"
      install_pkgs "$engine" "$cli" "$containerd"
    fi
    if [[ -f $DAEMON_JSON ]] && ! printf '%s\n' "$DOCKER_DAEMON_JSON" | kl_same "$DAEMON_JSON"; then
      cp -p "$DAEMON_JSON" "$DAEMON_JSON.kubelab.bak"
    fi
    printf '%s\n' "$DOCKER_DAEMON_JSON" | kl_write "$DAEMON_JSON" 0644
    systemctl daemon-reload || true
    systemctl enable docker
    if [[ $KL_CHANGED == 1 ]] || ! kl_unit_active docker; then
      kl_log "restarting docker (cgroup driver systemd, registry mirrors)"
      systemctl restart docker
    fi
    if [[ $RUNTIME == cri-dockerd ]]; then cri_dockerd_apply; fi
  else
    if ! kl_have containerd; then
      add_repo
      local spec
      spec=$(capped_spec containerd.io "" "$CONTAINERD_BELOW")
      kl_log "installing $spec"
      install_pkgs "$spec"
    fi
    containerd_config | kl_write "$CONTAINERD_TOML" 0644
    local config_changed=$KL_CHANGED
    # hosts.toml files are read at each pull: no restart for them (docs/hosts.md).
    write_hosts_files
    KL_CHANGED=$config_changed
    systemctl enable containerd
    if [[ $KL_CHANGED == 1 ]] || ! kl_unit_active containerd; then
      kl_log "restarting containerd (SystemdCgroup = true, sandbox $SANDBOX_IMAGE)"
      systemctl restart containerd
    fi
  fi
  crictl_yaml | kl_write "$CRICTL_YAML" 0644
}

kl_main
