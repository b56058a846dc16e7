import { resolveVersion, type ResolvedVersion } from '../catalog/images';
import { kubernetesMinor, NEWEST_MINOR, OLDEST_MINOR } from '../catalog/kubernetesVersions';
import { KUBEADM_RELEASES, kubeadmRelease, newestRelease } from '../catalog/releases';
import type { FieldError } from '../model/plan';

/**
 * What `--to` means: a minor (`1.21`: its highest patch the catalog knows) or an exact patch the
 * catalog knows. kubeadm itself refuses a skipped minor ("Specified version to upgrade to "v1.17.0"
 * is too high; kubeadm can upgrade only 1 minor version at a time") and a downgrade ("specified
 * version to upgrade to … is equal to or lower than the cluster version … Downgrades are not
 * supported yet"): cmd/kubeadm/app/phases/upgrade/policy.go, EnforceVersionPolicies, as published
 * in user transcripts and kubeadm's own app/cmd/util tests. So
 * the plan never skips and never goes down.
 */

const VERSION_RE = /^v?1\.(\d{1,2})(?:\.(\d{1,3}))?$/;

export type TargetResult =
  { ok: true; version: ResolvedVersion } | { ok: false; error: FieldError };

function fail(field: string, en: string, zh: string): TargetResult {
  return { ok: false, error: { field, message: en, messageZh: zh } };
}

function patchesOf(minor: number): string[] {
  return KUBEADM_RELEASES.filter((r) => r.version.startsWith(`1.${minor}.`)).map((r) => r.version);
}

/** The catalog versions closest to an unknown patch: the next lower and next higher it has. */
function nearestPatches(minor: number, patch: number): string[] {
  const known = patchesOf(minor);
  const patchOf = (v: string): number => Number(v.split('.')[2]);
  const lower = known.filter((v) => patchOf(v) < patch).at(-1);
  const higher = known.find((v) => patchOf(v) > patch);
  return [lower, higher].filter((v): v is string => v !== undefined);
}

function nearestMinor(minor: number): string {
  const edge = minor < OLDEST_MINOR ? OLDEST_MINOR : NEWEST_MINOR;
  return newestRelease(edge)?.version ?? `1.${edge}`;
}

/** The exact target version for `--to`, or a field error naming `field`. */
export function resolveTarget(input: string, current: ResolvedVersion, field = 'to'): TargetResult {
  const text = input.trim();
  const match = VERSION_RE.exec(text);
  if (!match) {
    return fail(
      field,
      `"${input}" is not a Kubernetes version; write 1.21 (its newest patch) or 1.21.14.`,
      `"${input}" 不是 Kubernetes 版本；请写 1.21（取其最新补丁版本）或 1.21.14。`,
    );
  }
  const minor = Number(match[1]);
  const patch = match[2] === undefined ? undefined : Number(match[2]);
  // A downgrade is named as one even when the target is older than the catalog itself.
  if (
    minor < current.minor ||
    (minor === current.minor && patch !== undefined && patch < current.patch)
  )
    return lowerThan(field, text.replace(/^v/, ''), current);
  if (!kubernetesMinor(minor)) {
    const near = nearestMinor(minor);
    return fail(
      field,
      `Kubernetes 1.${minor} is not in the catalog (1.${OLDEST_MINOR} to 1.${NEWEST_MINOR}); nearest known: ${near}.`,
      `目录中没有 Kubernetes 1.${minor}（支持 1.${OLDEST_MINOR} 到 1.${NEWEST_MINOR}）；最接近的已知版本：${near}。`,
    );
  }
  const release = patch === undefined ? newestRelease(minor) : kubeadmRelease(minor, patch);
  if (!release) {
    const near = nearestPatches(minor, patch ?? 0).join(', ');
    return fail(
      field,
      `${text.replace(/^v/, '')} is not a release the catalog knows; nearest known: ${near}.`,
      `目录中没有 ${text.replace(/^v/, '')} 这个版本；最接近的已知版本：${near}。`,
    );
  }
  const version = resolveVersion(release.version);
  if (!version) throw new Error(`catalog release ${release.version} does not resolve`);
  if (compareVersions(version, current) === 0) {
    return fail(
      field,
      `The cluster is already on ${current.version}: nothing to do.`,
      `集群已是 ${current.version}：无需升级。`,
    );
  }
  if (compareVersions(version, current) < 0) return lowerThan(field, version.version, current);
  return { ok: true, version };
}

function lowerThan(field: string, target: string, current: ResolvedVersion): TargetResult {
  return fail(
    field,
    `${target} is lower than the cluster's ${current.version}; kubeadm upgrades only go up (a downgrade is not supported).`,
    `${target} 低于集群当前的 ${current.version}；kubeadm 只能升级，不支持降级。`,
  );
}

/** Orders two resolved versions: negative when `a` is older. */
export function compareVersions(a: ResolvedVersion, b: ResolvedVersion): number {
  return a.minor !== b.minor ? a.minor - b.minor : a.patch - b.patch;
}
