import { renderFix } from '../../diagnosis/fixes';
import { fail, fixedByInstall, minorOf, pass, unknown, type NodeCheck } from '../check';

/**
 * Tools kubeadm's preflight looks for on PATH (cmd/kubeadm/app/preflight/checks_linux.go):
 * mandatory ones fail `kubeadm init/join`, optional ones only warn. conntrack stopped being
 * mandatory in 1.32 (kubernetes/kubernetes#126952).
 */
export function requiredTools(version: string): { mandatory: string[]; optional: string[] } {
  const mandatory = ['ip', 'iptables', 'mount', 'nsenter'];
  if (minorOf(version) < 32) mandatory.push('conntrack');
  return { mandatory, optional: ['ebtables', 'ethtool', 'socat', 'tc'] };
}

/**
 * The driver kubelab's kubeadm config gives the kubelet, for every version
 * (common/plan/kubeadmConfig.ts: KubeletConfiguration `cgroupDriver: systemd`).
 */
export const KUBELET_CGROUP_DRIVER = 'systemd';

/**
 * Up to 1.21 kubeadm read `docker info` and wrote docker's driver into the kubelet's flags
 * (kubeadm-flags.env), which beat the config file; kubernetes/kubernetes#99647 removed that in 1.22.
 */
const DOCKER_DRIVER_MATCHED_BEFORE = 22;

/**
 * The runtimes kubelab's container-runtime step installs and configures. cri-dockerd is Docker
 * Engine behind a shim, so its cgroup driver is docker's daemon.json, which the step writes.
 */
const CONFIGURED_BY_STEP: ReadonlySet<string> = new Set(['docker', 'containerd', 'cri-dockerd']);

const HOW: Record<string, string> = {
  docker: 'writes native.cgroupdriver=systemd into /etc/docker/daemon.json and restarts docker',
  'cri-dockerd':
    'writes native.cgroupdriver=systemd into /etc/docker/daemon.json and restarts docker (cri-dockerd reports docker’s driver)',
  containerd:
    'writes SystemdCgroup = true into /etc/containerd/config.toml and restarts containerd',
};
const HOW_ZH: Record<string, string> = {
  docker: '会在 /etc/docker/daemon.json 中写入 native.cgroupdriver=systemd 并重启 docker',
  'cri-dockerd':
    '会在 /etc/docker/daemon.json 中写入 native.cgroupdriver=systemd 并重启 docker（cri-dockerd 报告的是 docker 的驱动）',
  containerd: '会在 /etc/containerd/config.toml 中写入 SystemdCgroup = true 并重启 containerd',
};

/**
 * The runtime's cgroup driver against the kubelet's. The kubelet's is what kubelab's kubeadm
 * config sets (systemd), not whatever the node has now; before an install kubelab's
 * container-runtime step sets the runtime to systemd too, so a mismatch then only warns.
 */
export const runtimeCgroupDriver: NodeCheck = {
  id: 'cgroup-driver',
  evaluate({ probes }, plan) {
    const driver = probes.runtimeCgroupDriver;
    if (driver === undefined || driver === 'unknown') {
      // Before the runtime is installed there is nothing to compare; kubelab installs it right.
      return unknown('block', 'the container runtime’s cgroup driver', '容器运行时的 cgroup 驱动');
    }
    const rt = plan.runtime;
    const evidence = `${rt} cgroup driver: ${driver}; kubelet (kubelab's kubeadm config): ${KUBELET_CGROUP_DRIVER}`;
    if (driver === KUBELET_CGROUP_DRIVER) {
      return pass(
        'block',
        'Runtime and kubelet both use the systemd cgroup driver.',
        '运行时与 kubelet 都使用 systemd cgroup 驱动。',
        evidence,
      );
    }
    const fix = rt === 'containerd' ? renderFix('containerd-systemd-cgroup') : undefined;
    if (plan.context === 'install' && CONFIGURED_BY_STEP.has(rt)) {
      return fixedByInstall(
        'container-runtime',
        `${rt} uses the ${driver} cgroup driver; kubelab's kubeadm config gives the kubelet systemd, and its container-runtime step ${HOW[rt] ?? ''} so both match.`,
        `${rt} 使用 ${driver} cgroup 驱动；kubelab 的 kubeadm 配置让 kubelet 使用 systemd，其 container-runtime 步骤${HOW_ZH[rt] ?? ''}，使两者一致。`,
        evidence,
        fix,
      );
    }
    if (rt === 'docker' && minorOf(plan.kubernetesVersion) < DOCKER_DRIVER_MATCHED_BEFORE) {
      // kubeadm's own flag wins over kubelab's config: the kubelet follows docker, so they match.
      return fail(
        'warn',
        `docker uses the ${driver} cgroup driver. kubeadm ${plan.kubernetesVersion} copies docker's driver into the kubelet's flags, so they match and the kubelet starts; the kubeadm guide recommends systemd on systemd hosts.`,
        `docker 使用 ${driver} cgroup 驱动。kubeadm ${plan.kubernetesVersion} 会把 docker 的驱动写入 kubelet 的启动参数，两者一致，kubelet 可以启动；kubeadm 指南建议在 systemd 主机上使用 systemd。`,
        `${evidence} (kubeadm before 1.22 writes --cgroup-driver=${driver} to kubeadm-flags.env)`,
      );
    }
    return fail(
      'block',
      `The ${rt} runtime uses the ${driver} cgroup driver but the kubelet uses systemd (kubelab's kubeadm config${rt === 'docker' ? '; kubeadm stopped copying docker’s driver in 1.22' : ''}); the control plane would never start.`,
      `${rt} 运行时使用 ${driver} cgroup 驱动，而 kubelet 使用 systemd（kubelab 的 kubeadm 配置${rt === 'docker' ? '；kubeadm 自 1.22 起不再复制 docker 的驱动' : ''}）；控制平面将无法启动。`,
      evidence,
      fix,
    );
  },
};

