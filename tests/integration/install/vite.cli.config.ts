import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Builds only the CLI (main/cli/index.ts) for the install tests, into their own directory, so they
// run the real `kubelab` entry point without touching out/ (which other work builds into).
const root = resolve(import.meta.dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };

export default defineConfig({
  root,
  logLevel: 'warn',
  define: { __KUBELAB_VERSION__: JSON.stringify(pkg.version) },
  build: {
    ssr: resolve(root, 'main/cli/index.ts'),
    outDir: process.env.KUBELAB_IT_OUT ?? resolve(root, 'node_modules/.cache/kubelab-it'),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { format: 'cjs', entryFileNames: 'cli.cjs' } },
  },
});
