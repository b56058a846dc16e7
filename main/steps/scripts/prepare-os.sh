#!/bin/bash
# prepare-os: swap off (now, in fstab, zram), SELinux permissive, the firewall per plan, the
# overlay and br_netfilter modules, bridge/forwarding sysctls, and with Docker a FORWARD policy
# of ACCEPT that survives restarts (a docker.service drop-in, not rc.local).
# Env: FIREWALL (open-ports|disable|leave), OPEN_PORTS ("6443/tcp 8472/udp …"), RUNTIME.
set -euo pipefail

MODULES_FILE=/etc/modules-load.d/kubelab.conf
SYSCTL_FILE=/etc/sysctl.d/99-kubelab.conf
FORWARD_DROPIN=/etc/systemd/system/docker.service.d/kubelab-forward.conf
SYSCTLS=(net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables net.ipv4.ip_forward)

modules_conf() { printf '# kubelab: modules Kubernetes networking needs\noverlay\nbr_netfilter\n'; }
sysctl_conf() { local k; echo '# kubelab: bridged traffic through iptables, and forwarding'; for k in "${SYSCTLS[@]}"; do echo "$k = 1"; done; }
forward_dropin() {
  printf '# kubelab: Docker sets the FORWARD policy to DROP when it starts; pods need ACCEPT.\n'
  printf '[Service]\nExecStartPost=/bin/sh -c "iptables -P FORWARD ACCEPT || /sbin/iptables -P FORWARD ACCEPT"\n'
}
swap_in_fstab() { [[ -f /etc/fstab ]] && [[ -n $(awk '$1 !~ /^#/ && $3 == "swap"' /etc/fstab) ]]; }
zram_units() {
  local u
  for u in zram-config.service systemd-zram-setup@zram0.service; do
    if [[ -e /lib/systemd/system/$u || -e /usr/lib/systemd/system/$u || -e /etc/systemd/system/$u ]]; then echo "$u"; fi
  done
  if [[ -e /usr/lib/systemd/system-generators/zram-generator ]]; then echo systemd-zram-setup@zram0.service; fi
}
selinux_enforcing() {
  if kl_have getenforce && [[ $(getenforce 2>/dev/null) == Enforcing ]]; then return 0; fi
  [[ -f /etc/selinux/config ]] && grep -Eq '^SELINUX=enforcing' /etc/selinux/config
}
firewalld_active() { kl_have firewall-cmd && kl_unit_active firewalld; }
ufw_active() { kl_have ufw && kl_has_line "$(ufw status 2>/dev/null || true)" 'Status: active'; }

check_firewall() {
  local p rules
  case ${FIREWALL:-leave} in
    disable)
      if firewalld_active; then kl_need "firewalld is running"; return 1; fi
      if ufw_active; then kl_need "ufw is active"; return 1; fi
      ;;
    open-ports)
      if firewalld_active; then
        for p in $OPEN_PORTS; do
          firewall-cmd --query-port="$p" >/dev/null 2>&1 || { kl_need "firewalld does not allow $p"; return 1; }
        done
      fi
      if ufw_active; then
        rules=$(ufw status 2>/dev/null || true)
        for p in $OPEN_PORTS; do
          grep -q "^${p//-/:} " <<<"$rules" || { kl_need "ufw does not allow $p"; return 1; }
        done
      fi
      ;;
  esac
  return 0
}

check() {
  local k u mods
  if [[ $(wc -l </proc/swaps) -gt 1 ]]; then kl_need "swap is on"; return 1; fi
  if swap_in_fstab; then kl_need "/etc/fstab mounts swap at boot"; return 1; fi
  for u in $(zram_units); do
    kl_unit_enabled "$u" && { kl_need "$u would create zram swap at boot"; return 1; }
  done
  if selinux_enforcing; then kl_need "SELinux is enforcing"; return 1; fi
  check_firewall || return 1
  modules_conf | kl_same "$MODULES_FILE" || { kl_need "$MODULES_FILE"; return 1; }
  mods=$(lsmod | awk '{print $1}')
  for k in overlay br_netfilter; do
    kl_has_line "$mods" "$k" || { kl_need "module $k not loaded"; return 1; }
  done
  sysctl_conf | kl_same "$SYSCTL_FILE" || { kl_need "$SYSCTL_FILE"; return 1; }
  for k in "${SYSCTLS[@]}"; do
    [[ $(sysctl -n "$k" 2>/dev/null) == 1 ]] || { kl_need "$k is not 1"; return 1; }
  done
  if [[ ${RUNTIME:-} == docker || ${RUNTIME:-} == cri-dockerd ]]; then
    forward_dropin | kl_same "$FORWARD_DROPIN" || { kl_need "$FORWARD_DROPIN"; return 1; }
    kl_has_line "$(iptables -S FORWARD 2>/dev/null || true)" '-P FORWARD ACCEPT' || { kl_need "FORWARD policy is not ACCEPT"; return 1; }
  fi
  return 0
}

apply_firewall() {
  local p
  case ${FIREWALL:-leave} in
    disable)
      if firewalld_active; then kl_log "stopping firewalld"; systemctl disable --now firewalld; fi
      if ufw_active; then kl_log "disabling ufw"; ufw disable; fi
      ;;
    open-ports)
      if firewalld_active; then
        for p in $OPEN_PORTS; do firewall-cmd --permanent --add-port="$p" >/dev/null; done
        firewall-cmd --reload >/dev/null
        kl_log "firewalld: opened $OPEN_PORTS"
      fi
      if ufw_active; then
        for p in $OPEN_PORTS; do ufw allow "${p//-/:}" >/dev/null; done
        kl_log "ufw: opened $OPEN_PORTS"
      fi
      ;;
  esac
}

apply() {
  local u
  kl_log "turning swap off"
  swapoff -a
  if swap_in_fstab; then
    cp -p /etc/fstab "/etc/fstab.kubelab.bak"
    # Comment out swap entries (kept for the record, never deleted).
    sed -i -E '/^[^#]/{/[[:space:]]swap[[:space:]]/s/^/# kubelab: swap off # /}' /etc/fstab
    kl_log "commented out swap in /etc/fstab (backup: /etc/fstab.kubelab.bak)"
  fi
  for u in $(zram_units); do
    if kl_unit_enabled "$u"; then systemctl mask --now "$u" || true; kl_log "masked $u (zram swap)"; fi
  done
  if selinux_enforcing; then
    if kl_have setenforce; then setenforce 0 || true; fi
    if [[ -f /etc/selinux/config ]]; then sed -i -E 's/^SELINUX=enforcing/SELINUX=permissive/' /etc/selinux/config; fi
    kl_log "SELinux set to permissive"
  fi
  apply_firewall
  modules_conf | kl_write "$MODULES_FILE" 0644
  modprobe overlay
  modprobe br_netfilter
  sysctl_conf | kl_write "$SYSCTL_FILE" 0644
  sysctl -p "$SYSCTL_FILE" >/dev/null
  if [[ ${RUNTIME:-} == docker || ${RUNTIME:-} == cri-dockerd ]]; then
    forward_dropin | kl_write "$FORWARD_DROPIN" 0644
    if [[ $KL_CHANGED == 1 ]]; then systemctl daemon-reload || true; fi
    iptables -P FORWARD ACCEPT
  fi
}

kl_main
