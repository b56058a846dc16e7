import type { Handlers } from '../api/handlers';
import { exportProject } from '../services/export/exportService';
import type { ProjectStore } from '../store/projectStore';

type ExportHandlers = Pick<Handlers, 'export.ansible'>;

/** Exports of the open project; the CLI's `kubelab export` runs the same exportProject. */
export function createExportHandlers(projectStore: ProjectStore): ExportHandlers {
  return {
    'export.ansible': async ({ outDir, force }) =>
      exportProject(projectStore.get(), 'ansible', outDir, force),
  };
}
