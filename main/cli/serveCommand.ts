import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createBackend } from '../backend';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { configDir } from '../store/paths';
import { isLoopback } from '../web/access';
import { startWebHost } from '../web/server';
import { parsePort } from './options';

/** Where the built renderer sits relative to the bundled CLI (out/main → out/renderer). */
function defaultRendererDir(): string {
  return fileURLToPath(new URL('../renderer', import.meta.url));
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the kubelab UI to a browser on this machine (127.0.0.1 by default)')
    .option('-p, --port <port>', 'TCP port; 0 picks a free one', '7443')
    .option(
      '--host <address>',
      'address to bind; anything but loopback exposes kubelab to the network',
      '127.0.0.1',
    )
    .action(async (opts: { port: string; host: string }) => {
      const port = parsePort(opts.port, '--port');
      if (!isLoopback(opts.host)) {
        process.stderr.write(
          `warning: binding ${opts.host} makes kubelab reachable from other machines. ` +
            'Anyone with the URL below can drive your cluster install; keep it private.\n',
        );
      }
      const backend = createBackend({
        face: 'web',
        settingsStore: new JsonSettingsStore(join(configDir(), 'settings.json')),
      });
      const host = await startWebHost({
        host: opts.host,
        port,
        rendererDir: process.env.KUBELAB_RENDERER_DIR ?? defaultRendererDir(),
        backend,
      });
      process.stdout.write(
        `kubelab is serving on ${host.url}\nOpen that URL in a browser. Press Ctrl-C to stop.\n`,
      );
      const stop = (): void => {
        void host.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
