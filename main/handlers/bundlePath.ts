import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../common/model/appError';
import type { CallContext } from '../api/handlers';

/** Where the desktop and the web page keep bundles: a folder beside the project file. */
export function bundleFolder(projectFile: string): string {
  return `${resolve(projectFile)}.bundles`;
}

/**
 * A bundle file a request may write (`bundle.build`'s `out`) or read (`bundle.inspect`'s `path`).
 * The CLI is the user's own shell and names any path, as `tar -f` would. A renderer and a web
 * page are not trusted with the back end's disk: they name a bundle in the open project's bundles
 * folder only, so no request from a page can create files in, or read files from, any folder the
 * app can reach (the rule etcd snapshots follow, main/operations/etcdFolder.ts).
 */
export function allowedBundlePath(
  path: string,
  field: 'out' | 'path',
  ctx: CallContext,
  projectFile: string | undefined,
): string {
  if (ctx.face === 'cli') return path;
  if (!projectFile)
    throw new AppError({
      code: 'project_not_saved',
      field,
      message: 'Save the project first: bundles are kept in a folder beside the project file.',
    });
  const folder = bundleFolder(projectFile);
  if (dirname(resolve(path)) !== folder)
    throw new AppError({
      code: 'invalid_payload',
      field,
      message: `${field}: must be a file in the project's bundles folder (${folder}), not ${path}`,
    });
  return join(folder, basename(path));
}
