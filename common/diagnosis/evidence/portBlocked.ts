import type { LocalizedText } from '../../model/diagnosis';
import type { TaskDiagnosis } from '../../model/runEvent';
import { renderFix, type FixId } from '../fixes';
import { firewalldVerdict, iptablesVerdict, type PortVerdict, type Proto } from './firewallRules';
import type { ProbeResult } from './portProbe';

/** One connection attempt the evidence collector made (node names, not ids: they are shown). */
export interface PortReachability {
  from: string;
  to: string;
  address: string;
  port: number;
  proto: Proto;
  result: ProbeResult;
}

/** A node's firewall state as read by the collector: the command and its output. */
export interface FirewallState {
  node: string;
  tool: 'iptables' | 'firewalld';
  source: string;
  text: string;
}

export const PORT_BLOCKED_ID = 'port-blocked-by-firewall';

/**
 * Two independent observations (a rule in the target's firewall and a failed connection to that
 * port) outrank any log line: a signature's score is at most weight 100 + cause 100 + 5.
 */
export const PROVEN_CAUSE_SCORE = 300;

const RESULT_TEXT: Record<ProbeResult, LocalizedText> = {
  open: { en: 'connected', zh: '已连接' },
  refused: { en: 'refused', zh: '被拒绝' },
  timeout: { en: 'timed out', zh: '超时' },
  unknown: { en: 'not tested', zh: '未测试' },
};

function verdictOf(fw: FirewallState, port: number, proto: Proto): PortVerdict {
  return fw.tool === 'iptables'
    ? iptablesVerdict(fw.text, port, proto)
    : firewalldVerdict(fw.text, port, proto);
}

function fixFor(
  tool: 'iptables' | 'firewalld',
  onFailedNode: boolean,
  port: number,
  proto: Proto,
): TaskDiagnosis['fix']['preview'] {
  let id: FixId | undefined;
  if (tool === 'iptables')
    id = onFailedNode ? 'iptables-accept-port' : 'iptables-accept-port-on-control-plane';
  else if (onFailedNode) id = 'firewalld-open-port';
  return id ? renderFix(id, { port: String(port), proto }) : undefined;
}

/**
 * The root cause, when the evidence proves it: a port that connections to a node failed on
 * (timed out or refused, from that node or from others) and that node's firewall drops or
 * rejects. `failedNode` is the node whose step failed: a fix there runs on it, a fix on another
 * node runs on the control plane (the only other node whose ports a step waits for).
 */
export function portBlockedDiagnosis(
  failedNode: string,
  probes: readonly PortReachability[],
  firewalls: readonly FirewallState[],
): TaskDiagnosis | undefined {
  const failed = probes.filter((p) => p.result === 'timeout' || p.result === 'refused');
  const targets = new Map<string, PortReachability[]>();
  for (const p of failed) {
    const key = `${p.to}\u0000${p.port}/${p.proto}`;
    targets.set(key, [...(targets.get(key) ?? []), p]);
  }
  for (const attempts of targets.values()) {
    const { to, port, proto, address } = attempts[0] as PortReachability;
    for (const fw of firewalls.filter((f) => f.node === to)) {
      const v = verdictOf(fw, port, proto);
      if (v.verdict !== 'blocked' || !v.text || !v.line) continue;
      const tried = probes.filter((p) => p.to === to && p.port === port && p.proto === proto);
      const said = (lang: 'en' | 'zh'): string =>
        tried
          .map((p) => `${p.from} → ${address}:${port} ${RESULT_TEXT[p.result][lang]}`)
          .join('; ');
      const onFailedNode = to === failedNode;
      const preview = fixFor(fw.tool, onFailedNode, port, proto);
      return {
        signatureId: PORT_BLOCKED_ID,
        category: 'network',
        kind: 'cause',
        score: PROVEN_CAUSE_SCORE,
        title: {
          en: `Port ${port}/${proto} blocked by the firewall on ${to}`,
          zh: `${to} 上的防火墙阻断了 ${port}/${proto} 端口`,
        },
        explanation: {
          en: `${to}'s ${fw.tool} drops or rejects new connections to ${port}/${proto} (${v.text}), and kubelab's connection attempts failed: ${said('en')}. Whatever waits for that port (the API server's health check during kubeadm init, a join's discovery) times out.`,
          zh: `${to} 的 ${fw.tool} 丢弃或拒绝到 ${port}/${proto} 的新连接（${v.text}），kubelab 的连接尝试也失败了：${said('zh')}。等待该端口的操作（kubeadm init 对 API 服务器的健康检查、join 的发现阶段）都会超时。`,
        },
        evidence: { line: v.line, text: v.text },
        matchedLines: attempts.length + 1,
        fix: {
          text: preview
            ? {
                en: `Open ${port}/${proto} on ${to}: kubelab inserts an ACCEPT for it ahead of the blocking rule (preview below), then Retry.`,
                zh: `在 ${to} 上开放 ${port}/${proto}：kubelab 会在阻断规则之前插入一条 ACCEPT 规则（见下方预览），然后重试。`,
              }
            : {
                en: `Open ${port}/${proto} in ${to}'s ${fw.tool}, then Retry.`,
                zh: `在 ${to} 的 ${fw.tool} 中开放 ${port}/${proto}，然后重试。`,
              },
          ...(preview ? { preview, params: { port: String(port), proto } } : {}),
        },
        references: ['kubernetes/kubeadm#1520', 'kubernetes/kubernetes#35535'],
        source: `${fw.source} on ${to}`,
      };
    }
  }
  return undefined;
}
