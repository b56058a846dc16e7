// `npm run demo`: from a fresh clone to kubelab open on the practice lab, ready to click Install.
// Checks prerequisites (naming the command that installs what is missing), builds if needed, and
// runs `kubelab serve --lab guide`, which brings the lab up, opens a project holding its nodes
// (host keys pinned, the lab's key) and the guide's plan, and takes the lab down when it stops.
// Ctrl-C stops the server; the server takes down only the lab it brought up. Off Linux or without
// root the lab cannot run: the demo says so and starts kubelab without it.
//
//   npm run demo [-- --no-browser] [-- --ci] [-- --port N] [-- --scenario NAME]
//
// LAB_INSTANCE=<1-49> runs on a separate lab (own namespaces, bridge, subnet and state).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser } from './demo/browser.mjs';
import { portFree } from './demo/port.mjs';
import {
  canInstall,
  installMessage,
  installPackages,
  missingPackages,
} from './demo/installPackages.mjs';
import { labPossible, problems } from './demo/prerequisites.mjs';
import { createProgress } from './demo/progress.mjs';
import { recordFile, removeRecord, startTime, stopLeftover, writeRecord } from './demo/record.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const USAGE = `usage: npm run demo [-- options]
  --no-browser       print the URL only (no browser is opened)
  --ci               non-interactive: --no-browser and plain progress lines
  --port N           port for kubelab (default 7443, or a free one if that is taken; 0: any)
  --scenario NAME    practice lab scenario (default guide; see tests/lab/scenarios)
`;

function parseArgs(argv) {
  const opts = { browser: true, ci: false, port: undefined, scenario: 'guide' };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--no-browser') opts.browser = false;
    else if (a === '--ci' || a === '--non-interactive')
      Object.assign(opts, { ci: true, browser: false });
    else if (a === '--port') opts.port = argv[(i += 1)];
    else if (a === '--scenario') opts.scenario = argv[(i += 1)];
    else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else {
      process.stderr.write(`demo: unknown option ${a}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (opts.port !== undefined && !/^\d+$/.test(opts.port)) {
    process.stderr.write(`demo: --port needs a number\n`);
    process.exit(2);
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const progress = createProgress(process.stdout, !opts.ci && Boolean(process.stdout.isTTY));
const lab = labPossible();
const record = recordFile();

// 1. Prerequisites.
progress.step(1, 'Checking what the demo needs…');
const labPackages = lab ? missingPackages() : [];
if (labPackages.length > 0 && canInstall()) {
  progress.done();
  process.stdout.write(installMessage(labPackages));
  const failed = installPackages(labPackages.map((p) => p.name));
  if (failed)
    process.stderr.write(`kubelab demo: installing the lab's packages failed: ${failed}\n`);
}
const missing = problems({ lab, root });
if (missing.length > 0) {
  progress.done();
  process.stderr.write('\nkubelab demo: something is missing.\n');
  for (const p of missing) process.stderr.write(`  - ${p.what}\n      fix: ${p.fix}\n`);
  process.stderr.write('Then run `npm run demo` again.\n');
  process.exit(1);
}
if (!lab) {
  progress.line(
    `The practice lab needs Linux and root (it makes network namespaces, a bridge and mounts); ` +
      `this is ${process.platform}${process.getuid?.() === 0 ? '' : ' without root'}.`,
  );
  progress.line('Starting kubelab without it: add your own machines on the Nodes screen.');
}
try {
  const note = await stopLeftover(record);
  if (note) progress.line(note);
} catch (err) {
  progress.done();
  process.stderr.write(`kubelab demo: ${err.message}\n`);
  process.exit(1);
}

// 2. Build (only when out/ is missing or older than the sources).
progress.step(2, 'Building kubelab if needed…');
progress.done();
const built = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) {
  process.stderr.write('kubelab demo: the build failed (see above).\n');
  process.exit(1);
}

// 3. and 4. The lab and the server: `kubelab serve --lab` does both and reports each line.
const port = opts.port ?? ((await portFree(7443)) ? '7443' : '0');
if (opts.port === undefined && port === '0') progress.line('port 7443 is taken; using a free one');
const args = ['bin/kubelab.js', 'serve', '--port', port];
if (lab) args.push('--lab', opts.scenario);
progress.step(3, lab ? `Starting the practice lab "${opts.scenario}"…` : 'Starting kubelab…');
const server = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
writeRecord(record, serverRecord());

let url;
let stopping = false;
const labLines = [];
relay(server.stderr, (line) => {
  // The lab's summary goes into the final banner; everything else is progress as it comes.
  if (/^practice lab ".*" is up|^project: /.test(line)) {
    labLines.push(line);
    if (labLines.length === 1) progress.step(4, 'Starting kubelab…');
  } else progress.line(line);
});
relay(server.stdout, (line) => {
  const match = /https?:\/\/\S+\?token=\S+/.exec(line);
  if (!match || url) return;
  url = match[0];
  writeRecord(record, { ...serverRecord(), url });
  progress.done();
  ready(url);
});

server.once('exit', (code, signal) => {
  progress.done();
  removeRecord(record);
  if (stopping) {
    process.stdout.write(
      lab ? 'kubelab stopped and the practice lab is down.\n' : 'kubelab stopped.\n',
    );
    process.exit(0);
  }
  process.stderr.write(
    `kubelab demo: kubelab stopped unexpectedly (${signal ?? `exit ${code}`}).\n`,
  );
  process.exit(code || 1);
});

// Ctrl-C reaches the server too (same process group); SIGTERM (or a kill of the demo alone) is
// passed on. Either way the server closes, takes the lab down, and its exit ends the demo.
const stop = () => {
  if (stopping) {
    progress.line('still stopping: taking the practice lab down…');
    return;
  }
  stopping = true;
  progress.done();
  process.stdout.write(`\nStopping kubelab${lab ? ' and taking the practice lab down' : ''}…\n`);
  if (server.exitCode === null) server.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('SIGHUP', stop);

function ready(link) {
  const lines = [
    '',
    `kubelab is ready: ${link}`,
    ...labLines.map((l) => `  ${l}`),
    lab
      ? '  Open the Install screen and click Install to install the guide’s cluster on the lab.'
      : '  Add your machines on the Nodes screen, choose a plan, then Install.',
    `  Press Ctrl-C to stop kubelab${lab ? ' and take the practice lab down' : ''}.`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (opts.browser && openBrowser(link)) process.stdout.write('  (opened in your browser)\n');
}

function relay(stream, onLine) {
  let partial = '';
  stream.on('data', (chunk) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const p of parts) if (p.trim()) onLine(p);
  });
}

/** What a later run needs to stop this server if this demo is killed without a chance to. */
function serverRecord() {
  return {
    demoPid: process.pid,
    demoStart: startTime(process.pid),
    servePid: server.pid,
    serveStart: startTime(server.pid),
  };
}
