import type { PackageArtifact } from '../../common/bundle/schema';
import {
  parseDebIndex,
  pickDependency,
  pickExact,
  type DebIndexEntry,
} from '../../common/bundle/debIndex';
import { compareDebVersions, debUpstream } from '../../common/bundle/debVersion';

/** A package artifact resolved to one file of one repository, with the published SHA-256. */
export interface ResolvedPackage {
  artifact: PackageArtifact;
  version: string;
  filename: string;
  size: number;
  sha256: string;
  /** The same file in each repository that offers it, the plan's first. */
  sources: { profile: string; location: string }[];
}

export type IndexReader = (url: string) => Promise<string>;

/** The newest entry within a runtime cap: `19.03` series / below `2.0` (runtimeCaps.ts). */
function pickCapped(
  index: readonly DebIndexEntry[],
  a: PackageArtifact,
): DebIndexEntry | undefined {
  return index
    .filter((e) => e.name === a.name && (e.arch === a.arch || e.arch === 'all'))
    .filter(
      (e) => !a.series || debUpstream(e.version.replace(/^\d+:/, '')).startsWith(`${a.series}.`),
    )
    .filter((e) => !a.below || compareDebVersions(e.version.replace(/^\d+:/, ''), a.below) < 0)
    .sort((x, y) => compareDebVersions(y.version, x.version))[0];
}

function pick(index: readonly DebIndexEntry[], a: PackageArtifact): DebIndexEntry | undefined {
  if (a.version) return pickExact(index, a.name, a.arch, a.version);
  if (a.series || a.below || !a.id.includes('@kubeadm-')) return pickCapped(index, a);
  // cri-tools / kubernetes-cni: what kubeadm of every version this serves asks for.
  let best: DebIndexEntry | undefined;
  for (const v of a.forVersions) {
    const kubeadm = pickExact(index, 'kubeadm', a.arch, v);
    const dep = kubeadm?.depends.find((d) => d.name === a.name);
    const found = dep && pickDependency(index, dep, a.arch);
    if (found && (!best || compareDebVersions(found.version, best.version) > 0)) best = found;
  }
  return best;
}

/**
 * Where a Packages index's Filename is relative to: a flat repository's URI (the index sits in
 * it), a classic repository's archive root (the index sits under dists/).
 */
function fileRoot(repo: PackageArtifact['repositories'][number]): string {
  const url = repo.url.endsWith('/') ? repo.url : `${repo.url}/`;
  return repo.index.includes('/dists/') ? url : new URL('.', repo.index).toString();
}

/**
 * Resolves deb package artifacts against their repositories' Packages indexes: the first
 * repository (the plan's mirror first) whose index offers the package decides the file.
 */
export async function resolveDebPackages(
  artifacts: readonly PackageArtifact[],
  readIndex: IndexReader,
): Promise<{ resolved: ResolvedPackage[]; unresolved: { id: string; reason: string }[] }> {
  const cache = new Map<string, Promise<DebIndexEntry[] | undefined>>();
  const indexOf = (url: string): Promise<DebIndexEntry[] | undefined> => {
    let p = cache.get(url);
    if (!p) {
      p = readIndex(url).then(parseDebIndex, () => undefined);
      cache.set(url, p);
    }
    return p;
  };
  const resolved: ResolvedPackage[] = [];
  const unresolved: { id: string; reason: string }[] = [];
  for (const a of artifacts) {
    if (a.family !== 'deb') {
      unresolved.push({ id: a.id, reason: 'rpm repositories (repomd.xml) are not read yet' });
      continue;
    }
    const tried: string[] = [];
    let chosen: ResolvedPackage | undefined;
    for (const [i, repo] of a.repositories.entries()) {
      const index = await indexOf(repo.index);
      const entry = index && pick(index, a);
      if (!entry) {
        tried.push(`${repo.profile}: ${index ? 'not in' : 'could not read'} ${repo.index}`);
        continue;
      }
      // Mirrors copy the repository's tree, so the same Filename is offered by the repositories
      // after this one: they become the download's fallbacks without reading their indexes
      // (the published SHA-256 still decides whether what they serve is the file).
      chosen = {
        artifact: a,
        version: entry.version,
        filename: entry.filename.split('/').pop() ?? entry.filename,
        size: entry.size,
        sha256: entry.sha256,
        sources: a.repositories.slice(i).map((r) => ({
          profile: r.profile,
          location: new URL(entry.filename, fileRoot(r)).toString(),
        })),
      };
      break;
    }
    if (chosen) resolved.push(chosen);
    else unresolved.push({ id: a.id, reason: tried.join('; ') });
  }
  return { resolved, unresolved };
}
