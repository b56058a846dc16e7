import { buildReport } from '../../common/report/build';
import type { Handlers } from '../api/handlers';
import { collectReportInput, type ReportDeps } from '../report/collect';
import { chromiumPdfRenderer } from '../report/pdf';
import { exportReport, renderText } from '../report/write';
import type { ProjectStore } from '../store/projectStore';
import { loadVerification } from '../verify/store';

type ReportHandlers = Pick<Handlers, 'report.preview' | 'report.export'>;

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
      return file ? loadVerification(file) : undefined;
    },
    ...deps,
  };
  return {
    'report.preview': async ({ lang }) => {
      const report = buildReport(await collectReportInput(store.get(), sources, lang));
      return { report, html: renderText(report, 'html') };
    },
    'report.export': async ({ format, path, lang, paper }) => {
      const report = buildReport(await collectReportInput(store.get(), sources, lang));
      const bytes = await exportReport(report, format, path, { pdf, paper });
      return { path, bytes };
    },
  };
}
