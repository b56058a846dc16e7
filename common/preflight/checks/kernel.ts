import { renderFix } from '../../diagnosis/fixes';
import {
  fail,
  fixedByInstall,
  minorOf,
  pass,
  unknown,
  type NodeCheck,
  type Outcome,
} from '../check';

export const REQUIRED_MODULES = ['overlay', 'br_netfilter'] as const;
export const REQUIRED_SYSCTLS = [
  'net.ipv4.ip_forward',
  'net.bridge.bridge-nf-call-iptables',
  'net.bridge.bridge-nf-call-ip6tables',
] as const;

/** From 1.31 cgroup v1 is in maintenance mode (KEP-4569). */
const CGROUP_V1_DEPRECATED_FROM = 31;
/**
 * From 1.35 the kubelet's failCgroupV1 defaults to true: it exits on a cgroup v1 host with "kubelet
 * is configured to not run on a host using cgroup v1" (KEP-5573,
 * https://git.k8s.io/enhancements/keps/sig-node/5573-cgroup-v1-unsupported), and kubeadm's
 * system validator turned its cgroup v1 warning into an error (kubernetes/system-validators#59).
 */
export const CGROUP_V1_REFUSED_FROM = 35;

export const swapActive: NodeCheck = {
  id: 'swap-active',
  evaluate({ facts }) {
    if (!facts.swap) return unknown('block', 'swap', 'swap 信息');
    const active = facts.swap.active;
    if (active.length > 0) {
      return fail(
        'block',
        'Swap is on; kubeadm refuses to install and the kubelet refuses to start.',
        'swap 已开启；kubeadm 拒绝安装，kubelet 拒绝启动。',
        active.map((s) => `${s.name} (${s.type}, ${s.sizeKb} kB)`).join(', '),
        renderFix('swap-off'),
      );
    }
    return pass('block', 'Swap is off.', 'swap 已关闭。', '/proc/swaps: empty');
  },
};

export const swapOnBoot: NodeCheck = {
  id: 'swap-on-boot',
  evaluate({ facts, probes }) {
    if (!facts.swap) return unknown('warn', 'the fstab swap entries', 'fstab 中的 swap 条目');
    const lines = facts.swap.fstab.filter((l) => !l.trimStart().startsWith('#'));
    const sources = [...lines, ...(probes.zramSwap ? ['zram swap (zram-generator)'] : [])];
    if (sources.length > 0) {
      return fail(
        'warn',
        'Swap comes back after a reboot and would stop the kubelet; kubelab comments it out and masks the swap units.',
        '重启后 swap 会重新开启并使 kubelet 停止；kubelab 会注释掉相应条目并屏蔽 swap 单元。',
        sources.join('; '),
        renderFix('swap-off'),
      );
    }
    return pass(
      'warn',
      'No swap configured for boot.',
      '开机不会启用 swap。',
      '/etc/fstab: no swap',
    );
  },
};

export const selinux: NodeCheck = {
  id: 'selinux',
  evaluate({ facts }) {
    if (!facts.selinux) return unknown('block', 'the SELinux mode', 'SELinux 模式');
    const evidence = `getenforce: ${facts.selinux}`;
    if (facts.selinux === 'enforcing') {
      return fail(
        'block',
        'SELinux is enforcing; containers of the control plane and the CNI cannot use the host paths they need. kubelab sets it to permissive (as the kubeadm guide does).',
        'SELinux 处于 enforcing 模式；控制平面和 CNI 的容器无法访问所需的主机路径。kubelab 会将其设为 permissive（与 kubeadm 指南一致）。',
        evidence,
        renderFix('selinux-permissive'),
      );
    }
    return pass('block', 'SELinux does not enforce.', 'SELinux 未处于 enforcing 模式。', evidence);
  },
};

/** Modules and sysctls: kubelab's prepare-os sets both, so they block only without an install. */
type Finding = (en: string, zh: string, evidence: string) => Outcome;
const byPrepareOs: Finding = (en, zh, evidence) =>
  fixedByInstall('prepare-os', en, zh, evidence, renderFix('kernel-modules-sysctl'));
const blocks: Finding = (en, zh, evidence) =>
  fail('block', en, zh, evidence, renderFix('kernel-modules-sysctl'));

