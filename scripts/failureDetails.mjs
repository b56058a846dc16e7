// What went wrong, repeated at the very end of `npm test`: CI keeps only the tail of a long run's
// output, and a lane's log is printed when the lane ends, long before the summary line. Without
// this a "suite error" (a failed hook, an unhandled rejection, a file that did not load) leaves
// nothing to read in the part of the log that is kept.
import { existsSync, readFileSync } from 'node:fs';

const ANSI = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex
const MAX_LINES_PER_ITEM = 25;
const MAX_LOG_LINES = 120;

/** A message's lines without ANSI colours and without stack frames inside node_modules. */
function clip(text, max = MAX_LINES_PER_ITEM) {
  const lines = String(text)
    .replace(ANSI, '')
    .split('\n')
    .filter((l) => !/^\s+at .*node_modules/.test(l));
  return lines.length > max
    ? [...lines.slice(0, max), `… (${lines.length - max} more lines)`]
    : lines;
}

/** Failed files and tests of a Vitest JSON report, each with the start of its message. */
export function vitestReportFailures(jsonPath) {
  if (!existsSync(jsonPath)) return [];
  const report = JSON.parse(readFileSync(jsonPath, 'utf8'));
  const out = [];
  for (const file of report.testResults ?? []) {
    if (file.status === 'failed' && file.message) {
      out.push(`FILE ${file.name}`, ...clip(file.message).map((l) => `  ${l}`));
    }
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      out.push(`TEST ${file.name} › ${test.fullName}`);
      for (const message of test.failureMessages ?? [])
        out.push(...clip(message).map((l) => `  ${l}`));
    }
  }
  return out;
}

/**
 * The error sections Vitest prints at the end of a run ("Failed Suites", "Failed Tests",
 * "Unhandled Errors"), from the first such banner to the counts.
 */
export function vitestLogErrorSections(logPath) {
  if (!existsSync(logPath)) return [];
  const lines = readFileSync(logPath, 'utf8').replace(ANSI, '').split('\n');
  const start = lines.findIndex((l) => /⎯{3,}.*(Failed|Unhandled|Error)/.test(l));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && /^\s*Test Files\s/.test(l));
  return clip(lines.slice(start, end < 0 ? undefined : end).join('\n'), MAX_LOG_LINES);
}
