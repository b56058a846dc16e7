import { exportFieldErrors } from '../../../common/export/exportValidation';
import { AppError } from '../../../common/model/appError';
import type { Project } from '../../../common/model/project';
import { assertRunnable } from '../runValidation';
import { buildAnsibleExport } from './ansibleExport';
import { writeExport } from './writeExport';

export type ExportKind = 'ansible';

/** Refuses a project an export cannot carry: the plan and nodes as for a run, then the export's own needs. */
export function assertExportable(project: Project): void {
  assertRunnable(project);
  const errors = exportFieldErrors(project.nodes);
  const first = errors[0];
  if (first) {
    throw new AppError({
      code: 'invalid_export',
      field: first.field,
      message: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    });
  }
}

/** Builds the export of `project` and writes it into `outDir`; returns the directory and file list. */
export async function exportProject(
  project: Project,
  kind: ExportKind,
  outDir: string,
  force: boolean,
): Promise<{ dir: string; files: string[] }> {
  assertExportable(project);
  const files = await buildAnsibleExport(project);
  const dir = await writeExport(outDir, files, force);
  return { dir, files: files.map((f) => f.path) };
}
