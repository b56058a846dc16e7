import { lstat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../../common/model/appError';
import { buildReport } from '../../common/report/build';
import type { Handlers } from '../api/handlers';
import { collectReportInput, type ReportDeps } from '../report/collect';
import { dayTwoReportSources } from '../report/dayTwoSources';
import { chromiumPdfRenderer } from '../report/pdf';
import { exportReport, renderReport, renderText } from '../report/write';
import type { ProjectStore } from '../store/projectStore';
import { projectRunRecords } from '../store/runRecords';
import { currentVerification, loadVerification } from '../store/verificationRecord';

type ReportHandlers = Pick<
  Handlers,
  'report.preview' | 'report.export' | 'report.download' | 'report.reveal'
>;

const MIME = {
  html: 'text/html;charset=utf-8',
  md: 'text/markdown;charset=utf-8',
  json: 'application/json',
  pdf: 'application/pdf',
} as const;

/** `<cluster>-report.<ext>`, with anything but letters, digits, dot, dash, underscore replaced. */
export function downloadName(clusterName: string, format: keyof typeof MIME): string {
  const base = clusterName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'cluster';
  return `${base.slice(0, 100)}-report.${format}`;
}

/**
 * The cluster report of the open project. The model is rebuilt on every call (a 100-node report
 * takes milliseconds), so it always matches the project as it is now.
 */
export function createReportHandlers(store: ProjectStore, deps: ReportDeps = {}): ReportHandlers {
  const pdf = deps.pdf ?? chromiumPdfRenderer();
  // Default: the last verification `verify.run` saved beside the project file, if any.
  const sources: ReportDeps = {
    verification: async () => {
      const file = store.path();
      return file
        ? currentVerification(await loadVerification(file), store.get().runState)
        : undefined;
    },
    ...dayTwoReportSources(
      () => store.path(),
      () => projectRunRecords(store).list(),
      () => store.get().runState,
    ),
    ...deps,
  };
  // Only files this backend wrote may be revealed: the renderer is untrusted and must not be able
  // to point the file manager at arbitrary paths. Kept as absolute paths, so `a/../r.md` and
  // `r.md` are one file, and checked again on reveal: still a regular file (not replaced by a
  // link to somewhere else since it was written).
  const exported = new Set<string>();
  const notExported = (path: string): AppError =>
    new AppError({
      code: 'not_exported',
      field: 'path',
      message: `${path} is not a report exported in this session, so it is not opened.`,
    });
  return {
    'report.preview': async ({ lang }) => {
      const report = buildReport(await collectReportInput(store.get(), sources, lang));
      return { report, html: renderText(report, 'html') };
    },
    'report.export': async ({ format, path, lang, paper }) => {
      const report = buildReport(await collectReportInput(store.get(), sources, lang));
      const bytes = await exportReport(report, format, path, { pdf, paper });
      exported.add(resolve(path));
      return { path, bytes };
    },
    'report.download': async ({ format, lang, paper }) => {
      const report = buildReport(await collectReportInput(store.get(), sources, lang));
      const bytes = await renderReport(report, format, { pdf, paper });
      return {
        filename: downloadName(report.summary.clusterName, format),
        mime: MIME[format],
        base64: Buffer.from(bytes).toString('base64'),
        bytes: bytes.byteLength,
      };
    },
    'report.reveal': async ({ path }) => {
      const file = resolve(path);
      if (!exported.has(file)) throw notExported(path);
      const st = await lstat(file).catch(() => undefined);
      if (!st?.isFile()) throw notExported(path);
      if (!deps.reveal) {
        throw new AppError({
          code: 'not_available',
          field: 'path',
          message: `A browser cannot open folders on the machine kubelab runs on. The report is at ${path}.`,
        });
      }
      await deps.reveal(file);
      return { revealed: true };
    },
  };
}
