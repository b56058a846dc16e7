#!/usr/bin/env node
// npm run catalog:update — regenerates common/catalog/data/kubeadm-releases.json from the source
// snapshot in scripts/catalog/sources/ (collected from upstream; CI has no internet). Refuses to
// write when the sources disagree, naming the version and the source.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, generate } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const read = (f) => JSON.parse(readFileSync(join(here, 'sources', f), 'utf8'));
const out = join(here, '..', '..', 'common', 'catalog', 'data', 'kubeadm-releases.json');

try {
  const data = generate(
    read('kubeadm-constants.json'),
    read('observed-lists.json'),
    new Date().toISOString().slice(0, 10),
  );
  writeFileSync(out, format(data));
  process.stdout.write(`wrote ${data.releases.length} releases to ${out}\n`);
} catch (e) {
  process.stderr.write(
    `catalog:update: not written: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exitCode = 1;
}
