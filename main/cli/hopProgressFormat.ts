import type { NodeHopState, NodeHopStatus, UnfinishedHop } from '../../common/upgrade/hopProgress';
import type { Lang } from './upgradeFormat';

/**
 * Which node is on which version in a hop that did not finish, as the CLI prints it: after a
 * failed `kubelab upgrade --to V --yes` and in `--dry-run` (upgrade.plan's `unfinished`).
 */

const STATUS: Record<Lang, Record<NodeHopStatus, string>> = {
  en: {
    upgraded: 'upgraded',
    pending: 'not yet upgraded',
    unreachable: 'unreachable',
    failed: 'failed',
    'drain-skipped': 'drain skipped (PodDisruptionBudget)',
  },
  zh: {
    upgraded: '已升级',
    pending: '尚未升级',
    unreachable: '无法连接',
    failed: '失败',
    'drain-skipped': '跳过排空（PodDisruptionBudget）',
  },
};

function nodeLine(s: NodeHopState, lang: Lang, width: number): string {
  const at =
    s.stepId && s.status !== 'drain-skipped' ? ` ${lang === 'zh' ? '于' : 'at'} ${s.stepId}` : '';
  const why = s.message ? `: ${s.message}` : '';
  return `  ${s.nodeId.padEnd(width)}  ${s.version.padEnd(8)}  ${STATUS[lang][s.status]}${at}${why}`;
}

/** One line per node: its name, the version its kubelet runs, and where its turn stands. */
export function formatNodeStates(states: readonly NodeHopState[], lang: Lang): string {
  const width = Math.max(...states.map((s) => s.nodeId.length), 4);
  return `${states.map((s) => nodeLine(s, lang, width)).join('\n')}\n`;
}

/** The nodes whose turn stopped because kubelab could not reach them. */
export function unreachableNodes(states: readonly NodeHopState[]): string[] {
  return states.filter((s) => s.status === 'unreachable').map((s) => s.nodeId);
}

/**
 * After a hop run that stopped: where, which node is on which version, and how to go on. The
 * nodes already upgraded keep running; the next run with the same target resumes at the stop.
 */
export function formatStoppedHop(
  states: readonly NodeHopState[],
  hop: string,
  target: string,
  lang: Lang,
): string {
  const away = unreachableNodes(states);
  const again = `kubelab upgrade --to ${target} --yes`;
  const head =
    away.length > 0
      ? lang === 'zh'
        ? `kubelab upgrade：到 ${hop} 的升级在 ${away.join(', ')} 处停止：轮到它时无法连接，该步骤未在其上执行。各节点当前版本：`
        : `kubelab upgrade: the hop to ${hop} stopped at ${away.join(', ')}: unreachable when its turn came, so that step did not run there. Each node now:`
      : lang === 'zh'
        ? `kubelab upgrade：到 ${hop} 的升级未完成。各节点当前版本：`
        : `kubelab upgrade: the hop to ${hop} did not finish. Each node now:`;
  const tail =
    lang === 'zh'
      ? `已升级的节点继续运行；${away.length > 0 ? `${away.join(', ')} 恢复连接后` : ''}再次运行 \`${again}\` 即从停止处继续。`
      : `The nodes upgraded keep running; run \`${again}\` again${away.length > 0 ? ` once ${away.join(', ')} can be reached` : ''}: it resumes where it stopped.`;
  return `${head}\n${formatNodeStates(states, lang)}${tail}\n`;
}

/** `--dry-run`: the last hop run, unfinished, before the plan of the hops to come. */
export function formatUnfinishedHop(u: UnfinishedHop, lang: Lang): string {
  const head =
    lang === 'zh'
      ? `未完成的升级 ${u.from} → ${u.hop}（运行 ${u.runId}，${u.outcome}）：下一次运行从停止处继续。各节点当前版本：`
      : `Unfinished hop ${u.from} → ${u.hop} (run ${u.runId}, ${u.outcome}): the next run resumes it. Each node now:`;
  return `${head}\n${formatNodeStates(u.nodes, lang)}`;
}
