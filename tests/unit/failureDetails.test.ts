// The end of `npm test` repeats what failed: a failed file's hook error, a failed test's message
// and Vitest's own error sections from a lane log, without colours or node_modules frames.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vitestLogErrorSections, vitestReportFailures } from '../../scripts/failureDetails.mjs';

const dir = mkdtempSync(join(tmpdir(), 'kubelab-failure-details-'));

describe('failure details', () => {
  it('names a failed file with its hook error and a failed test with its message', () => {
    const json = join(dir, 'report.json');
    writeFileSync(
      json,
      JSON.stringify({
        testResults: [
          { name: '/r/ok.test.ts', status: 'passed', message: '', assertionResults: [] },
          {
            name: '/r/ha.test.ts',
            status: 'failed',
            message: 'Hook timed out in 300000ms',
            assertionResults: [
              { fullName: 'ha joins', status: 'passed', failureMessages: [] },
              {
                fullName: 'ha survives',
                status: 'failed',
                failureMessages: [
                  'AssertionError: expected 1 to be 2\n    at /r/ha.test.ts:3:1\n    at run (/r/node_modules/x.js:1:1)',
                ],
              },
            ],
          },
        ],
      }),
    );
    const lines = vitestReportFailures(json);
    expect(lines).toEqual([
      'FILE /r/ha.test.ts',
      '  Hook timed out in 300000ms',
      'TEST /r/ha.test.ts › ha survives',
      '  AssertionError: expected 1 to be 2',
      '      at /r/ha.test.ts:3:1',
    ]);
  });

  it('gives nothing for a missing report', () => {
    expect(vitestReportFailures(join(dir, 'absent.json'))).toEqual([]);
  });

  it('cuts the error sections out of a lane log, without colours', () => {
    const log = join(dir, 'lane.log');
    writeFileSync(
      log,
      [
        ' \x1b[32m✓\x1b[39m tests/a.test.ts (2 tests)',
        '\x1b[31m⎯⎯⎯⎯ Unhandled Errors ⎯⎯⎯⎯\x1b[39m',
        'Error: stray rejection',
        '',
        ' Test Files  1 passed (1)',
        '      Tests  2 passed (2)',
      ].join('\n'),
    );
    expect(vitestLogErrorSections(log)).toEqual([
      '⎯⎯⎯⎯ Unhandled Errors ⎯⎯⎯⎯',
      'Error: stray rejection',
      '',
    ]);
  });

  it('gives nothing for a clean log', () => {
    const log = join(dir, 'clean.log');
    writeFileSync(log, ' Test Files  1 passed (1)\n');
    expect(vitestLogErrorSections(log)).toEqual([]);
  });
});
