import { renderFix } from '../../diagnosis/fixes';
import type { NodeRole } from '../../model/node';
import type { PreflightPlan } from '../../model/preflight';
import { fail, pass, unknown, type NodeCheck } from '../check';

/** TCP ports kubeadm checks are free, per role (kubeadm Port-* preflight checks). */
export function portsFor(role: NodeRole, plan: PreflightPlan): number[] {
  return role === 'control-plane' ? [plan.bindPort, 2379, 2380, 10250, 10257, 10259] : [10250];
}

/** What other nodes must reach on this one: TCP per role, plus flannel VXLAN (UDP 8472). */
function firewalldPorts(role: NodeRole, plan: PreflightPlan): string {
  return role === 'control-plane'
    ? `${plan.bindPort}/tcp,2379-2380/tcp,10250/tcp,10257/tcp,10259/tcp,8472/udp`
    : '10250/tcp,30000-32767/tcp,8472/udp';
}

/** Leftovers kubeadm refuses to overwrite (block) and ones that only break pod networking (warn). */
const BLOCKING_LEFTOVERS = [
  '/etc/kubernetes/manifests',
  '/etc/kubernetes/kubelet.conf',
  '/var/lib/etcd',
];
const LEFTOVER_INTERFACES = ['cni0', 'flannel.1'];

export const firewall: NodeCheck = {
  id: 'firewall',
  evaluate({ facts, role }, plan) {
    if (!facts.firewall) return unknown('warn', 'the firewall state', '防火墙状态');
    const { firewalld, ufw, iptablesForwardPolicy } = facts.firewall;
    const evidence = `firewalld: ${firewalld}, ufw: ${ufw}, iptables FORWARD: ${iptablesForwardPolicy ?? '?'}`;
    const ports = firewalldPorts(role, plan);
    if (firewalld === 'active') {
      return fail(
        'warn',
        `firewalld is active: other nodes must reach ${ports} here. kubelab can open exactly these ports.`,
        `firewalld 已启用：其他节点需要访问本机的 ${ports}。kubelab 可以只开放这些端口。`,
        evidence,
        renderFix('firewalld-open-ports', { ports }),
      );
    }
    if (ufw === 'active') {
      return fail(
        'warn',
        `ufw is active: other nodes must reach ${ports} here. kubelab can allow exactly these ports.`,
        `ufw 已启用：其他节点需要访问本机的 ${ports}。kubelab 可以只放行这些端口。`,
        evidence,
        renderFix('ufw-open-ports', { ports: ports.replace(/(\d+)-(\d+)/g, '$1:$2') }),
      );
    }
    if (iptablesForwardPolicy && iptablesForwardPolicy !== 'ACCEPT') {
      return fail(
        'warn',
        `The iptables FORWARD policy is ${iptablesForwardPolicy} (Docker sets this); pod traffic between nodes may be dropped. The guide runs iptables -P FORWARD ACCEPT.`,
        `iptables FORWARD 策略为 ${iptablesForwardPolicy}（Docker 会这样设置）；节点间的 Pod 流量可能被丢弃。指南中执行 iptables -P FORWARD ACCEPT。`,
        evidence,
      );
    }
    return pass('warn', 'No host firewall in the way.', '没有主机防火墙阻挡。', evidence);
  },
};

export const portsFree: NodeCheck = {
  id: 'ports',
  evaluate(node, plan) {
    if (!node.probes.listeningPorts) return unknown('block', 'the listening ports', '监听端口');
    const listening = new Set(node.probes.listeningPorts);
    const needed = portsFor(node.role, plan);
    const busy = needed.filter((p) => listening.has(p));
    const evidence = busy.length > 0 ? `in use: ${busy.join(', ')}` : `free: ${needed.join(', ')}`;
    if (busy.length > 0) {
      return fail(
        'block',
        `Ports ${busy.join(', ')} are already in use — usually a kubelet or control plane from an earlier attempt (then reset the node), otherwise another program.`,
        `端口 ${busy.join('、')} 已被占用——通常是之前尝试留下的 kubelet 或控制平面（此时请重置节点），否则是其他程序。`,
        evidence,
        renderFix('reset-node'),
      );
    }
    return pass(
      'block',
      'The ports this role needs are free.',
      '该角色需要的端口均空闲。',
      evidence,
    );
  },
};

export const leftovers: NodeCheck = {
  id: 'leftovers',
  evaluate({ facts, probes }) {
    const paths = probes.leftoverPaths;
    const ifaces = facts.interfaces
      ?.map((i) => i.name)
      .filter((n) => LEFTOVER_INTERFACES.includes(n));
    if (!paths && !ifaces)
      return unknown('block', 'leftovers of earlier installs', '之前安装的残留');
    const found = [...(paths ?? []), ...(ifaces ?? []).map((n) => `interface ${n}`)];
    const evidence = found.join(', ') || 'none';
    if (found.length === 0) {
      return pass('block', 'No leftovers of an earlier install.', '没有之前安装的残留。', evidence);
    }
    const blocking = (paths ?? []).some((p) => BLOCKING_LEFTOVERS.some((b) => p.startsWith(b)));
    return fail(
      blocking ? 'block' : 'warn',
      blocking
        ? 'An earlier Kubernetes install is still on this node; kubeadm will refuse to run. Reset the node (this deletes that cluster here).'
        : 'Network leftovers of an earlier install (CNI config or bridges) would give pods wrong addresses. Reset the node.',
      blocking
        ? '此节点上仍有之前安装的 Kubernetes；kubeadm 将拒绝运行。请重置该节点（这会删除该节点上的旧集群）。'
        : '之前安装留下的网络残留（CNI 配置或网桥）会使 Pod 获得错误地址。请重置该节点。',
      evidence,
      renderFix('reset-node'),
    );
  },
};

export const NETWORK_CHECKS: readonly NodeCheck[] = [firewall, portsFree, leftovers];
