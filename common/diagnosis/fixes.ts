import type { FixPreview, FixTarget } from '../model/diagnosis';

/**
 * The automatic fixes, as data: the exact shell lines a preview shows and the engine runs (as
 * root, on `runsOn`). Shared by the classifier and the preflight checks so a fix offered after a
 * failure and one offered before it are the same commands. `${name}` placeholders are filled from
 * the regex captures of the evidence or from the plan; `defaults` covers the common case.
 */
export interface FixDefinition {
  runsOn: FixTarget;
  /** Throws away state (a reset): the UI asks for an explicit confirmation. */
  destructive: boolean;
  commands: readonly string[];
  defaults?: Readonly<Record<string, string>>;
}

const CONTAINERD_CONFIG = '/etc/containerd/config.toml';

export const FIXES = {
  'swap-off': {
    runsOn: 'failed-node',
    destructive: false,
    commands: [
      'swapoff -a',
      // Comment out every active swap line so a reboot does not bring swap back (kubespray#2348).
      "sed -ri '/^[^#]\\S*\\s+\\S+\\s+swap\\s/s/^/#/' /etc/fstab",
      // Ubuntu's /swap.img and zram units come back from systemd even with fstab cleaned.
      'systemctl mask --now swap.img.swap dev-zram0.swap systemd-zram-setup@zram0.service',
    ],
  },
  'selinux-permissive': {
    runsOn: 'failed-node',
    destructive: false,
    commands: [
      'setenforce 0',
      "sed -i 's/^SELINUX=enforcing$/SELINUX=permissive/' /etc/selinux/config",
    ],
  },
  'kernel-modules-sysctl': {
    runsOn: 'failed-node',
    destructive: false,
    // The module first: the bridge sysctls do not exist until br_netfilter is loaded (opsnull#287).
    commands: [
      'modprobe overlay',
      'modprobe br_netfilter',
      "printf 'overlay\\nbr_netfilter\\n' > /etc/modules-load.d/k8s.conf",
      "printf 'net.bridge.bridge-nf-call-iptables = 1\\nnet.bridge.bridge-nf-call-ip6tables = 1\\nnet.ipv4.ip_forward = 1\\n' > /etc/sysctl.d/k8s.conf",
      'sysctl --system',
    ],
  },
  'containerd-systemd-cgroup': {
    runsOn: 'failed-node',
    destructive: false,
    commands: [
      'mkdir -p /etc/containerd',
      // Keep an existing config (it may carry the mirror and pause image); only a missing or
      // key-less one is regenerated from containerd's defaults.
      `grep -q SystemdCgroup ${CONTAINERD_CONFIG} 2>/dev/null || containerd config default > ${CONTAINERD_CONFIG}`,
      `sed -i 's/SystemdCgroup = false/SystemdCgroup = true/' ${CONTAINERD_CONFIG}`,
      'systemctl restart containerd',
    ],
  },
  'containerd-enable-cri': {
    runsOn: 'failed-node',
    destructive: false,
    // Docker's containerd.io package ships `disabled_plugins = ["cri"]`.
    commands: [
      `sed -i 's/^disabled_plugins = \\["cri"\\]/disabled_plugins = []/' ${CONTAINERD_CONFIG}`,
      'systemctl restart containerd',
    ],
  },
  // cri-dockerd's packaged units (Mirantis/cri-dockerd packaging/systemd): the socket unit
  // creates /run/cri-dockerd.sock, the service needs dockerd.
  'cri-dockerd-start': {
    runsOn: 'failed-node',
    destructive: false,
    commands: [
      'systemctl start docker',
      'systemctl enable --now cri-docker.socket',
      'systemctl restart cri-docker.service',
    ],
  },
  'join-token': {
    runsOn: 'control-plane',
    destructive: false,
    commands: ['kubeadm token create --print-join-command'],
  },
  'upload-certs': {
    runsOn: 'control-plane',
    destructive: false,
    commands: ['kubeadm init phase upload-certs --upload-certs'],
  },
  'reset-node': {
    runsOn: 'failed-node',
    destructive: true,
    commands: [
      'kubeadm reset -f',
      // What kubeadm reset removes, again: a half-installed node may have no kubeadm to run it.
      'rm -rf /etc/kubernetes/manifests /etc/kubernetes/pki /etc/kubernetes/*.conf /etc/cni/net.d /var/lib/cni /var/lib/etcd /root/.kube/config',
      'ip link delete cni0 2>/dev/null || true',
      'ip link delete flannel.1 2>/dev/null || true',
      'iptables -F && iptables -t nat -F && iptables -t mangle -F && iptables -X',
      'command -v ipvsadm >/dev/null && ipvsadm --clear || true',
      'systemctl restart containerd',
    ],
  },
  'delete-cni-bridge': {
    runsOn: 'failed-node',
    destructive: false,
    commands: [
      'ip link set cni0 down',
      'ip link delete cni0',
      'ip link delete flannel.1 2>/dev/null || true',
      'systemctl restart kubelet',
    ],
  },
  'crictl-endpoint': {
    runsOn: 'failed-node',
    destructive: false,
    // kubelab also writes nodeRegistration.criSocket into every init/join config.
    commands: [
      "printf 'runtime-endpoint: ${criSocket}\\nimage-endpoint: ${criSocket}\\n' > /etc/crictl.yaml",
    ],
    defaults: { criSocket: 'unix:///run/containerd/containerd.sock' },
  },
  'firewalld-open-port': {
    runsOn: 'failed-node',
    destructive: false,
    commands: ['firewall-cmd --permanent --add-port=${port}/${proto}', 'firewall-cmd --reload'],
    defaults: { proto: 'tcp' },
  },
  // Port lists are comma-separated: firewalld ranges use "-" (2379-2380/tcp), ufw ranges ":".
  'firewalld-open-ports': {
    runsOn: 'failed-node',
    destructive: false,
    commands: [
      "echo ${ports} | tr , '\\n' | xargs -I{} firewall-cmd --permanent --add-port={}",
      'firewall-cmd --reload',
    ],
  },
  // The failure evidence's fix for a port a plain iptables rule drops: an ACCEPT inserted ahead
  // of it (`-C` first, so a re-run adds nothing), as preflight's openPortsFix does. One entry per
  // place the dropping node can be: the failed node itself, or the control plane it had to reach.
  'iptables-accept-port': {
    runsOn: 'failed-node',
    destructive: false,
    commands: [
      'iptables -C INPUT -p ${proto} --dport ${port} -j ACCEPT 2>/dev/null || iptables -I INPUT -p ${proto} --dport ${port} -j ACCEPT',
    ],
    defaults: { proto: 'tcp' },
  },
  'iptables-accept-port-on-control-plane': {
    runsOn: 'control-plane',
    destructive: false,
    commands: [
      'iptables -C INPUT -p ${proto} --dport ${port} -j ACCEPT 2>/dev/null || iptables -I INPUT -p ${proto} --dport ${port} -j ACCEPT',
    ],
    defaults: { proto: 'tcp' },
  },
  'ufw-open-ports': {
    runsOn: 'failed-node',
    destructive: false,
    commands: ["echo ${ports} | tr , '\\n' | xargs -I{} ufw allow {}"],
  },
  // apt-get update first: a machine whose package lists were never fetched (cloud and minimal
  // images ship none) answers "E: Unable to locate package"; kubernetes.io's "Installing kubeadm"
  // runs `apt-get update` before every `apt-get install` for the same reason.
  'time-sync': {
    runsOn: 'failed-node',
    destructive: false,
    commands: [
      'command -v chronyc >/dev/null || { apt-get update && apt-get install -y chrony; } || dnf install -y chrony',
      'systemctl enable --now chronyd 2>/dev/null || systemctl enable --now chrony',
      'chronyc makestep',
    ],
  },
  'kubelet-resolvconf': {
    runsOn: 'every-node',
    destructive: false,
    commands: [
      "sed -i 's#^resolvConf:.*#resolvConf: /run/systemd/resolve/resolv.conf#' /var/lib/kubelet/config.yaml",
      'systemctl restart kubelet',
    ],
  },
  'copy-admin-kubeconfig': {
    runsOn: 'control-plane',
    destructive: false,
    commands: [
      'mkdir -p "$HOME/.kube"',
      'cp /etc/kubernetes/admin.conf "$HOME/.kube/config"',
      'chown "$(id -u):$(id -g)" "$HOME/.kube/config"',
    ],
  },
  'install-node-tools': {
    runsOn: 'failed-node',
    destructive: false,
    commands: [
      // apt-get update first, as in time-sync.
      'if command -v apt-get >/dev/null; then apt-get update && apt-get install -y conntrack socat ebtables ethtool; else dnf install -y conntrack-tools socat ebtables ethtool; fi',
    ],
  },
  'pause-image-mirror': {
    runsOn: 'failed-node',
    destructive: false,
    commands: [
      `sed -i 's#sandbox_image = .*#sandbox_image = "\${imageRepository}/pause:\${pauseTag}"#' ${CONTAINERD_CONFIG}`,
      'systemctl restart containerd',
    ],
    defaults: { pauseTag: '3.9' },
  },
  'set-hostname': {
    runsOn: 'failed-node',
    destructive: false,
    commands: ['hostnamectl set-hostname ${hostname}'],
  },
  'hosts-entry': {
    runsOn: 'failed-node',
    destructive: false,
    commands: ['grep -qw "$(hostname)" /etc/hosts || echo "${address} $(hostname)" >> /etc/hosts'],
  },
  'regenerate-machine-id': {
    runsOn: 'failed-node',
    destructive: false,
    commands: ['rm -f /etc/machine-id /var/lib/dbus/machine-id', 'systemd-machine-id-setup'],
  },
} as const satisfies Record<string, FixDefinition>;

export type FixId = keyof typeof FIXES;

const PLACEHOLDER = /\$\{(\w+)\}/g;
/**
 * Values end up inside shell lines and may come from pasted log text, so only a conservative
 * character set is accepted (host names, IPs, ports, image references, socket URLs).
 */
const SAFE_VALUE = /^[A-Za-z0-9._:/@,=+-]{1,253}$/;

/**
 * Renders a fix for preview: placeholders filled from `params`, then the fix's defaults; any
 * still unfilled are listed in `missingParams` and left visible in the commands.
 */
export function renderFix(id: FixId, params: Readonly<Record<string, string>> = {}): FixPreview {
  const def: FixDefinition = FIXES[id];
  const values: Record<string, string> = { ...def.defaults, ...params };
  const missing = new Set<string>();
  const commands = def.commands.map((line) =>
    line.replace(PLACEHOLDER, (whole, name: string) => {
      const value = values[name];
      if (value === undefined || !SAFE_VALUE.test(value)) {
        missing.add(name);
        return whole;
      }
      return value;
    }),
  );
  return {
    id,
    runsOn: def.runsOn,
    destructive: def.destructive,
    commands,
    missingParams: [...missing],
  };
}
