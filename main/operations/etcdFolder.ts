import { resolve } from 'node:path';
import { AppError } from '../../common/model/appError';
import type { RunHost } from '../engine/runnable';
import { snapshotFolder } from '../etcd/snapshotStore';

/**
 * The snapshots folder an etcd backup writes into and a restore reads from is the open project's
 * (`<project>.snapshots/`). A face names it in the request (the step knows no project file), but
 * the back end does not let a request — from a renderer, the web host or a script calling
 * `run.start` — direct a snapshot and its index into any other folder, or restore from one.
 */
export function projectSnapshotFolder<P extends { folder: string }>(
  id: string,
  params: P,
  host: RunHost,
): P {
  const file = host.projectFile;
  if (!file)
    throw new AppError({
      code: 'project_not_saved',
      field: 'params.folder',
      message: 'Save the project first: snapshots are kept in a folder beside the project file.',
    });
  const own = resolve(snapshotFolder(file));
  if (resolve(params.folder) !== own)
    throw new AppError({
      code: 'invalid_payload',
      field: 'params.folder',
      message: `${id} params: params.folder: must be the project's snapshots folder (${own}), not ${params.folder}`,
    });
  return { ...params, folder: own };
}
