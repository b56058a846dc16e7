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
