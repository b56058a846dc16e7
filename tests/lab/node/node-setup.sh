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
if [[ ${LAB_FAMILY:-} != rhel ]]; then rm -f /usr/local/sbin/getenforce /usr/local/sbin/setenforce; fi
