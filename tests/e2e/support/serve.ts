import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Served {
  url: string;
  origin: string;
  token: string;
  configDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the real `kubelab serve` (the built CLI) on a free port and resolves once it prints its
 * URL. `configDir` lets a test restart the server on the same user settings; `args` are more
 * options of `serve` (e.g. `--project FILE`).
 */
export async function startServe(
  configDir = mkdtempSync(join(tmpdir(), 'kubelab-e2e-')),
  args: readonly string[] = [],
): Promise<Served> {
  const serveArgs = ['bin/kubelab.js', 'serve', '--port', '0', ...args];
  const child: ChildProcess = spawn(process.execPath, serveArgs, {
    env: { ...process.env, KUBELAB_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`kubelab serve printed no URL:\n${output}`)),
      20_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /http:\/\/\S+\?token=\S+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`kubelab serve exited ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    configDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
