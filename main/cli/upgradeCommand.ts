import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { Payload, Result } from '../../common/contract';
import { AppError } from '../../common/model/appError';
import type { FieldError } from '../../common/model/plan';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { configDir } from '../store/paths';
import { MemorySecretStore } from '../store/secrets';
import { openCliProject, processOut, reportCliError, type CliOut } from './cliContext';
import { withCliBackend } from './cliBackend';
import {
  formatDisagreements,
  formatKubeadmSummary,
  formatUpgradePlan,
  type Lang,
} from './upgradeFormat';
import { formatUnfinishedHop } from './hopProgressFormat';
import { runUpgradeHop } from './upgradeRun';
import { DRAIN_BLOCKED_CHOICES, type DrainBlocked } from '../../common/upgrade/runParams';

export interface UpgradeOptions {
  file: string;
  to: string;
  dryRun: boolean;
  /** As typed: checked here, so a bad value exits 2 like every other invalid input. */
  batch?: string;
  dockerTo?: string;
  kubeadmPlan?: string;
  /** With --dry-run: ask kubeadm upgrade plan on the first control plane and compare. */
  live?: boolean;
  json: boolean;
  lang: Lang;
  /** Without --dry-run: the confirmation, the etcd snapshot and the SSH options of the run. */
  yes?: boolean;
  snapshot?: boolean;
  acceptNewHostKeys?: boolean;
  /** Upgrade although a node is NotReady or a kube-system pod fails. */
  acceptUnhealthy?: boolean;
  /** As typed: wait or force, when a PodDisruptionBudget blocks a drain. */
  drainBlocked?: string;
  /** As typed: seconds one node's drain may take. */
  drainTimeout?: string;
  verbose?: boolean;
}

/** The contract's field names as the person typed them. */
const FLAGS: Record<string, string> = {
  to: '--to',
  workerBatchSize: '--batch',
  dockerMigration: '--docker-to',
  kubeadmPlanOutput: '--kubeadm-plan',
  current: 'plan.kubernetesVersion in the project',
  nodes: 'nodes in the project',
};

function fieldErrorLine(e: FieldError, lang: Lang): string {
  const flag = FLAGS[e.field] ?? e.field;
  const text = lang === 'zh' ? (e.messageZh ?? e.message) : e.message;
  return `kubelab upgrade: ${flag}: ${text}\n`;
}

/**
 * `kubelab upgrade --to V --dry-run`: the hop plan of the project, through the same contract entry
 * (`upgrade.plan`) the UI calls. Exit 2 for invalid input, naming the flag. Without --dry-run it
 * runs the next hop (main/cli/upgradeRun.ts), confirmed with --yes.
 */
