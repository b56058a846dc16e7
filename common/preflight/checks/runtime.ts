import { renderFix } from '../../diagnosis/fixes';
import { fail, minorOf, pass, unknown, type NodeCheck } from '../check';

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

export const runtimeCgroupDriver: NodeCheck = {
  id: 'cgroup-driver',
  evaluate({ probes }, plan) {
    const driver = probes.runtimeCgroupDriver;
    if (driver === undefined || driver === 'unknown') {
      // Before the runtime is installed there is nothing to compare; kubelab installs it right.
      return unknown('block', 'the container runtime’s cgroup driver', '容器运行时的 cgroup 驱动');
    }
    const evidence = `${plan.runtime} cgroup driver: ${driver}; kubelet: systemd`;
    if (driver !== 'systemd') {
      return fail(
        'block',
        `The ${plan.runtime} runtime uses the ${driver} cgroup driver but the kubelet uses systemd; the control plane would never start.`,
        `${plan.runtime} 运行时使用 ${driver} cgroup 驱动，而 kubelet 使用 systemd；控制平面将无法启动。`,
        evidence,
        plan.runtime === 'containerd' ? renderFix('containerd-systemd-cgroup') : undefined,
      );
    }
    return pass(
      'block',
      'Runtime and kubelet both use the systemd cgroup driver.',
      '运行时与 kubelet 都使用 systemd cgroup 驱动。',
      evidence,
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

export const binaries: NodeCheck = {
  id: 'binaries',
  evaluate({ facts }, plan) {
    if (!facts.binaries) return unknown('block', 'the installed tools', '已安装的工具');
    const present = new Set(facts.binaries.map((b) => b.name));
    const { mandatory, optional } = requiredTools(plan.kubernetesVersion);
    const missing = mandatory.filter((b) => !present.has(b));
    const missingOptional = optional.filter((b) => !present.has(b));
    const evidence = `missing: ${[...missing, ...missingOptional].join(', ') || 'none'}`;
    if (missing.length > 0) {
      return fail(
        'block',
        `kubeadm ${plan.kubernetesVersion} needs ${missing.join(', ')} on root's PATH.`,
        `kubeadm ${plan.kubernetesVersion} 需要 root 的 PATH 中有 ${missing.join('、')}。`,
        evidence,
        renderFix('install-node-tools'),
      );
    }
    if (missingOptional.length > 0) {
      return fail(
        'warn',
        `Recommended tools missing: ${missingOptional.join(', ')} (kubeadm warns; port-forward needs socat).`,
        `缺少推荐的工具：${missingOptional.join('、')}（kubeadm 会警告；port-forward 需要 socat）。`,
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
