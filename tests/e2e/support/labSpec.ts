import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { isRootOnLinux, labLeftovers } from './demoRun';
import type { Served } from './serve';

/**
 * The set-up every spec on a practice-lab instance of its own shares: the instance must be free
 * before (root on Linux, or the spec is skipped as the lab cannot run), and after all its tests
 * the served app is stopped, the spec's temporary folder removed and the lab brought down — with
 * nothing of it left — whatever the test did.
 */
export interface LabSpec {
  /** Brings `scenario` up on the instance and makes the spec's temporary folder; returns it. */
  up(scenario: string, tempPrefix: string): string;
  /** Keeps the served app, to stop it after the spec; returns it. */
  serving(served: Served): Served;
}

export function labSpec(instance: string, lab: (...args: string[]) => string): LabSpec {
  let served: Served | undefined;
  let dir: string | undefined;
  let labIsUp = false;

  test.beforeAll(() => {
    test.skip(!isRootOnLinux(), 'the practice lab needs Linux and root');
    expect(labLeftovers(instance), `lab instance ${instance} must be free`).toEqual([]);
  });

  test.afterAll(async () => {
    await served?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (!labIsUp) return;
    lab('down');
    await expect.poll(() => labLeftovers(instance), { timeout: 15_000 }).toEqual([]);
  });

  return {
    up(scenario, tempPrefix) {
      labIsUp = true;
      lab('up', scenario);
      dir = mkdtempSync(join(tmpdir(), tempPrefix));
      return dir;
    },
    serving(s) {
      served = s;
      return s;
    },
  };
}
