import type { Handlers } from '../api/handlers';
import type { LogSink } from '../engine/logSink';
import type { ReportDeps } from '../report/collect';
import type { ProjectStore } from '../store/projectStore';
import { currentVerification, loadVerification } from '../store/verificationRecord';
import { buildSupportBundle } from '../support/bundle';

type SupportHandlers = Pick<Handlers, 'support.bundle'>;

/** The support bundle of the open project, built on each call from what is on disk now. */
export function createSupportHandlers(
  store: ProjectStore,
  logSink: LogSink | undefined,
  report: ReportDeps = {},
): SupportHandlers {
  // The same verification the report shows: the saved one, unless a later run invalidated it.
  const sources: ReportDeps = {
    verification: async () => {
      const file = store.path();
      return file
        ? currentVerification(await loadVerification(file), store.get().runState)
        : undefined;
    },
    ...report,
  };
  return {
    'support.bundle': async () => {
      const bundle = await buildSupportBundle({ project: store, logSink, report: sources });
      return {
        filename: bundle.filename,
        mime: 'application/gzip',
        base64: bundle.bytes.toString('base64'),
        bytes: bundle.bytes.length,
        files: bundle.files,
        missing: bundle.missing,
      };
    },
  };
}
