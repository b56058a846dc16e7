import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../common/report/build';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { chromiumPath, chromiumPdfRenderer } from './pdf';
import { exportReport } from './write';

const haveTools = existsSync(chromiumPath()) && existsSync('/usr/bin/pdfinfo');

function pdfinfo(path: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return Object.fromEntries(
    out.split('\n').flatMap((line) => {
      const m = /^([^:]+):\s*(.*)$/.exec(line);
      return m ? [[m[1] ?? '', m[2] ?? '']] : [];
    }),
  );
}

describe.skipIf(!haveTools)('PDF through Chromium', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubelab-report-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['en', 'A4', /595\.\d* x 841\.\d*|595\.\d* x 842\.\d*/],
    ['zh-CN', 'Letter', /612 x 792/],
  ] as const)(
    'prints the guide report (%s, %s) on a handful of pages with its text',
    async (lang, paper, size) => {
      const path = join(dir, `guide-${lang}.pdf`);
      const report = buildReport(guideReportInput(lang));
      await exportReport(report, 'pdf', path, { pdf: chromiumPdfRenderer(), paper });
      const info = pdfinfo(path);
      const pages = Number(info.Pages);
      expect(pages).toBeGreaterThanOrEqual(3);
      expect(pages).toBeLessThanOrEqual(8);
      expect(info['Page size']).toMatch(size);
      const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
      for (const n of ['master1', 'node1', 'node2', 'node3']) expect(text).toContain(n);
      expect(text).toContain(lang === 'en' ? 'Install timeline' : '安装时间线');
      expect(text).toContain('100% packet loss');
    },
    60_000,
  );
});
