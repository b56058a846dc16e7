// Builds the app when out/ is missing or older than any source file, so `npm run serve` works on a
// fresh clone and after a pull without a separate build step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const outputs = ['out/main/cli.js', 'out/renderer/index.html', 'out/preload/index.cjs'];
const sources = [
  'common',
  'main',
  'preload',
  'renderer',
  'resources',
  'electron.vite.config.ts',
  'package.json',
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const built = Math.min(...outputs.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
if (built === 0 || Math.max(...sources.map(newest)) > built) {
  process.stdout.write('Building kubelab…\n');
  const r = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
