import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { PushEvent } from '../../common/bundle/pushEvents';
import { NODE_BUNDLE_DIR } from '../../common/bundle/pushSelection';
import type { EventPayload } from '../../common/contract';
import type { BundlePushResult } from '../../common/contracts/bundle';
import { machinesOf } from './bundleCommand';
import { withCliBackend, type CliDeps } from './cliBackend';
import { processOut } from './cliContext';
import { humanBytes } from './etcdFormat';

export interface BundlePushOptions {
  file: string;
  nodes?: string[];
  bandwidth?: number;
  concurrency?: number;
  acceptNewHostKeys?: boolean;
}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `--bandwidth 20M`: bytes per second, with K/M/G as powers of 1024 (like rsync's --bwlimit). */
export function parseBandwidth(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?(?:\/s)?$/i.exec(value.trim());
  const bytes = m ? Math.floor(Number(m[1]) * (UNITS[(m[2] ?? '').toLowerCase()] ?? 1)) : 0;
  if (!(bytes > 0))
    throw new InvalidArgumentError(`"${value}" is not a rate (bytes per second: 500K, 20M, 1G)`);
  return bytes;
}

/** One line per node event; the byte progress is left to the UI's bars. */
export function formatPushEvent(e: PushEvent): string | undefined {
  switch (e.kind) {
    case 'node':
      if (e.state === 'checking') return undefined;
      if (e.state === 'verifying') return `${e.nodeId}: checking every file with sha256sum -c\n`;
      return `${e.nodeId}: ${e.artifacts} artifacts, ${humanBytes(e.bytes)}; ${e.present} already there\n`;
    case 'artifact':
      if (e.state === 'sending') return undefined;
      return `${e.nodeId}: sent ${e.id}${e.resumedFrom > 0 ? ` (continued at ${humanBytes(e.resumedFrom)})` : ''}\n`;
    case 'progress':
      return undefined;
    case 'node-done':
      return e.ok
        ? `${e.nodeId}: verified ${e.verified} files in ${NODE_BUNDLE_DIR}\n`
        : `${e.nodeId}: FAILED: ${e.error?.message ?? 'unknown error'}\n`;
  }
}

export function formatPushed(r: BundlePushResult): string {
  const ok = r.nodes.filter((n) => n.ok).length;
  const sent = r.nodes.reduce((n, x) => n + x.sentBytes, 0);
  const missing = r.nodes
    .filter((n) => n.missing.length > 0)
    .map((n) => `${n.nodeId}: the plan needs what the bundle lacks: ${n.missing.join(', ')}\n`);
  return `${missing.join('')}${ok} of ${r.nodes.length} nodes verified; ${humanBytes(sent)} sent\n`;
}

/**
 * `kubelab bundle push FILE [--nodes a,b]`: the nodes' facts, then bundle.push — the Push panel's
 * requests — with each node's progress printed. Exit 0 when every node verified its share and the
 * bundle holds all the plan needs on it, 1 when not (what is missing named), 2 when the bundle does not fit the plan or the nodes (what differs is named).
 * Ctrl-C sends bundle.pushCancel: what the nodes received stays and the same command resumes.
 */
export function runBundlePush(
  path: string,
  opts: BundlePushOptions,
  deps: CliDeps = {},
): Promise<number> {
  const io = deps.io ?? processOut;
  const signals = deps.signals ?? process;
  const bundle = resolve(path);
  return withCliBackend(
    {
      file: opts.file,
      acceptNewHostKeys: opts.acceptNewHostKeys,
      command: 'bundle push',
      flags: { machines: '--nodes', bandwidthLimit: '--bandwidth', concurrency: '--concurrency' },
    },
    deps,
    async (cli) => {
      const machines = await machinesOf(cli, 'bundle push', io.err, opts.nodes);
      if (typeof machines === 'number') return machines;
      const stop = cli.backend.bus.subscribe((name, payload) => {
        if (name !== 'bundle.pushProgress') return;
        const line = formatPushEvent(payload as EventPayload<'bundle.pushProgress'>);
        if (line) io.out(line);
      });
      const onInterrupt = (): void => {
        io.err('kubelab bundle push: interrupted; run the same command to resume\n');
        void cli.call('bundle.pushCancel', {}).catch(() => undefined);
      };
      signals.once('SIGINT', onInterrupt);
      try {
        const pushed = await cli.call('bundle.push', {
          path: bundle,
          machines,
          ...(opts.bandwidth !== undefined ? { bandwidthLimit: opts.bandwidth } : {}),
          ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
        });
        io.out(formatPushed(pushed));
        return pushed.ok ? 0 : 1;
      } finally {
        signals.removeListener('SIGINT', onInterrupt);
        stop();
      }
    },
  );
}

const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${v}" is not a count ≥ 1`);
  return n;
};

export function registerBundlePush(bundle: Command): void {
  bundle
    .command('push')
    .description('send each node its share of a bundle over SSH, verified there (resumable)')
    .argument('<file>', 'the bundle (.tar)')
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--nodes <names>', 'only these nodes (comma-separated names or ids)', (v: string) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .option('--bandwidth <rate>', 'cap for all nodes together (bytes/s: 500K, 20M)', parseBandwidth)
    .option('--concurrency <n>', 'nodes receiving at the same time (default 10)', positiveInt)
    .option('--accept-new-host-keys', 'trust unknown host keys (pinned into the project)', false)
    .action(async (file: string, o: BundlePushOptions) => {
      process.exitCode = await runBundlePush(file, o);
    });
}
