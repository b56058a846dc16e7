import { backupEtcd } from '../etcd/backupService';
import { sshBackupMachines } from '../handlers/etcdHandlers';
import { nextHop, planAfterHop, type HopChoice } from '../operations/upgrade';
import { assertPlanValid } from '../services/remoteFactoryProject';
import { upgradeSteps } from '../steps';
import { projectRunStateStore } from '../store/projectStore';
import type { FieldError } from '../../common/model/plan';
import { openCliProjectSession } from './projectSession';
import { exitCodeOf, processIo, runWithProgress, type CliIo } from './progressRun';
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
}

/** Exit status for invalid input or a missing --yes: nothing was changed. */
export const EXIT_INVALID = 2;

const say = (lang: Lang, en: string, zh: string): string => `${lang === 'zh' ? zh : en}\n`;

function fieldLine(e: FieldError, lang: Lang): string {
  const flag = e.field === 'to' ? '--to' : e.field;
  return `kubelab upgrade: ${flag}: ${lang === 'zh' ? (e.messageZh ?? e.message) : e.message}\n`;
}

function hopLine(c: HopChoice, from: string, lang: Lang): string {
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

/**
 * `kubelab upgrade --to V --yes`: one hop (main/operations/upgrade.ts) through the engine with
 * live progress. Before the hop, an etcd snapshot downloaded beside the project (the same backup
 * as `kubelab etcd backup`); `--no-snapshot` skips it. After the hop succeeds, the project
 * records the hop's version, so the next run makes the next hop.
 */
export async function runUpgradeHop(
  opts: UpgradeRunOptions,
  io: CliIo = processIo(),
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
  const session = await openCliProjectSession(opts.file, {
    acceptNewHostKeys: opts.acceptNewHostKeys,
    interactive: true,
    write: io.err,
  });
  try {
    const project = session.project();
    assertPlanValid(project);
    const hop = nextHop(project.plan, project.nodes, opts.to);
    if (!hop.ok) {
      for (const e of hop.errors) io.err(fieldLine(e, opts.lang));
      return EXIT_INVALID;
    }
    const choice = hop.choice;
    io.err(hopLine(choice, project.plan.kubernetesVersion, opts.lang));
    if (opts.snapshot && !choice.verifyOnly) {
      const saved = await backupEtcd({
        project,
        projectFile: session.store.path(),
        ...sshBackupMachines(session.nodes),
      });
      io.err(
        say(
          opts.lang,
          `kubelab upgrade: etcd snapshot before the hop saved as ${saved.path}`,
          `kubelab upgrade：升级前的 etcd 快照已保存为 ${saved.path}`,
        ),
      );
    }
    const result = await runWithProgress({
      session,
      steps: upgradeSteps(opts.batch),
      stateStore: projectRunStateStore(session.store),
      start: {
        kind: 'upgrade',
        params: {
          to: choice.hop,
          ...(opts.batch === undefined ? {} : { batch: opts.batch }),
          ...(opts.acceptUnhealthy ? { acceptUnhealthy: true } : {}),
        },
        // Every machine: the run is added to the project's record instead of replacing the install's.
        nodes: project.nodes.map((n) => n.id),
      },
      io,
      verbose: opts.verbose,
      command: 'upgrade',
    });
    if (result.outcome === 'succeeded' && !choice.verifyOnly) {
      const current = session.project();
      session.store.set({ ...current, plan: planAfterHop(current.plan, choice.hop) });
      await session.store.save();
      io.err(
        say(
          opts.lang,
          `kubelab upgrade: every node is on ${choice.hop}; ${opts.file} records it${choice.remaining > 0 ? `. Run \`kubelab upgrade --to ${choice.target} --yes\` again for the next hop` : ''}`,
          `kubelab upgrade：所有节点均已是 ${choice.hop}；${opts.file} 已记录${choice.remaining > 0 ? `。再次运行 \`kubelab upgrade --to ${choice.target} --yes\` 进行下一跳` : ''}`,
        ),
      );
    }
    return exitCodeOf(result);
  } finally {
    session.close();
  }
}
