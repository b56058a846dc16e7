// Runs Doyensec's Electronegativity over the desktop face's sources and fails on any finding that
// is not in scripts/electronegativity-reviewed.json (each reviewed entry says why it is fine).
// The package's own CLI is broken by a newer hoisted commander, so its runner is called directly.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);

// The scanner phones home (translations, Electron's release list) through `got`. kubelab's checks
// never leave the machine, so `got` is replaced, before the scanner loads, by one that fails at once
// the way an offline machine does; the scanner already handles that path.
const scannerRequire = createRequire(require.resolve('@doyensec/electronegativity'));
const gotPath = scannerRequire.resolve('got');
const offline = () =>
  Promise.reject(new Error('offline: kubelab runs Electronegativity without network'));
offline.head = offline;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };

const run = require('@doyensec/electronegativity');
const reviewed = JSON.parse(
  readFileSync(new URL('./electronegativity-reviewed.json', import.meta.url), 'utf8'),
);

// Global checks (CSP, navigation limits, permission handler) look at the whole app, which lives
// in main/electron; the preload is scanned for its own per-file findings only.
const globalChecks = [
  'CSPGlobalCheck',
  'LimitNavigationGlobalCheck',
  'PermissionRequestHandlerGlobalCheck',
];
const scans = [
  { input: 'main/electron', excludeFromScan: [] },
  { input: 'preload', excludeFromScan: globalChecks },
];
let unreviewed = 0;
for (const { input, excludeFromScan } of scans) {
  const result = await run(
    { input, isRelative: true, electronVersionOverride: '45.0.0', excludeFromScan },
    false,
  );
  const issues = result?.issues ?? [];
  for (const issue of issues) {
    const key = `${issue.id}:${input}/${issue.file}`;
    const note = reviewed[key];
    if (note) {
      console.log(`reviewed  ${key} — ${note}`);
    } else {
      unreviewed += 1;
      console.log(`FINDING   ${key}:${issue.location?.line ?? '?'} ${issue.description ?? ''}`);
    }
  }
}
console.log(`electronegativity: ${unreviewed} unreviewed finding(s)`);
process.exit(unreviewed ? 1 : 0);
