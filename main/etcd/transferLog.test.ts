import { describe, expect, it } from 'vitest';
import { byteProgress, progressLine } from './transferLog';

describe('transfer progress in a step log', () => {
  it('reads in MiB with a percentage', () => {
    expect(progressLine({ transferred: 13_107_200, total: 209_715_200 })).toBe(
      '12.5 MiB of 200.0 MiB (6%)',
    );
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
    expect(lines.at(-1)).toMatch(/\(100%\)$/);
  });
});
