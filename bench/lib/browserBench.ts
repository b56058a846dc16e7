/**
 * Shared pieces of the browser benchmarks (bench/ui-scale.ts, bench/terminal.ts): Debian's
 * Chromium with the project's flags, the machine line for RESULTS.md, the load, percentiles.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../common/chromiumArgs';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.KUBELAB_CHROMIUM ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS],
  });
}

/** Wall-clock milliseconds with sub-millisecond resolution (comparable with the page's). */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

export function loadavg(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export function machine(): string {
  const model = cpus()[0]?.model ?? 'unknown CPU';
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  const gib = (totalmem() / 2 ** 30).toFixed(1);
  let chromiumVersion = 'unknown';
  try {
    chromiumVersion = execFileSync('/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    // Reported as unknown.
  }
  return `nproc ${nproc}, ${model}, ${gib} GiB RAM, Node ${process.version}, ${chromiumVersion}`;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? NaN;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const fmt = (n: number, digits = 1): string =>
  Number.isFinite(n) ? n.toFixed(digits) : '–';

export interface Served {
  url: string;
  stop(): Promise<void>;
}

/**
 * The real `kubelab serve` (built CLI) on a free port with a fresh config dir, optionally opening
 * a project file; resolves with the printed URL (as tests/e2e/support/serve.ts does).
 */
export async function startServe(project?: string): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-bench-'));
  const child = spawn(
    process.execPath,
    ['bin/kubelab.js', 'serve', '--port', '0', ...(project ? ['--project', project] : [])],
    { env: { ...process.env, KUBELAB_CONFIG_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL from serve:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /http:\/\/\S+\?token=\S+/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited ${code}:\n${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Opens the app and goes to an area (the shell's nav buttons, as tests/e2e's ShellPage). */
export async function openArea(page: Page, url: string, area: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('app-info')).toBeVisible();
  await page.getByTestId(`nav-${area}`).click();
}
