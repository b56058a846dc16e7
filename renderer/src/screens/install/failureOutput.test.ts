import { describe, expect, it } from 'vitest';
import { markOutput } from './failureOutput';

describe('markOutput', () => {
  it('highlights the lines a signature matched and the diagnosis evidence, nothing else', () => {
    const out = [
      '[preflight] Running pre-flight checks',
      '\t[ERROR Swap]: running with swap on is not supported. Please disable swap',
      'error execution phase preflight: [preflight] Some fatal errors occurred:',
      'extra evidence line',
    ].join('\n');
    const lines = markOutput(out, ['extra evidence line']);
    expect(lines.map((l) => l.matched)).toEqual([false, true, false, true]);
    expect(lines[1]?.text).toContain('[ERROR Swap]');
  });

  it('marks nothing in output no signature knows', () => {
    expect(markOutput('all fine\nreally').some((l) => l.matched)).toBe(false);
  });
});