export const criSockets: NodeCheck = {
  id: 'cri-sockets',
  evaluate({ probes }) {
    if (!probes.criSockets) return unknown('warn', 'the CRI sockets', 'CRI 套接字');
    const evidence = probes.criSockets.join(', ') || '(none yet)';
    if (probes.criSockets.length > 1) {
      return fail(
        'warn',
        'Several container runtimes are installed; kubelab names its socket in every kubeadm call, but crictl and manual kubeadm runs will refuse to guess.',
        '安装了多个容器运行时；kubelab 会在每次 kubeadm 调用中指定套接字，但 crictl 和手动执行的 kubeadm 不会替你选择。',
        evidence,
        renderFix('crictl-endpoint'),
      );
    }
    return pass('warn', 'At most one CRI socket.', '最多只有一个 CRI 套接字。', evidence);
  },
};

/**
 * Tools the kubelet package pulls in as dependencies, so kubelab's kube-packages step installs
 * them (kubernetes/release kubelet.spec: Requires conntrack, ebtables, ethtool, iproute,
 * iptables, socat, util-linux; the deb's Depends are the same, with mount). Not tc: on EL it is
 * iproute-tc, which nothing requires.
 */
export const PACKAGED_TOOLS: ReadonlySet<string> = new Set([
  'conntrack',
  'ebtables',
  'ethtool',
  'socat',
  'iptables',
  'ip',
  'mount',
  'nsenter',
]);

export const binaries: NodeCheck = {
  id: 'binaries',
  evaluate({ facts }, plan) {
    if (!facts.binaries) return unknown('block', 'the installed tools', '已安装的工具');
    const present = new Set(facts.binaries.map((b) => b.name));
    const { mandatory, optional } = requiredTools(plan.kubernetesVersion);
    const missing = mandatory.filter((b) => !present.has(b));
    const missingOptional = optional.filter((b) => !present.has(b));
    const all = [...missing, ...missingOptional];
    const evidence = `missing: ${all.join(', ') || 'none'}`;
    const install = plan.context === 'install';
    const blocking = install ? missing.filter((b) => !PACKAGED_TOOLS.has(b)) : missing;
    if (blocking.length > 0) {
      return fail(
        'block',
        `kubeadm ${plan.kubernetesVersion} needs ${blocking.join(', ')} on root's PATH.`,
        `kubeadm ${plan.kubernetesVersion} 需要 root 的 PATH 中有 ${blocking.join('、')}。`,
        evidence,
        renderFix('install-node-tools'),
      );
    }
    if (install && all.length > 0 && all.every((b) => PACKAGED_TOOLS.has(b))) {
      return fixedByInstall(
        'kube-packages',
        `Missing now: ${all.join(', ')}; they come with the kubelet package as its dependencies.`,
        `目前缺少：${all.join('、')}；它们作为 kubelet 软件包的依赖一并安装。`,
        evidence,
        renderFix('install-node-tools'),
      );
    }
    if (all.length > 0) {
      const recommended = missingOptional.filter((b) => !install || !PACKAGED_TOOLS.has(b));
      return fail(
        'warn',
        `Recommended tools missing: ${recommended.join(', ')} (kubeadm warns; port-forward needs socat).`,
        `缺少推荐的工具：${recommended.join('、')}（kubeadm 会警告；port-forward 需要 socat）。`,
        evidence,
        renderFix('install-node-tools'),
      );
    }
    return pass(
      'block',
      'All tools kubeadm looks for are present.',
      'kubeadm 需要的工具都已安装。',
      evidence,
    );
  },
};

export const RUNTIME_CHECKS: readonly NodeCheck[] = [runtimeCgroupDriver, criSockets, binaries];
