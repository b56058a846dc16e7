#!/bin/bash
# Runs once inside a freshly started lab node (as root, in its namespaces): users, passwords,
# machine identity and the scenario's quirks.
set -euo pipefail
root_password=$1
user=$2
user_password=$3
# shellcheck source=/dev/null
source /usr/local/lib/kubelab-lab/node.env

echo "root:$root_password" | chpasswd
if ! id "$user" >/dev/null 2>&1; then
  useradd -m -s /bin/bash -G sudo "$user"
fi
echo "$user:$user_password" | chpasswd
install -d -m 700 -o "$user" -g "$user" "/home/$user/.ssh"
install -m 600 -o "$user" -g "$user" /root/.ssh/authorized_keys "/home/$user/.ssh/authorized_keys"

mkdir -p /sys/class/dmi/id
uuid=${LAB_PRODUCT_UUID:-$(tr '[:lower:]' '[:upper:]' < /proc/sys/kernel/random/uuid)}
echo "$uuid" > /sys/class/dmi/id/product_uuid
chmod 0400 /sys/class/dmi/id/product_uuid

mkdir -p /var/lib/lab-systemd /var/log/lab-journal
bash /usr/local/lib/kubelab-lab/node/quirks.sh
if [[ ${LAB_FAMILY:-} != rhel ]]; then
  rm -f /usr/local/sbin/getenforce /usr/local/sbin/setenforce /usr/local/bin/dnf /usr/local/bin/yum /usr/local/bin/rpm /usr/local/bin/firewall-cmd
else
  # Rocky has no apt (the host's /usr/bin/apt* would otherwise show through): bash's
  # "command not found" (exit 127) instead. Its base install has dnf/yum, rpm, firewalld, dnf-plugins-core.
  for t in apt apt-get apt-cache apt-mark apt-key add-apt-repository dpkg; do
    printf '#!/bin/sh\necho "bash: %s: command not found" >&2\nexit 127\n' "$t" > "/usr/local/bin/$t"
    chmod 755 "/usr/local/bin/$t"
  done
  mkdir -p /var/lib/lab-pkgs
  printf '1.2.1-1.el9\n' > /var/lib/lab-pkgs/firewalld
  printf '4.3.0-11.el9\n' > /var/lib/lab-pkgs/dnf-plugins-core
  printf '7.76.1-26.el9_3.2\n' > /var/lib/lab-pkgs/curl
  # chrony is in Rocky's minimal install (chronyc on PATH; chronyd is started by the time-sync fix).
  printf '4.3-1.el9\n' > /var/lib/lab-pkgs/chrony
  ln -sf /usr/local/lib/kubelab-lab/pkgbin/chronyc /usr/local/bin/chronyc
fi

# An external load balancer machine (scenario ha-external, `role: lb`): Debian's real haproxy
# forwarding to the control planes' API server port (external-lb.sh).
if [[ ${LAB_ROLE:-} == lb ]]; then
  bash /usr/local/lib/kubelab-lab/node/external-lb.sh 6443
fi
