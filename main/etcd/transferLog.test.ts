import { describe, expect, it } from 'vitest';
import { byteProgress, parseProgressLine, progressLine } from './transferLog';

describe('transfer progress in a step log', () => {
  it('reads in MiB with a percentage', () => {
    expect(progressLine({ transferred: 13_107_200, total: 209_715_200 })).toBe(
      'transferred 13107200 of 209715200 bytes (12.5 MiB of 200.0 MiB, 6%)',
    );
  });

  it('reads the counts back from a chunk of log: the last line wins, other lines are not', () => {
    const a = progressLine({ transferred: 10, total: 100 });
    const b = progressLine({ transferred: 60, total: 100 });
    expect(parseProgressLine(`downloading 100 bytes\n${a}\n${b}\n`)).toEqual({
      transferred: 60,
      total: 100,
    });
    expect(parseProgressLine('downloading 100 bytes (SHA-256 x)\n')).toBeUndefined();
  });

  it('logs at most once a second, and always the end', () => {
    const lines: string[] = [];
    let t = 0;
    const report = byteProgress(
      (l) => lines.push(l),
      1000,
      () => t,
    );
    report({ transferred: 1, total: 10 });
    t = 500;
    report({ transferred: 2, total: 10 });
    t = 1000;
    report({ transferred: 3, total: 10 });
    t = 1100;
    report({ transferred: 10, total: 10 });
    expect(lines).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/^transferred 10 of 10 bytes .*100%\)$/);
  });
});