export const kernelModules: NodeCheck = {
  id: 'kernel-modules',
  evaluate({ probes }, plan) {
    if (!probes.modules) return unknown('block', 'the loaded kernel modules', '已加载的内核模块');
    const loaded = new Set(probes.modules);
    const missing = REQUIRED_MODULES.filter((m) => !loaded.has(m));
    if (missing.length > 0) {
      // prepare-os writes /etc/modules-load.d/kubelab.conf and modprobes both.
      return (plan.context === 'install' ? byPrepareOs : blocks)(
        `Kernel modules not loaded: ${missing.join(', ')}. Pod networking and the container runtime need them.`,
        `未加载内核模块：${missing.join('、')}。Pod 网络和容器运行时需要它们。`,
        `lsmod: missing ${missing.join(', ')}`,
      );
    }
    return pass(
      'block',
      'overlay and br_netfilter are loaded.',
      'overlay 和 br_netfilter 已加载。',
      'lsmod: ok',
    );
  },
};

export const sysctls: NodeCheck = {
  id: 'sysctl',
  evaluate({ probes }, plan) {
    if (!probes.sysctl) return unknown('block', 'the network sysctls', '网络 sysctl 参数');
    const values = probes.sysctl;
    const bad = REQUIRED_SYSCTLS.filter((k) => values[k] !== '1');
    const evidence = REQUIRED_SYSCTLS.map((k) => `${k} = ${values[k] ?? '(absent)'}`).join(', ');
    if (bad.length > 0) {
      // prepare-os writes /etc/sysctl.d/99-kubelab.conf and applies it.
      return (plan.context === 'install' ? byPrepareOs : blocks)(
        `These must be 1: ${bad.join(', ')} (the bridge ones exist only once br_netfilter is loaded).`,
        `以下参数必须为 1：${bad.join('、')}（网桥相关参数在加载 br_netfilter 之后才存在）。`,
        evidence,
      );
    }
    return pass(
      'block',
      'Forwarding and bridge sysctls are set.',
      '转发和网桥参数已设置。',
      evidence,
    );
  },
};

export const cgroupVersion: NodeCheck = {
  id: 'cgroup-version',
  evaluate({ facts }, plan) {
    if (!facts.cgroup || facts.cgroup === 'unknown') {
      return unknown('warn', 'the cgroup version', 'cgroup 版本');
    }
    const evidence = `cgroup ${facts.cgroup}, Kubernetes ${plan.kubernetesVersion}`;
    if (facts.cgroup === 'v1' && minorOf(plan.kubernetesVersion) >= CGROUP_V1_REFUSED_FROM) {
      return fail(
        'block',
        'This node runs cgroup v1, and the kubelet of Kubernetes 1.35 and later refuses to start on cgroup v1 (failCgroupV1 defaults to true). Fix: boot the node with cgroup v2 — add systemd.unified_cgroup_hierarchy=1 to the kernel command line (Debian/Ubuntu: GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub; RHEL family: grubby --update-kernel=ALL --args=systemd.unified_cgroup_hierarchy=1) and reboot — or plan Kubernetes 1.34 or older.',
        '此节点使用 cgroup v1，而 Kubernetes 1.35 及更高版本的 kubelet 拒绝在 cgroup v1 上启动（failCgroupV1 默认为 true）。修复：让节点以 cgroup v2 启动——在内核命令行加入 systemd.unified_cgroup_hierarchy=1（Debian/Ubuntu：修改 /etc/default/grub 中的 GRUB_CMDLINE_LINUX 后执行 update-grub；RHEL 系：grubby --update-kernel=ALL --args=systemd.unified_cgroup_hierarchy=1）并重启——或改为规划 Kubernetes 1.34 或更早版本。',
        evidence,
      );
    }
    if (facts.cgroup === 'v1' && minorOf(plan.kubernetesVersion) >= CGROUP_V1_DEPRECATED_FROM) {
      return fail(
        'warn',
        'cgroup v1 is in maintenance mode from Kubernetes 1.31 and refused by default from 1.35; prefer a distribution with cgroup v2.',
        'cgroup v1 自 Kubernetes 1.31 起进入维护模式，自 1.35 起默认被拒绝；建议使用 cgroup v2 的发行版。',
        evidence,
      );
    }
    return pass(
      'warn',
      `cgroup ${facts.cgroup} works with this version.`,
      `cgroup ${facts.cgroup} 可用于此版本。`,
      evidence,
    );
  },
};

export const KERNEL_CHECKS: readonly NodeCheck[] = [
  swapActive,
  swapOnBoot,
  selinux,
  kernelModules,
  sysctls,
  cgroupVersion,
];
