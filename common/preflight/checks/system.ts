import { renderFix } from '../../diagnosis/fixes';
import { fail, pass, unknown, type NodeCheck } from '../check';

const ARCHES = new Set(['x86_64', 'amd64', 'aarch64', 'arm64']);
/** Distributions kubelab's package steps know (apt or dnf/yum families). */
const FAMILIES = new Set([
  'debian',
  'ubuntu',
  'rhel',
  'centos',
  'fedora',
  'rocky',
  'almalinux',
  'openeuler',
]);

/** kubeadm's own minimums for a control-plane node (NumCPU, Mem checks). */
export const MIN_CONTROL_PLANE_CPUS = 2;
export const MIN_CONTROL_PLANE_MEMORY_MB = 1700;
const MIN_WORKER_MEMORY_MB = 1024;

/** Clock skew against the admin's clock: warn above 5 s (sealos), block above 30 s (k0sctl). */
export const CLOCK_WARN_MS = 5_000;
export const CLOCK_BLOCK_MS = 30_000;

/** A node name: lowercase RFC 1123 subdomain, as the API server validates it. */
const RFC1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const osArch: NodeCheck = {
  id: 'os-arch',
  evaluate({ facts }) {
    if (!facts.arch) return unknown('block', 'the CPU architecture', 'CPU 架构');
    if (!ARCHES.has(facts.arch)) {
      return fail(
        'block',
        `Architecture ${facts.arch} is not supported; kubelab installs amd64 and arm64 nodes.`,
        `不支持 ${facts.arch} 架构；kubelab 只安装 amd64 和 arm64 节点。`,
        `uname -m: ${facts.arch}`,
      );
    }
    if (!facts.os) return unknown('warn', 'the operating system', '操作系统信息');
    const family = [facts.os.id, ...facts.os.idLike].find((id) => FAMILIES.has(id));
    const evidence = `${facts.os.prettyName} (${facts.arch})`;
    if (!family) {
      return fail(
        'warn',
        `${facts.os.prettyName} is not a distribution kubelab has tested (Debian/Ubuntu or RHEL-like); package steps may fail.`,
        `${facts.os.prettyName} 不是 kubelab 测试过的发行版（Debian/Ubuntu 或 RHEL 系），软件包步骤可能失败。`,
        evidence,
      );
    }
    return pass(
      'block',
      `${facts.os.prettyName} on ${facts.arch} is supported.`,
      `支持 ${facts.arch} 上的 ${facts.os.prettyName}。`,
      evidence,
    );
  },
};

export const cpus: NodeCheck = {
  id: 'cpus',
  evaluate({ facts, role }) {
    if (facts.cpus === undefined) return unknown('block', 'the CPU count', 'CPU 数量');
    const evidence = `${facts.cpus} CPU(s)`;
    if (role === 'control-plane' && facts.cpus < MIN_CONTROL_PLANE_CPUS) {
      return fail(
        'block',
        `A control-plane node needs at least ${MIN_CONTROL_PLANE_CPUS} CPUs; this one has ${facts.cpus}. Give the VM more vCPUs.`,
        `控制平面节点至少需要 ${MIN_CONTROL_PLANE_CPUS} 个 CPU，此节点只有 ${facts.cpus} 个。请为虚拟机增加 vCPU。`,
        evidence,
      );
    }
    return pass('block', 'Enough CPUs.', 'CPU 数量足够。', evidence);
  },
};

export const memory: NodeCheck = {
  id: 'memory',
  evaluate({ facts, role }) {
    if (facts.memoryBytes === undefined) return unknown('block', 'the memory size', '内存大小');
    const mb = Math.floor(facts.memoryBytes / 1024 / 1024);
    const evidence = `${mb} MB`;
    if (role === 'control-plane' && mb < MIN_CONTROL_PLANE_MEMORY_MB) {
      return fail(
        'block',
        `A control-plane node needs at least ${MIN_CONTROL_PLANE_MEMORY_MB} MB of memory; this one has ${mb} MB.`,
        `控制平面节点至少需要 ${MIN_CONTROL_PLANE_MEMORY_MB} MB 内存，此节点只有 ${mb} MB。`,
        evidence,
      );
    }
    if (role === 'worker' && mb < MIN_WORKER_MEMORY_MB) {
      return fail(
        'warn',
        `Only ${mb} MB of memory: the node joins, but few pods will fit.`,
        `内存只有 ${mb} MB：节点可以加入，但能运行的 Pod 很少。`,
        evidence,
      );
    }
    return pass('block', 'Enough memory.', '内存足够。', evidence);
  },
};

export const hostnameValid: NodeCheck = {
  id: 'hostname-valid',
  evaluate({ facts }) {
    if (facts.hostname === undefined) return unknown('block', 'the hostname', '主机名');
    const name = facts.hostname;
    if (name.length > 253 || !RFC1123.test(name)) {
      return fail(
        'block',
        `The hostname "${name}" is not a valid node name (lowercase letters, digits, "-" and "." only).`,
        `主机名 "${name}" 不是合法的节点名（只能包含小写字母、数字、"-" 和 "."）。`,
        `hostname: ${name}`,
        renderFix('set-hostname', { hostname: name.toLowerCase().replace(/[^a-z0-9.-]/g, '-') }),
      );
    }
    return pass(
      'block',
      'The hostname is a valid node name.',
      '主机名是合法的节点名。',
      `hostname: ${name}`,
    );
  },
};

export const hostnameResolves: NodeCheck = {
  id: 'hostname-resolves',
  evaluate({ facts, probes, address }) {
    if (probes.hostnameResolves === undefined) {
      return unknown('warn', 'whether the hostname resolves', '主机名能否解析');
    }
    const evidence = `getent hosts ${facts.hostname ?? '$(hostname)'}: ${probes.hostnameResolves ? 'ok' : 'no answer'}`;
    if (!probes.hostnameResolves) {
      return fail(
        'warn',
        'The node cannot resolve its own hostname; kubectl logs/exec and metrics need it. kubelab can add it to /etc/hosts.',
        '节点无法解析自己的主机名；kubectl logs/exec 和 metrics 需要它。kubelab 可以把它加入 /etc/hosts。',
        evidence,
        renderFix('hosts-entry', address ? { address } : {}),
      );
    }
    return pass('warn', 'The hostname resolves.', '主机名可以解析。', evidence);
  },
};

export const clockSkew: NodeCheck = {
  id: 'clock-skew',
  evaluate({ facts }) {
    if (facts.clockOffsetMs === undefined) return unknown('block', 'the clock offset', '时钟偏差');
    const skew = Math.abs(facts.clockOffsetMs);
    const seconds = (facts.clockOffsetMs / 1000).toFixed(1);
    const evidence = `node clock − admin clock = ${seconds} s`;
    if (skew > CLOCK_WARN_MS) {
      const severity = skew > CLOCK_BLOCK_MS ? 'block' : 'warn';
      return fail(
        severity,
        `The node's clock is off by ${seconds} s; certificates would be "not yet valid" on other nodes. Synchronise it before installing.`,
        `节点时钟偏差 ${seconds} 秒；证书在其他节点上会“尚未生效”。请在安装前同步时钟。`,
        evidence,
        renderFix('time-sync'),
      );
    }
    return pass('block', 'The clock agrees with the admin’s.', '时钟与管理员电脑一致。', evidence);
  },
};

export const SYSTEM_CHECKS: readonly NodeCheck[] = [
  osArch,
  cpus,
  memory,
  hostnameValid,
  hostnameResolves,
  clockSkew,
];
