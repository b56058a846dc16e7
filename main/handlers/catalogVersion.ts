import { resolveVersion, type ResolvedVersion } from '../../common/catalog/images';
import { newestVersion } from '../../common/catalog/kubernetesVersions';
import { AppError } from '../../common/model/appError';

/**
 * A Kubernetes version the catalog knows, or an error naming the field that asked for it (shared
 * by `plan.preview` and `catalog.images`).
 */
export function versionOrThrow(text: string, field: string): ResolvedVersion {
  const v = resolveVersion(text);
  if (!v) {
    throw new AppError({
      code: 'unknown_version',
      message: `Kubernetes ${text} is not in the catalog (1.18 to ${newestVersion()}).`,
      field,
    });
  }
  return v;
}
