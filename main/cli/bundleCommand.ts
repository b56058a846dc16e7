import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { EventPayload, Result } from '../../common/contract';
import { AppError } from '../../common/model/appError';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { configDir } from '../store/paths';
import { MemorySecretStore } from '../store/secrets';
import { bundleMachine } from '../../common/bundle/fromFacts';
import type { BundleMachine } from '../../common/bundle/schema';
import { stagingFor } from '../bundle/buildService';
import { formatBundleList, formatInspection, formatNeeds } from './bundleFormat';
import { bundleProgressPrinter, formatBuilt } from './bundleProgress';
import { withCliBackend, type CliBackend, type CliDeps } from './cliBackend';
import { processOut, reportCliError } from './cliContext';
import { processIo, type CliIo } from './ioAndExitStatus';
import { registerBundlePush } from './bundlePushCommand';

/**
 * `kubelab bundle inspect FILE`: the same bundle.inspect request as the UI, with no project
 * (a bundle is checked wherever it was carried). Exit 0 when every entry verifies, 1 when one
 * does not, 2 when FILE is not a bundle.
 */
export async function runBundleInspect(
  path: string,
  io: CliIo = processIo(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  try {
    const { handlers } = createBackend({
      face: 'cli',
      settingsStore: new JsonSettingsStore(join(configDir(env), 'settings.json')),
      nodes: { secrets: new MemorySecretStore() },
    });
    const answer = await dispatch(handlers, 'bundle.inspect', { path }, { face: 'cli' });
    if (!answer.ok) throw new AppError(answer.error);
    const inspection = answer.value as Result<'bundle.inspect'>;
    io.out(formatInspection(path, inspection));
    return inspection.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof AppError && err.code === 'invalid_bundle') {
      io.err(`kubelab bundle inspect: ${err.message}\n`);
      return 2;
    }
    return reportCliError(err, 'bundle inspect', io);
  }
}

export interface BundleListOptions {
  file: string;
  json?: boolean;
}

/**
 * `kubelab bundle list`: the same bundle.list request as the Bundle page — the project's bundles
 * folder, its bundles and the interrupted builds a rebuild resumes. Reads the disk only.
 */
export function runBundleList(opts: BundleListOptions, deps: CliDeps = {}): Promise<number> {
  const io = deps.io ?? processOut;
  return withCliBackend({ file: opts.file, command: 'bundle list' }, deps, async (cli) => {
    const list = await cli.call('bundle.list', {});
    io.out(opts.json ? `${JSON.stringify(list, null, 2)}\n` : formatBundleList(list));
    return 0;
  });
}

export interface BundlePlanOptions {
  file: string;
  upgradeTo?: string;
  acceptNewHostKeys?: boolean;
  json?: boolean;
}

/**
 * `kubelab bundle plan`: the nodes' facts (nodes.facts, over SSH), then bundle.plan — the same
 * two requests the UI makes — and the list printed. Exit 2 when the list cannot be made (a
 * machine's OS or a version without a repository, named by field), 1 when a node gave no facts.
 */
export function runBundlePlan(opts: BundlePlanOptions, deps: CliDeps = {}): Promise<number> {
  const io = deps.io ?? processOut;
  return withCliBackend(
    { file: opts.file, acceptNewHostKeys: opts.acceptNewHostKeys, command: 'bundle plan' },
    deps,
    async (cli) => {
      const machines = await machinesOf(cli, 'bundle plan', io.err);
      if (typeof machines === 'number') return machines;
      const needs = await cli.call('bundle.plan', {
        machines,
        ...(opts.upgradeTo !== undefined ? { upgradeTo: opts.upgradeTo } : {}),
      });
      if (opts.json) io.out(`${JSON.stringify(needs, null, 2)}\n`);
      else if (needs.errors.length > 0) io.err(formatNeeds(needs));
      else io.out(formatNeeds(needs));
      return needs.errors.length > 0 ? 2 : 0;
    },
  );
}

/**
 * The project's machines as the bundle sees them: nodes.facts over SSH, the same request the UI
 * makes; `only` (node names or ids) narrows them. An exit status instead when there are no nodes
 * or `only` names an unknown one (2), or a node gave no facts (1).
 */
