#!/bin/bash
# Shared by the bash shims inside a lab node: scenario quirks and state locations.
# shellcheck source=/dev/null
source /usr/local/lib/kubelab-lab/node.env
export LAB=/usr/local/lib/kubelab-lab
LAB_SD=/var/lib/lab-systemd        # enabled / masked units (persistent, like /etc/systemd)
LAB_RUN=/run/lab-systemd           # active units and pids (gone on "reboot", like /run)
LAB_PKGS=/var/lib/lab-pkgs         # installed package -> version
LAB_STATE=/var/lib/lab-node        # sysctl keys, loaded modules, selinux mode
mkdir -p "$LAB_SD" "$LAB_RUN" "$LAB_PKGS" "$LAB_STATE"
lab_slow() { if [[ -n ${LAB_SLOW_MS:-} ]]; then sleep "$(awk -v m="$LAB_SLOW_MS" 'BEGIN{print m/1000}')"; fi; }
[[ -f $LAB_STATE/slow_ms ]] && LAB_SLOW_MS=$(cat "$LAB_STATE/slow_ms")
lab_pkg_installed() { [[ -f $LAB_PKGS/$1 ]]; }
lab_slow
