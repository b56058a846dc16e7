import { resolveVersion } from '../../common/catalog/images';
import { hopNodeStates, type HopTask } from '../../common/upgrade/hopProgress';
import { skippedNodesOf } from '../../common/upgrade/skippedNodes';
import { formatStoppedHop } from './hopProgressFormat';
import { AppError } from '../../common/model/appError';
import type { FieldError } from '../../common/model/plan';
import type { RunResult } from '../../common/model/runEvent';
import type { DrainBlocked, UpgradeRunParams } from '../../common/upgrade/runParams';
import type { DockerMigration } from '../../common/upgrade/schema';
import { nextHop, type HopChoice } from '../operations/upgrade';
import type { CliDeps } from './cliBackend';
import { startContractRun, withRunBackend } from './contractRun';
import { exitCodeOf, processIo, type CliIo } from './ioAndExitStatus';
import type { Lang } from './upgradeFormat';

export interface UpgradeRunOptions {
  file: string;
  to: string;
  yes: boolean;
  snapshot: boolean;
  acceptNewHostKeys: boolean;
  verbose: boolean;
  lang: Lang;
  /** Workers upgraded together (default 1). */
  batch?: number;
  /** Go on although a node is NotReady or a kube-system pod fails (skew is never accepted). */
  acceptUnhealthy?: boolean;
  /**
   * force: drains use --disable-eviction when a PodDisruptionBudget would block them; skip: such a
   * node stays on its version, uncordoned, for the next run.
   */
  drainBlocked?: DrainBlocked;
  /** Seconds one node's drain may take (kubectl drain --timeout; default 120). */
  drainTimeout?: number;
  /** Where Docker nodes go before the hop into 1.24 (--docker-to; default containerd). */
  dockerMigration?: DockerMigration;
}

/** Exit status for invalid input or a missing --yes: nothing was changed. */
export const EXIT_INVALID = 2;

const say = (lang: Lang, en: string, zh: string): string => `${lang === 'zh' ? zh : en}\n`;

function fieldLine(e: FieldError, lang: Lang): string {
  const flag = e.field === 'to' ? '--to' : e.field;
  return `kubelab upgrade: ${flag}: ${lang === 'zh' ? (e.messageZh ?? e.message) : e.message}\n`;
}

function hopLine(c: HopChoice, from: string, lang: Lang): string {
  if (c.migrateRuntime) {
    return say(
      lang,
      `kubelab upgrade: this run moves every node from Docker to containerd, one at a time (drain, stop the kubelet and Docker, containerd, kubelet flags, cri-socket annotation, uncordon), on ${from}: dockershim is removed in 1.24. The hop itself is the next run (target ${c.target})`,
      `kubelab upgrade：本次运行在 ${from} 上将所有节点逐个从 Docker 迁移到 containerd（腾空、停止 kubelet 和 Docker、containerd、kubelet 参数、cri-socket 注解、恢复调度）：dockershim 在 1.24 中移除。升级本身在下一次运行（目标 ${c.target}）`,
    );
  }
  if (c.verifyOnly) {
    return say(
      lang,
      `kubelab upgrade: the project records ${c.hop}; checking every node is on it (nothing changes where it is)`,
      `kubelab upgrade：项目记录的版本为 ${c.hop}；检查每个节点是否已是该版本（已是则不做任何更改）`,
    );
  }
  return say(
    lang,
    `kubelab upgrade: this run upgrades ${from} → ${c.hop} (target ${c.target}${c.remaining > 0 ? `; ${c.remaining} more hop(s) after this one, one run each` : ''})`,
    `kubelab upgrade：本次运行将 ${from} 升级到 ${c.hop}（目标 ${c.target}${c.remaining > 0 ? `；之后还有 ${c.remaining} 跳，每跳运行一次` : ''}）`,
  );
}

/** The end of a hop that left nodes on their version: which, and how the next run takes them. */
function skippedLine(skipped: readonly string[], c: HopChoice, opts: UpgradeRunOptions): string {
  const names = skipped.join(', ');
  return say(
    opts.lang,
    `kubelab upgrade: the hop to ${c.hop} is done except on ${names}, left on its version because a PodDisruptionBudget blocked its drain; run \`kubelab upgrade --to ${c.target} --yes\` again once its pods can move (or with --drain-blocked force)`,
    `kubelab upgrade：到 ${c.hop} 的升级已完成，但 ${names} 因 PodDisruptionBudget 阻止排空而保持原版本；待其 Pod 可迁移后再次运行 \`kubelab upgrade --to ${c.target} --yes\`（或加 --drain-blocked force）`,
  );
}

/** A refusal of the back end that names the request's `params.<field>`: the flag, exit 2. */
function paramRefusal(err: unknown, lang: Lang): string | undefined {
  if (!(err instanceof AppError) || !err.field?.startsWith('params.')) return undefined;
  const field = err.field.slice('params.'.length);
  const flag =
    {
      to: '--to',
      batch: '--batch',
      drainBlocked: '--drain-blocked',
      drainTimeout: '--drain-timeout',
      dockerMigration: '--docker-to',
    }[field] ?? field;
  const text = err.message.replace(/^upgrade:? (params: )?/, '').replace(`params.${field}: `, '');
  return say(lang, `kubelab upgrade: ${flag}: ${text}`, `kubelab upgrade：${flag}：${text}`);
}