export async function runUpgrade(
  opts: UpgradeOptions,
  io: CliOut = processOut,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const batch = opts.batch === undefined ? undefined : Number(opts.batch);
  if (
    opts.batch !== undefined &&
    (!/^\d+$/.test(opts.batch) || Number(opts.batch) < 1 || Number(opts.batch) > 100)
  ) {
    io.err(
      `kubelab upgrade: --batch: must be a whole number from 1 to 100, got "${opts.batch}".\n`,
    );
    return 2;
  }
  if (opts.live && !opts.dryRun) {
    // Never a run by accident: --live only adds kubeadm's plan to the printed one.
    io.err('kubelab upgrade: --live: only with --dry-run (it prints plans, it runs nothing).\n');
    return 2;
  }
  if (opts.drainBlocked !== undefined && !isDrainBlocked(opts.drainBlocked)) {
    io.err(
      `kubelab upgrade: --drain-blocked: must be wait, force or skip, got "${opts.drainBlocked}".\n`,
    );
    return 2;
  }
  const drainTimeout = opts.drainTimeout === undefined ? undefined : Number(opts.drainTimeout);
  if (
    opts.drainTimeout !== undefined &&
    (!/^\d+$/.test(opts.drainTimeout) || Number(drainTimeout) < 5 || Number(drainTimeout) > 3600)
  ) {
    io.err(
      `kubelab upgrade: --drain-timeout: must be a whole number of seconds from 5 to 3600, got "${opts.drainTimeout}".\n`,
    );
    return 2;
  }
  // Where Docker nodes go at the hop into 1.24: planned by --dry-run, run by the upgrade.
  const dockerTo = opts.dockerTo;
  if (dockerTo !== undefined && dockerTo !== 'containerd' && dockerTo !== 'cri-dockerd') {
    io.err(`kubelab upgrade: --docker-to: must be containerd or cri-dockerd, got "${dockerTo}".\n`);
    return 2;
  }
  if (!opts.dryRun) {
    return runUpgradeHop(
      {
        file: opts.file,
        to: opts.to,
        yes: opts.yes === true,
        snapshot: opts.snapshot !== false,
        acceptNewHostKeys: opts.acceptNewHostKeys === true,
        acceptUnhealthy: opts.acceptUnhealthy === true,
        ...(opts.drainBlocked === 'force' || opts.drainBlocked === 'skip'
          ? { drainBlocked: opts.drainBlocked }
          : {}),
        ...(drainTimeout === undefined ? {} : { drainTimeout }),
        ...(dockerTo === undefined ? {} : { dockerMigration: dockerTo }),
        verbose: opts.verbose === true,
        lang: opts.lang,
        batch,
      },
      { out: io.out, err: io.err, tty: io === processOut && process.stdout.isTTY === true },
    );
  }
  if (opts.live) {
    if (opts.kubeadmPlan !== undefined) {
      io.err('kubelab upgrade: --live: asks kubeadm itself; leave out --kubeadm-plan.\n');
      return 2;
    }
    return runLivePlan(
      opts,
      { to: opts.to, workerBatchSize: batch, dockerMigration: dockerTo },
      io,
    );
  }
  try {
    const projectStore = await openCliProject(opts.file);
    const kubeadmPlanOutput =
      opts.kubeadmPlan === undefined ? undefined : await readFile(opts.kubeadmPlan, 'utf8');
    // No secret is read: planning touches no machine.
    const { handlers } = createBackend({
      face: 'cli',
      settingsStore: new JsonSettingsStore(join(configDir(env), 'settings.json')),
      projectStore,
      nodes: { secrets: new MemorySecretStore() },
    });
    const answer = await dispatch(
      handlers,
      'upgrade.plan',
      {
        to: opts.to,
        workerBatchSize: batch,
        dockerMigration: dockerTo,
        kubeadmPlanOutput,
      },
      { face: 'cli' },
    );
    if (!answer.ok) {
      // The contract's gate names the payload field (`upgrade.plan: workerBatchSize: …`): say
      // the flag the person typed instead.
      const { field, message } = answer.error;
      if (answer.error.code !== 'invalid_payload' || !field)
        return reportCliError(new AppError(answer.error), 'upgrade', io, FLAGS);
      const text = message.replace(/^upgrade\.plan: /, '').replace(`${field}: `, '');
      io.err(`kubelab upgrade: ${FLAGS[field] ?? field}: ${text}\n`);
      return 2;
    }
    const { plan, errors, disagreements, unfinished } = answer.value as Result<'upgrade.plan'>;
    if (opts.json) io.out(`${JSON.stringify(answer.value, null, 2)}\n`);
    if (!plan || errors.length > 0) {
      for (const e of errors) io.err(fieldErrorLine(e, opts.lang));
      return 2;
    }
    if (!opts.json) {
      if (unfinished) io.out(`${formatUnfinishedHop(unfinished, opts.lang)}\n`);
      io.out(formatUpgradePlan(plan, opts.lang));
      if (kubeadmPlanOutput !== undefined)
        io.out(`\n${formatDisagreements(disagreements, opts.lang)}`);
    }
    return 0;
  } catch (err) {
    return reportCliError(err, 'upgrade', io, FLAGS);
  }
}

