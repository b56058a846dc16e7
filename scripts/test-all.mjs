// `npm test`: every check this machine can run, in order, then one summary line
// `N passed, N failed, N skipped` that CI reads. Each static check (lint, types, Electronegativity,
// ShellCheck, build) counts as one test; Vitest and Playwright report their own counts.
// A stage that cannot run here (integration tests without root on Linux) is counted as skipped
// and said so, never silently passed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { vitestLogErrorSections, vitestReportFailures } from './failureDetails.mjs';
import { runIntegrationLanes } from './integrationLanes.mjs';
import { remoteScriptFiles } from './remoteScriptFiles.mjs';

const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
/** Lines repeated after everything else, so the kept tail of a CI log says what failed. */
const details = [];
mkdirSync('test-results', { recursive: true });

function sh(cmd, args, env = {}) {
  const started = Date.now();
  process.stdout.write(`\n=== ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  process.stdout.write(
    `=== exit ${r.status ?? r.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return r.status === 0;
}

function check(name, cmd, args) {
  if (sh(cmd, args)) results.passed += 1;
  else {
    results.failed += 1;
    failures.push(name);
  }
}

// Every shell script in the repository, wherever it lives: `*.sh` files and any file whose first
// line is a sh/bash shebang (the lab's extension-less shims, .ci/run).
const NOT_SOURCE = new Set([
  'node_modules',
  'out',
  'dist',
  '.git',
  'test-results',
  'playwright-report',
]);
const SHELL_SHEBANG = /^#!\s*(?:\/usr)?\/bin\/(?:env\s+)?(?:ba)?sh\b/;

function isShellScript(path, name) {
  if (name.endsWith('.sh')) return true;
  if (/\.[a-z]+$/i.test(name) && !name.startsWith('.')) return false;
  const head = readFileSync(path, { encoding: 'utf8', flag: 'r' }).slice(0, 64);
  return SHELL_SHEBANG.test(head);
}

/**
 * Every shell script of the repository: under main/ the index of remote scripts
 * (main/remoteScripts/index.json; its unit test holds it equal to the .sh files there), elsewhere
 * *.sh and extension-less files with a sh/bash shebang.
 */
function shellScripts() {
  const found = remoteScriptFiles().map((path) => join('.', path));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (NOT_SOURCE.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (path === 'main') continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && isShellScript(path, entry.name)) found.push(path);
    }
  };
  walk('.');
  return found.sort();
}

function vitestProject(project) {
  const out = `test-results/${project}.json`;
  const ok = sh('npx', [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  countVitest(project, ok, out);
}

/** Adds a Vitest JSON report's counts; a missing or empty report, or a load error, fails. */
function countVitest(name, ok, out, log) {
  if (!ok) {
    details.push(`--- ${name}`, ...vitestReportFailures(out));
    if (log) details.push(...vitestLogErrorSections(log));
  }
  if (!existsSync(out)) {
    results.failed += 1;
    failures.push(`vitest ${name} (no report)`);
    return;
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  results.passed += report.numPassedTests;
  results.failed += report.numFailedTests;
  results.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  if (report.numTotalTests === 0) {
    results.failed += 1;
    failures.push(`vitest ${name} ran no test`);
  } else if (!ok && report.numFailedTests === 0) {
    results.failed += 1; // a suite that failed to load counts even if no test inside failed
    failures.push(`vitest ${name} (suite error)`);
  } else if (report.numFailedTests > 0) failures.push(`vitest ${name}`);
}

/** The integration suites in lanes side by side (scripts/integrationLanes.mjs). */
async function integrationStage() {
  const started = Date.now();
  for (const { lane, code, json, log } of await runIntegrationLanes()) {
    countVitest(lane.name, code === 0, json, log);
  }
  process.stdout.write(
    `=== integration lanes done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

function playwright() {
  const out = 'test-results/e2e-results.json';
  const ok = sh('npx', ['playwright', 'test']);
  if (!existsSync(out)) {
    results.failed += 1;
    failures.push('playwright (no report)');
    return;
  }
  const { stats } = JSON.parse(readFileSync(out, 'utf8'));
  results.passed += stats.expected + (stats.flaky ?? 0);
  results.failed += stats.unexpected;
  results.skipped += stats.skipped;
  if (!ok && stats.unexpected === 0) {
    results.failed += 1;
    failures.push('playwright (run error)');
  } else if (stats.unexpected > 0) failures.push('playwright');
}

const isRootLinux = process.platform === 'linux' && process.getuid?.() === 0;

check('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
check('format', 'npx', ['prettier', '--check', '.']);
check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
check('electronegativity', 'node', ['scripts/electronegativity.mjs']);
const scripts = shellScripts();
if (scripts.length) check('shellcheck', 'shellcheck', ['-x', ...scripts]);
check('build', 'npx', ['electron-vite', 'build']);
vitestProject('unit');
if (isRootLinux) await integrationStage();
else {
  process.stdout.write('\nintegration tests need root on Linux (the practice lab): skipped\n');
  results.skipped += 1;
}
playwright();

if (details.length) process.stdout.write(`\n=== what failed\n${details.join('\n')}\n`);
if (failures.length) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
process.stdout.write(
  `\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped\n`,
);
process.exit(results.failed ? 1 : 0);
