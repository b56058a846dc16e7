#!/bin/bash
# Preflight probe: what preflight needs beyond HostFacts, in one read-only round trip. Each section
# follows an `@@KL:<name>` marker line (the facts script's format); probeParser.ts reads them.
# Data comes only from the environment:
#   KL_URLS   space-separated URLs to try (registries' /v2/, package repositories)
#   KL_PKG_FAMILY, KL_PKG_REPO, KL_PKG_INDEX, KL_PKG_ARCH   the plan's Kubernetes package
#             repository for this node (see main/preflight/packageIndex.ts); empty: not asked
# Every probe that could hang is wrapped in `timeout`; a missing tool prints nothing.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin"
s() { printf '\n@@KL:%s\n' "$1"; }
t() { timeout 5 "$@" 2>/dev/null || true; }
has() { command -v "$1" >/dev/null 2>&1; }

# The clock first, so the sample is close to the start of the round trip (see probeService.ts).
s clock
date +%s%N

s modules
# lsmod when present (it reads /proc/modules); built-in modules never show there.
if has lsmod; then t lsmod | awk 'NR > 1 {print $1}'; else awk '{print $1}' /proc/modules 2>/dev/null || true; fi
builtin=/lib/modules/$(uname -r 2>/dev/null || echo none)/modules.builtin
if [[ -r $builtin ]]; then grep -Eo '(overlay|br_netfilter)\.ko$' "$builtin" | sed 's/\.ko$//' || true; fi

s sysctl
for k in net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables; do
  if v=$(sysctl -n "$k" 2>/dev/null); then printf '%s=%s\n' "$k" "$v"; fi
done

s zram
# zram swap that comes back at boot: zram-generator (Fedora, Ubuntu 24.04+) or zram-config units.
for f in /etc/systemd/zram-generator.conf /usr/lib/systemd/zram-generator.conf /usr/local/lib/systemd/zram-generator.conf; do
  if [[ -s $f ]]; then echo "$f"; fi
done
if has systemctl && [[ $(t systemctl is-enabled zram-config) == enabled ]]; then echo zram-config.service; fi

s dockercgroup
if has docker; then t docker info --format '{{.CgroupDriver}}'; fi

s containerdconfig
if has containerd || [[ -e /etc/containerd/config.toml ]]; then
  echo installed
  if [[ -r /etc/containerd/config.toml ]]; then grep -E '^\s*(SystemdCgroup|disabled_plugins)\s*=' /etc/containerd/config.toml || true; fi
fi

s crisockets
for p in /var/run/dockershim.sock /run/containerd/containerd.sock /var/run/cri-dockerd.sock /run/crio/crio.sock; do
  if [[ -S $p ]]; then echo "$p"; fi
done

s listening
if has ss; then t ss -Htln | awk '{print $4}'; else
  # /proc/net/tcp{,6}: state 0A is LISTEN; the port is the hex after the colon.
  for f in /proc/net/tcp /proc/net/tcp6; do
    [[ -r $f ]] || continue
    while read -r _ local _ st _; do
      if [[ $st == 0A ]]; then echo "*:$((16#${local##*:}))"; fi
    done < <(tail -n +2 "$f")
  done
fi

s leftovers
for p in /etc/kubernetes/manifests /etc/kubernetes/kubelet.conf /etc/kubernetes/admin.conf /etc/kubernetes/pki /var/lib/etcd /etc/cni/net.d /var/lib/cni /var/lib/kubelet/pki "$HOME/.kube/config" /root/.kube/config; do
  if [[ -d $p ]]; then
    if [[ -n $(ls -A "$p" 2>/dev/null) ]]; then echo "$p"; fi
  elif [[ -s $p ]]; then echo "$p"; fi
done | awk '!seen[$0]++'

s hostname
h=$(hostname 2>/dev/null || cat /proc/sys/kernel/hostname)
echo "$h"
if has getent; then
  if a=$(timeout 5 getent hosts "$h" 2>/dev/null); then echo "resolves $a"; else echo "unresolved"; fi
fi

s tools
for b in ip iptables mount nsenter conntrack ebtables ethtool socat tc nc python3 ping ss curl timeout setsid; do
  if p=$(command -v "$b" 2>/dev/null); then printf '%s\t%s\n' "$b" "$p"; fi
done

s urls
for u in ${KL_URLS:-}; do
  if ! has curl; then printf '%s\t127\t\tcurl not found\n' "$u"; continue; fi
  # Any HTTP answer (a registry's 401 included) means the host is reachable from this node.
  code=0
  err=$(curl -sS -m 8 -o /dev/null -w '%{http_code}' "$u" 2>&1 >/dev/null) || code=$?
  printf '%s\t%s\t\t%s\n' "$u" "$code" "$(printf '%s' "$err" | head -n 1)"
done

s k8spkgs
# The kubeadm versions the plan's Kubernetes repository offers this node, asked from the node (its
# network, its proxy) before anything is configured or installed: first line `ok` then the
# versions as the package manager spells them, or `error<TAB>why`.
# * deb: the repository's Packages index, the file `apt-get update` downloads and `apt-cache
#   madison` prints from (Debian wiki DebianRepository/Format: a flat repository `deb <uri> /`
#   keeps <uri>/Packages, a suite one dists/<suite>/<component>/binary-<arch>/Packages), read
#   fresh rather than madison's cached lists, which may be stale or another minor's repository.
# * rpm: dnf itself, with the repository added for this one query (dnf(8): --repofrompath
#   <repo>,<url>; --repo <id> enables just that repository), so no .repo file is written.
if [[ -n ${KL_PKG_REPO:-} ]]; then
  if [[ ${KL_PKG_FAMILY:-} == rpm ]]; then
    if out=$(timeout 60 dnf -q --repofrompath="kubelab-probe,$KL_PKG_REPO" --repo=kubelab-probe list --showduplicates kubeadm 2>&1); then
      echo ok
      awk 'index($1, "kubeadm.") == 1 && NF >= 2 && !seen[$2]++ {print $2}' <<<"$out"
    else
      printf 'error\t%s\n' "$(tail -n 1 <<<"$out")"
    fi
  elif has curl; then
    index=$(mktemp)
    if err=$(curl -fsSL -m 30 -o "$index" "$KL_PKG_INDEX" 2>&1); then
      echo ok
      # Stanzas are separated by blank lines; Architecture may come after Version.
      awk -v arch="${KL_PKG_ARCH:-amd64}" '
        function flush() { if (pkg == "kubeadm" && ver != "" && (a == arch || a == "all" || a == "") && !seen[ver]++) print ver; pkg = ver = a = "" }
        /^$/ {flush(); next}
        /^Package:/ {pkg = $2} /^Version:/ {ver = $2} /^Architecture:/ {a = $2}
        END {flush()}' "$index"
    else
      printf 'error\t%s\n' "$(head -n 1 <<<"$err")"
    fi
    rm -f "$index"
  else
    printf 'error\tcurl not found\n'
  fi
fi

s end
