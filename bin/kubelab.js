#!/usr/bin/env node
// The `kubelab` command: runs the bundled CLI. `npm run build` produces out/main/cli.js.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('kubelab: not built yet. Run `npm run build` first.\n');
  process.exit(1);
}
await import(cli);
