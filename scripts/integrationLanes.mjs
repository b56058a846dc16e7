// The integration stage in lanes: two Vitest runs side by side, each running its files one at a
// time. Every lab suite has its own lab instance and build folder, so suites in different lanes
// never share a machine namespace or a build; suites that DO share one (preflight and verify use
// lab instance 6 and one CLI build) stay in the same lane. A new suite folder goes to the second
// lane unless it is listed in the first. Each lane's output is kept in a file and printed whole
// when the lane ends, so the CI log stays readable.
import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';

/** Folders of tests/integration in the first lane: the long preflight scenarios and their kin, and
 * the failure table's first half (failure/: each failing scenario installed, failed and retried;
 * its second half, failure2/, runs in the second lane beside the lab, install and report suites). */
const FIRST_LANE = [
  'preflight',
  'verify',
  'ssh',
  'certs',
  'etcd',
  'ha',
  'truth2',
  'upgrade',
  'failure',
];

export function integrationLanes(root = 'tests/integration') {
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const first = folders.filter((f) => FIRST_LANE.includes(f));
  const second = folders.filter((f) => !FIRST_LANE.includes(f));
  return [
    { name: 'integration-1', folders: first },
    { name: 'integration-2', folders: second },
  ]
    .filter((lane) => lane.folders.length > 0)
    .map((lane) => ({ ...lane, filters: lane.folders.map((f) => `${root}/${f}/`) }));
}

/** Runs one lane; resolves with its exit code and the paths of its JSON report and its log. */
function runLane(lane) {
  const started = Date.now();
  const log = `test-results/${lane.name}.log`;
  const json = `test-results/${lane.name}.json`;
  const out = createWriteStream(log);
  const child = spawn(
    'npx',
    [
      'vitest',
      'run',
      '--project',
      'integration',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${json}`,
      ...lane.filters,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
  );
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      out.end(() => {
        process.stdout.write(`\n=== ${lane.name}: ${lane.folders.join(', ')}\n`);
        process.stdout.write(readFileSync(log, 'utf8'));
        const seconds = (Date.now() - started) / 1000;
        process.stdout.write(
          `=== ${lane.name} exit ${code ?? signal} in ${seconds.toFixed(1)} s\n`,
        );
        resolve({ lane, code: code ?? 1, json, log });
      });
    });
  });
}

/** Every lane at once; resolves when all have ended, in lane order. */
export function runIntegrationLanes() {
  return Promise.all(integrationLanes().map(runLane));
}
