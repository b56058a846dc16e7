import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

// common/ is outside this tsconfig project, so load the app's CSP by path at run time.
const CSP_MODULE = '../../../common/csp.ts';
const ROOT = resolve('renderer/preview');
const OUT = resolve('test-results/preview-build');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface Preview {
  url: string;
  stop(): Promise<void>;
}

/**
 * Builds the component preview (renderer/preview, never part of the app) with Vite and serves it
 * under the app's own Content-Security-Policy, so a component that needs inline script or eval
 * fails here exactly as it would in the app.
 */
export async function startPreview(): Promise<Preview> {
  await build({
    configFile: false,
    root: ROOT,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: OUT, emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  });
  const { contentSecurityPolicy } = (await import(CSP_MODULE)) as {
    contentSecurityPolicy(): string;
  };
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    let file = join(OUT, path === '/' ? 'index.html' : path);
    if (!file.startsWith(OUT) || !existsSync(file) || statSync(file).isDirectory())
      file = join(OUT, 'index.html');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy(),
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
