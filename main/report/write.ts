import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { REPORT_FORMATS } from '../../common/contracts/report';
import { AppError } from '../../common/model/appError';
import type { Report } from '../../common/report/model';
import { REDACTED, Redactor } from '../../common/report/redact';
import { reportChecksums } from '../../common/report/build';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import type { PaperSize, PdfRenderer } from './pdf';

export { REPORT_EXTENSIONS, REPORT_FORMATS } from '../../common/contracts/report';
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  paper?: PaperSize;
  pdf?: PdfRenderer;
}

/**
 * A text format, with a last redaction pass over the finished text: the model is redacted
 * already, and this catches anything a template might add. The marker is HTML-escaped in HTML.
 */
export function renderText(report: Report, format: Exclude<ReportFormat, 'pdf'>): string {
  const keep = reportChecksums(report);
  switch (format) {
    case 'html':
      return new Redactor([], '&lt;redacted&gt;', keep).text(renderHtml(report));
    case 'md':
      return new Redactor([], REDACTED, keep).text(renderMarkdown(report));
    case 'json':
      return new Redactor([], REDACTED, keep).text(`${JSON.stringify(report, null, 2)}\n`);
  }
}

export async function renderReport(
  report: Report,
  format: ReportFormat,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  if (format !== 'pdf') return new TextEncoder().encode(renderText(report, format));
  if (!options.pdf) {
    throw new AppError({ code: 'pdf_unavailable', message: 'PDF export is not available here.' });
  }
  return options.pdf(renderText(report, 'html'), options.paper ?? 'A4');
}

/** Renders and writes atomically (mode 0644: a report is meant to be handed over). */
export async function exportReport(
  report: Report,
  format: ReportFormat,
  path: string,
  options: RenderOptions = {},
): Promise<number> {
  const bytes = await renderReport(report, format, options);
  await writeAtomically(path, bytes);
  return bytes.byteLength;
}

/** Temp file in the same directory, fsync, rename: a reader never sees half a report. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'w', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