/**
 * `kubelab upgrade --to V --yes`: `run.start { operation: 'upgrade', params }` through the one run
 * service with live progress, as the UI's operations menu starts it. The back end
 * (main/operations/upgrade.ts) picks the hop, takes the etcd snapshot beside the project first
 * (`--no-snapshot` skips it) and records the hop's version once it succeeds; this command only
 * says what the run will do (the same nextHop, before any machine is reached, in the user's
 * language), confirms with --yes and prints the outcome.
 */
export async function runUpgradeHop(
  opts: UpgradeRunOptions,
  io: CliIo = processIo(),
  deps: CliDeps = {},
): Promise<number> {
  if (!opts.yes) {
    io.err(
      say(
        opts.lang,
        'kubelab upgrade: this upgrades kubeadm, the control plane and every kubelet of the cluster (the API server restarts); pass --yes to confirm. Nothing was changed.',
        'kubelab upgrade：此操作将升级集群的 kubeadm、控制平面和所有 kubelet（API 服务器会重启）；请加 --yes 确认。未做任何更改。',
      ),
    );
    return EXIT_INVALID;
  }
  // The CLI's one back end, as apply and reset use it: the run lock names `upgrade`, run.start
  // checks the project before any machine is reached.
  return withRunBackend({ ...opts, command: 'upgrade' }, io, deps, async (cli) => {
    const project = cli.project.get();
    const hop = nextHop(project.plan, project.nodes, opts.to, opts.dockerMigration);
    if (!hop.ok) {
      for (const e of hop.errors) io.err(fieldLine(e, opts.lang));
      return EXIT_INVALID;
    }
    const choice = hop.choice;
    io.err(hopLine(choice, project.plan.kubernetesVersion, opts.lang));
    const params: UpgradeRunParams = {
      to: opts.to,
      snapshot: opts.snapshot,
      ...(opts.batch === undefined ? {} : { batch: opts.batch }),
      ...(opts.acceptUnhealthy ? { acceptUnhealthy: true } : {}),
      ...(opts.drainBlocked === 'force' || opts.drainBlocked === 'skip'
        ? { drainBlocked: opts.drainBlocked }
        : {}),
      ...(opts.drainTimeout === undefined ? {} : { drainTimeout: opts.drainTimeout }),
      ...(opts.dockerMigration === undefined ? {} : { dockerMigration: opts.dockerMigration }),
    };
    let result: RunResult;
    // The drains' lines, to name a node left on its version (drainBlocked: skip) at the end.
    const drainLines: string[] = [];
    // Every task's last state (a resumed run starts with the record's), to say which node is on
    // which version when the hop stops.
    const tasks = new Map<string, HopTask>();
    const track = (t: HopTask): void => {
      tasks.set(`${t.stepId}@${t.nodeId}`, t);
    };
    try {
      result = await startContractRun(cli, {
        start: { operation: 'upgrade', params },
        io,
        verbose: opts.verbose,
        signals: deps.signals,
        onEvent: (e) => {
          if (e.type === 'log' && e.stepId === 'upgrade-drain')
            drainLines.push(...e.chunk.split('\n'));
          if (e.type === 'run-started') e.tasks.forEach(track);
          if (e.type === 'task-state') {
            const { stepId, nodeId, status, error } = e;
            track({ stepId, nodeId, status, ...(error ? { error } : {}) });
          }
        },
      });
    } catch (err) {
      const refusal = paramRefusal(err, opts.lang);
      if (!refusal) throw err;
      io.err(refusal);
      return EXIT_INVALID;
    }
    const skipped = skippedNodesOf(drainLines);
    if (result.outcome !== 'succeeded' && !choice.migrateRuntime && !choice.verifyOnly) {
      const from = resolveVersion(project.plan.kubernetesVersion)?.version;
      const states = hopNodeStates(
        [...tasks.values()],
        project.nodes.map((n) => n.id),
        from ?? project.plan.kubernetesVersion,
        choice.hop,
      );
      io.err(formatStoppedHop(states, choice.hop, choice.target, opts.lang));
    } else if (result.outcome === 'succeeded' && skipped.length > 0) {
      io.err(skippedLine(skipped, choice, opts));
    } else if (result.outcome === 'succeeded' && choice.migrateRuntime) {
      io.err(
        say(
          opts.lang,
          `kubelab upgrade: every node runs containerd; ${opts.file} records it. Run \`kubelab upgrade --to ${choice.target} --yes\` again for the hop`,
          `kubelab upgrade：所有节点均已使用 containerd；${opts.file} 已记录。再次运行 \`kubelab upgrade --to ${choice.target} --yes\` 进行升级`,
        ),
      );
    } else if (result.outcome === 'succeeded' && !choice.verifyOnly) {
      io.err(
        say(
          opts.lang,
          `kubelab upgrade: every node is on ${choice.hop}; ${opts.file} records it${choice.remaining > 0 ? `. Run \`kubelab upgrade --to ${choice.target} --yes\` again for the next hop` : ''}`,
          `kubelab upgrade：所有节点均已是 ${choice.hop}；${opts.file} 已记录${choice.remaining > 0 ? `。再次运行 \`kubelab upgrade --to ${choice.target} --yes\` 进行下一跳` : ''}`,
        ),
      );
    }
    return exitCodeOf(result);
  });
}
