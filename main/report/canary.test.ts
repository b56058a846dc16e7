import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../common/report/build';
import type { ReportInput } from '../../common/report/input';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { chromiumPath, chromiumPdfRenderer } from './pdf';
import { exportReport, REPORT_FORMATS } from './write';

/**
 * Secret canaries (design §8): known secrets are put into every string field of a realistic
 * project, run, facts, preflight and verification; every exported file is then searched for them.
 */
const TOKEN = 'kc4nry.c4n4ry0123456789';
const CERT_KEY = 'deadbeef'.repeat(8);
const PEM =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nCANARYPEMBODYb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----';
const PASSWORD = 'Pa55-canary-word';
const PASSPHRASE = 'Phr4se-canary-x';
/** A node password kubelab knows from the keychain: removed verbatim, wherever it appears. */
const KNOWN = 'Hunter2-Canary!';

const CANARIES = [
  `--token ${TOKEN}`,
  `--certificate-key ${CERT_KEY}`,
  `key ${CERT_KEY}`,
  PEM,
  `password: ${PASSWORD}`,
  `--passphrase=${PASSPHRASE}`,
  `login ${KNOWN}`,
];
/** What must not appear, whitespace-insensitively (a PDF may wrap a long word). */
const NEEDLES = [
  TOKEN,
  'c4n4ry0123456789',
  'deadbeef',
  'CANARYPEMBODY',
  PASSWORD,
  PASSPHRASE,
  KNOWN,
];

/** Enum-like fields keep their value so the report still has its shape. */
const KEEP = new Set([
  'role',
  'status',
  'auth',
  'runtime',
  'mirrorProfile',
  'plugin',
  'controlPlaneMode',
  'firewall',
  'kubernetesVersion',
  'family',
  'selinux',
  'cgroup',
  'severity',
  'outcome',
  'phase',
  'firewalld',
  'ufw',
  'iptablesForwardPolicy',
  'mode',
  'schemaVersion',
  'lang',
  'generatedAt',
  'startedAt',
  'finishedAt',
  'at',
  'expiresAt',
  'certificateKeyExpiresAt',
  'checkedAt',
  'collectedAt',
]);

function poison(value: unknown, pick: () => string, key = ''): unknown {
  if (typeof value === 'string') return KEEP.has(key) ? value : `${value} ${pick()}`;
  if (Array.isArray(value)) return value.map((v) => poison(v, pick, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, pick, k)]));
  }
  return value;
}

function poisoned(mode: 'all' | 'rotate'): ReportInput {
  const base = guideReportInput('en');
  // Engine outputs may hold the join command: never shown, but poisoned all the same.
  const runState = base.project.runState;
  for (const t of runState?.tasks ?? [])
    t.outputs = { joinCommand: `kubeadm join --token ${TOKEN}` };
  let i = 0;
  const pick = (): string =>
    mode === 'all' ? CANARIES.join('\n') : (CANARIES[i++ % CANARIES.length] ?? '');
  const { lang, generatedAt, generator } = base;
  return {
    ...(poison(
      { ...base, lang: undefined, generatedAt: undefined, generator: undefined },
      pick,
    ) as ReportInput),
    lang,
    generatedAt,
    generator,
    knownSecrets: [KNOWN],
  };
}

function leaks(text: string): string[] {
  const flat = text.replace(/\s+/g, '');
  return NEEDLES.filter((n) => text.includes(n) || flat.includes(n));
}

describe('secret canaries in every field', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubelab-canary-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the poisoned input really carries the canaries', () => {
    expect(JSON.stringify(poisoned('all'))).toContain(TOKEN);
    expect(JSON.stringify(poisoned('rotate'))).toContain('CANARYPEMBODY');
  });

  it.each(['all', 'rotate'] as const)('no text format leaks (%s)', async (mode) => {
    const report = buildReport(poisoned(mode));
    for (const format of REPORT_FORMATS.filter((f) => f !== 'pdf')) {
      const path = join(dir, `${mode}.${format}`);
      await exportReport(report, format, path);
      const text = await readFile(path, 'utf8');
      // The canaries did reach the output (as markers), so the search below means something.
      expect(text.match(/redacted/g)?.length ?? 0, format).toBeGreaterThan(50);
      expect(leaks(text), format).toEqual([]);
    }
  });

  it.skipIf(!existsSync(chromiumPath()) || !existsSync('/usr/bin/pdftotext'))(
    'the PDF does not leak',
    async () => {
      const path = join(dir, 'rotate.pdf');
      await exportReport(buildReport(poisoned('rotate')), 'pdf', path, {
        pdf: chromiumPdfRenderer(),
      });
      const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
      expect(text).toContain('master1');
      expect(text.match(/redacted/g)?.length ?? 0).toBeGreaterThan(50);
      expect(leaks(text)).toEqual([]);
    },
    60_000,
  );
});