/**
 * `kubelab upgrade --to V --dry-run --live`: upgrade.livePlan — kubelab's plan, kubeadm's own
 * `upgrade plan` from the first control plane (read-only, over SSH) and where they disagree.
 */
async function runLivePlan(
  opts: UpgradeOptions,
  payload: Payload<'upgrade.livePlan'>,
  io: CliOut,
): Promise<number> {
  return withCliBackend(
    {
      file: opts.file,
      acceptNewHostKeys: opts.acceptNewHostKeys === true,
      command: 'upgrade',
      flags: FLAGS,
    },
    { io },
    async (cli) => {
      const answer = await cli.call('upgrade.livePlan', payload);
      if (opts.json) io.out(`${JSON.stringify(answer, null, 2)}\n`);
      if (!answer.plan || answer.errors.length > 0) {
        for (const e of answer.errors) io.err(fieldErrorLine(e, opts.lang));
        return 2;
      }
      if (!opts.json) {
        if (answer.unfinished) io.out(`${formatUnfinishedHop(answer.unfinished, opts.lang)}\n`);
        io.out(formatUpgradePlan(answer.plan, opts.lang));
        if (answer.kubeadm) io.out(`\n${formatKubeadmSummary(answer.kubeadm, opts.lang)}`);
        io.out(`\n${formatDisagreements(answer.disagreements, opts.lang)}`);
      }
      return 0;
    },
  );
}

function parseLang(value: string): Lang {
  if (value === 'en' || value === 'zh') return value;
  throw new InvalidArgumentError(`--lang must be en or zh, got "${value}".`);
}

function defaultLang(): Lang {
  return /^zh/i.test(process.env.LC_ALL ?? process.env.LANG ?? '') ? 'zh' : 'en';
}

export function registerUpgrade(program: Command): void {
  program
    .command('upgrade')
    .description('upgrade the cluster one minor version at a time (one hop per run)')
    .requiredOption('--to <version>', 'target: a minor (1.21, its newest patch) or 1.21.14')
    .option('--dry-run', 'print the hop plan; change nothing', false)
    .option('--yes', 'confirm: upgrade kubeadm, the control plane and every kubelet', false)
    .option('--no-snapshot', 'skip the etcd snapshot taken before the hop')
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .option(
      '--accept-unhealthy',
      'upgrade although a node is NotReady or a kube-system pod fails',
      false,
    )
    .option('-v, --verbose', 'print every step’s output', false)
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--batch <n>', 'workers upgraded together (default 1)')
    .option(
      '--drain-blocked <choice>',
      'when a PodDisruptionBudget blocks a drain: wait (stop at the timeout naming it; default) force (kubectl drain --disable-eviction) or skip (leave that node on its version, uncordoned; the next run takes it)',
    )
    .option('--drain-timeout <seconds>', 'how long one node’s drain may take (default 120)')
    .option('--docker-to <runtime>', 'what Docker nodes move to at 1.24: containerd or cri-dockerd')
    .option(
      '--kubeadm-plan <file>',
      "kubeadm upgrade plan's output from the first control plane, to compare",
    )
    .option(
      '--live',
      'with --dry-run: run kubeadm upgrade plan on the first control plane (read-only) and compare',
      false,
    )
    .option('--json', 'print the plan as JSON', false)
    .option('--lang <lang>', 'language: en or zh', parseLang, defaultLang())
    .addHelpText(
      'after',
      '\nkubeadm upgrades one minor version at a time, so 1.18 → 1.21 is three hops; kubelab never skips one.\nWithout --dry-run, one run makes the next hop (an etcd snapshot first) and records its version in the project.\nExit status: 0 plan printed or hop done, 2 invalid input or no --yes (the flag is named, nothing changed), 1 anything else.',
    )
    .action(async (opts: UpgradeOptions) => {
      process.exitCode = await runUpgrade(opts);
    });
}

function isDrainBlocked(value: string): value is DrainBlocked {
  return (DRAIN_BLOCKED_CHOICES as readonly string[]).includes(value);
}