export async function machinesOf(
  cli: CliBackend,
  command: string,
  err: (t: string) => void,
  only?: readonly string[],
): Promise<BundleMachine[] | number> {
  const all = (await cli.call('nodes.list', {})).nodes;
  const unknown = (only ?? []).filter((o) => !all.some((n) => n.id === o || n.name === o));
  if (unknown.length > 0) {
    err(`kubelab ${command}: --nodes: no node ${unknown.join(', ')} in the project\n`);
    return 2;
  }
  const nodes = only ? all.filter((n) => only.includes(n.id) || only.includes(n.name)) : all;
  if (nodes.length === 0) {
    err(`kubelab ${command}: the project has no nodes\n`);
    return 2;
  }
  const { results } = await cli.call('nodes.facts', { ids: nodes.map((n) => n.id) });
  const machines: BundleMachine[] = [];
  for (const r of results) {
    const node = nodes.find((n) => n.id === r.nodeId);
    if ('error' in r || !node) {
      err(
        `kubelab ${command}: ${r.nodeId}: no facts (${'error' in r ? r.error.message : 'unknown node'})\n`,
      );
      return 1;
    }
    machines.push(bundleMachine(node, r.facts));
  }
  return machines;
}

export interface BundleBuildOptions {
  file: string;
  out: string;
  upgradeTo?: string;
  plainHttp?: string[];
  acceptNewHostKeys?: boolean;
}

/**
 * `kubelab bundle build -o FILE`: the machines' facts, then bundle.build — the UI's requests —
 * with its progress events printed. Ctrl-C sends bundle.cancel: the staged downloads stay in
 * `FILE.staging/` and the same command resumes them; exit 130. Exit 0 when written, 2 for what
 * the user gave (a field or flag named: an existing FILE, too little space), 1 otherwise (no
 * mirror served an artifact: each mirror's reason printed).
 */
export function runBundleBuild(opts: BundleBuildOptions, deps: CliDeps = {}): Promise<number> {
  const io = deps.io ?? processOut;
  const signals = deps.signals ?? process;
  const out = resolve(opts.out);
  return withCliBackend(
    {
      file: opts.file,
      acceptNewHostKeys: opts.acceptNewHostKeys,
      command: 'bundle build',
      flags: { out: '-o', upgradeTo: '--upgrade-to', plainHttp: '--plain-http' },
    },
    deps,
    async (cli) => {
      const machines = await machinesOf(cli, 'bundle build', io.err);
      if (typeof machines === 'number') return machines;
      const stop = cli.backend.bus.subscribe(
        (() => {
          const print = bundleProgressPrinter(io.out);
          return (name, payload) => {
            if (name === 'bundle.buildProgress')
              print(payload as EventPayload<'bundle.buildProgress'>);
          };
        })(),
      );
      const onInterrupt = (): void => {
        io.err(
          `kubelab bundle build: downloads kept in ${stagingFor(out)}; run the same command to resume\n`,
        );
        void cli.call('bundle.cancel', {}).catch(() => undefined);
      };
      signals.once('SIGINT', onInterrupt);
      try {
        const built = await cli.call('bundle.build', {
          out,
          machines,
          ...(opts.upgradeTo !== undefined ? { upgradeTo: opts.upgradeTo } : {}),
          ...(opts.plainHttp && opts.plainHttp.length > 0 ? { plainHttp: opts.plainHttp } : {}),
        });
        io.out(formatBuilt(out, built));
        return 0;
      } finally {
        signals.removeListener('SIGINT', onInterrupt);
        stop();
      }
    },
  );
}

export function registerBundle(program: Command): void {
  const bundle = program
    .command('bundle')
    .description('the air-gapped bundle: everything the plan needs, in one file');
  bundle
    .command('plan')
    .description('what a bundle for the plan must hold: packages per OS, images, CNI manifest')
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--upgrade-to <version>', 'also every hop of an upgrade to this version')
    .option('--accept-new-host-keys', 'trust unknown host keys (pinned into the project)', false)
    .option('--json', 'print the list as JSON', false)
    .action(async (o: BundlePlanOptions) => {
      process.exitCode = await runBundlePlan(o);
    });
  bundle
    .command('build')
    .description('download everything the plan needs into one bundle file (resumable)')
    .requiredOption('-o, --out <file>', 'the bundle to write (.tar; must not exist)')
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--upgrade-to <version>', 'also every hop of an upgrade to this version')
    .option(
      '--plain-http <host>',
      'a registry reached over plain HTTP (host[:port]; repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--accept-new-host-keys', 'trust unknown host keys (pinned into the project)', false)
    .action(async (o: BundleBuildOptions) => {
      process.exitCode = await runBundleBuild(o);
    });
  bundle
    .command('list')
    .description('the bundles in the project’s bundles folder (where the app builds them)')
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--json', 'print the list as JSON', false)
    .action(async (o: BundleListOptions) => {
      process.exitCode = await runBundleList(o);
    });
  bundle
    .command('inspect')
    .description('list a bundle and verify every entry’s SHA-256 against its manifest')
    .argument('<file>', 'the bundle (.tar)')
    .action(async (file: string) => {
      process.exitCode = await runBundleInspect(file);
    });
  registerBundlePush(bundle);
}
