import { describe, expect, it } from 'vitest';
import { runInstall } from '../engine/runner';
import { harness } from '../engine/testing/harness';
import { ProgressPrinter } from './progress';

// kubeadm's preflight line, as published in kubernetes/kubeadm#610 (tests/fixtures/logs/swap-on-kubeadm.txt).
const SWAP = '\t[ERROR Swap]: running with swap on is not supported. Please disable swap';

function failingJoin(): ReturnType<typeof harness> {
  return harness((id) => ({
    rules:
      id === 'worker1'
        ? [{ match: '# apply:join-worker', reply: { code: 1, stderr: `x\n${SWAP}\n` } }]
        : [],
  }));
}

describe('kubelab apply’s progress', () => {
  it('prints the diagnosis, its evidence line and the fix’s commands under the failure', async () => {
    const out: string[] = [];
    const printer = new ProgressPrinter({ write: (t) => out.push(t), tty: false, verbose: false });
    const { opts } = failingJoin();
    await runInstall({ ...opts, emit: printer.handle });
    const text = out.join('');
    const lines = text.split('\n');
    const failure = lines.findIndex((l) => /x worker1 +join-worker/.test(l));
    const diagnosis = lines.indexOf('    diagnosis: Swap is on [swap-on]');
    // Under the failure (whose message carries the output's last lines), before anything else.
    expect(failure).toBeGreaterThan(0);
    expect(diagnosis).toBeGreaterThan(failure);
    expect(lines.slice(failure + 1, diagnosis).every((l) => !l.startsWith('['))).toBe(true);
    expect(lines[diagnosis + 1]).toBe(
      '    evidence (step output, line 2): [ERROR Swap]: running with swap on is not supported. Please disable swap',
    );
    expect(text).toContain('    automatic fix swap-off (on this node):\n      $ swapoff -a\n');
  });

  it('prints it in Chinese when asked', async () => {
    const out: string[] = [];
    const printer = new ProgressPrinter({
      write: (t) => out.push(t),
      tty: false,
      verbose: false,
      lang: 'zh',
    });
    const { opts } = failingJoin();
    await runInstall({ ...opts, emit: printer.handle });
    const text = out.join('');
    expect(text).toContain('    证据 (步骤输出, 第 2 行): [ERROR Swap]');
    expect(text).toContain('    自动修复 swap-off (在此节点上):');
  });
});

describe('a resume whose plan changed', () => {
  it('says so under the run line, with how many finished steps are checked again', () => {
    for (const lang of ['en', 'zh'] as const) {
      const out: string[] = [];
      const printer = new ProgressPrinter({
        write: (t) => out.push(t),
        tty: false,
        verbose: false,
        lang,
      });
      printer.handle({
        type: 'run-started',
        operation: 'install',
        runId: 'r1',
        time: new Date().toISOString(),
        dryRun: false,
        resumed: true,
        tasks: [],
        recheck: { changed: 3, unrecorded: 0, dependants: 2 },
      });
      const lines = out.join('').split('\n');
      expect(lines[0]).toMatch(/resuming run r1: 0 tasks on 0 nodes$/);
      expect(lines[1]).toMatch(
        lang === 'en'
          ? /\] the plan or the nodes changed since run r1: 5 finished steps will be checked again \(3 changed, 0 unrecorded, 2 depending on them\)$/
          : /\] 自运行 r1 以来计划或节点已更改：5 个已完成的步骤将重新检查/,
      );
    }
  });

  it('names an older project file, and prints nothing when everything is kept', () => {
    const out: string[] = [];
    const printer = new ProgressPrinter({ write: (t) => out.push(t), tty: false, verbose: false });
    const started = {
      type: 'run-started' as const,
      operation: 'install' as const,
      runId: 'r2',
      time: new Date().toISOString(),
      dryRun: false,
      resumed: true,
      tasks: [],
    };
    printer.handle({ ...started, recheck: { changed: 0, unrecorded: 4, dependants: 0 } });
    expect(out.join('')).toMatch(
      /run r2 did not record what its steps were rendered from \(an older project file\): 4 finished steps will be checked again/,
    );
    out.length = 0;
    printer.handle(started);
    expect(out).toHaveLength(1);
  });
});

describe('a step’s notice', () => {
  it('is printed without --verbose, other log lines are not', async () => {
    const out: string[] = [];
    const printer = new ProgressPrinter({ write: (t) => out.push(t), tty: false, verbose: false });
    const { opts, applied } = harness(() => ({
      detached: (ref) => ({
        onExit: () => applied.get('master1')?.add(ref.stepId.replace(/\.\d+$/, '')),
        chunks: [
          '[kubelab] notice: an earlier kubeadm init on this node did not finish\n',
          '[init] Using Kubernetes version\n',
        ],
        intervalMs: 1,
      }),
    }));
    await runInstall({ ...opts, emit: printer.handle });
    const text = out.join('');
    expect(text).toMatch(
      /master1 +kubeadm-init +\| \[kubelab\] notice: an earlier kubeadm init on this node did not finish\n/,
    );
    expect(text).not.toContain('[init] Using Kubernetes version');
  });
});
