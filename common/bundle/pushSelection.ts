import type { FieldError } from '../model/plan';
import { ociArch } from './imageRef';
import type { BundleEntry, BundleManifest } from './manifest';
import { machineRelease } from './machines';
import type { BundleMachine } from './schema';
import { manifestMachines } from './forManifest';

/**
 * Where a pushed bundle lives on a node: the entries under their bundle paths, the manifest and
 * a SHA256SUMS list beside them. The apt and dnf repositories the offline install reads are
 * made inside it (`apt/`, `rpm/`), so one folder is the node's whole offline source.
 */
export const NODE_BUNDLE_DIR = '/var/lib/kubelab/bundle';

/** One node's share of a bundle: only the entries for its package family and architecture. */
export interface NodeShipment {
  nodeId: string;
  family: 'deb' | 'rpm';
  /** The architecture as its package family spells it (deb amd64, rpm x86_64). */
  arch: string;
  /** `ubuntu-jammy`, `el9`: as the manifest records machines. */
  release: string;
  entries: BundleEntry[];
  bytes: number;
}

export type PushSelection =
  { ok: true; nodes: NodeShipment[] } | { ok: false; errors: FieldError[] };

function fieldError(field: string, en: string, zh: string): FieldError {
  return { field, message: en, messageZh: zh };
}

/**
 * Which entries a machine takes: packages under `packages/<family>/<arch>/` (buildBundle's
 * layout), images under `images/<oci arch>/` (imageArchivePath), every plain file (the CNI
 * manifest is the same for all).
 */
export function entriesFor(manifest: BundleManifest, family: string, arch: string): BundleEntry[] {
  const packages = `packages/${family}/${arch}/`;
  const images = `images/${ociArch(arch)}/`;
  return manifest.entries.filter((e) =>
    e.kind === 'package'
      ? e.path.startsWith(packages)
      : e.kind === 'image'
        ? e.path.startsWith(images)
        : true,
  );
}

/**
 * What a push sends where, or why it refuses: a bundle built for another Kubernetes version than
 * the plan's, or without packages for a node's OS release and architecture, is refused naming
 * what differs, before anything is sent to any node.
 */
export function selectForNodes(
  manifest: BundleManifest,
  machines: readonly BundleMachine[],
  planVersion: string,
): PushSelection {
  const errors: FieldError[] = [];
  if (!manifest.versions.includes(planVersion)) {
    const built = manifest.versions.join(', ');
    errors.push(
      fieldError(
        'path',
        `The bundle was built for Kubernetes ${built}; the plan installs ${planVersion}. Build a bundle for this plan.`,
        `该离线包为 Kubernetes ${built} 构建；计划安装的是 ${planVersion}。请为此计划构建离线包。`,
      ),
    );
  }
  const nodes: NodeShipment[] = [];
  machines.forEach((m, i) => {
    const r = machineRelease(m, i);
    if (!r.ok) {
      errors.push(r.error);
      return;
    }
    const [wanted] = manifestMachines([m]);
    const held = manifest.machines.some(
      (h) => h.family === wanted?.family && h.arch === wanted.arch && h.release === wanted.release,
    );
    if (!wanted || !held) {
      const has = manifest.machines.map((h) => `${h.family} ${h.arch} ${h.release}`).join(', ');
      const needs = wanted ? `${wanted.family} ${wanted.arch} ${wanted.release}` : m.osId;
      errors.push(
        fieldError(
          `machines.${i}`,
          `${m.nodeId} is ${needs}; the bundle holds packages for ${has || 'no machine'}.`,
          `${m.nodeId} 是 ${needs}；该离线包只有 ${has || '（无）'} 的软件包。`,
        ),
      );
      return;
    }
    const entries = entriesFor(manifest, wanted.family, wanted.arch);
    nodes.push({
      nodeId: m.nodeId,
      family: wanted.family,
      arch: wanted.arch,
      release: wanted.release,
      entries,
      bytes: entries.reduce((sum, e) => sum + e.bytes, 0),
    });
  });
  if (machines.length === 0) {
    errors.push(
      fieldError('machines', 'No node to push the bundle to.', '没有要推送离线包的节点。'),
    );
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, nodes };
}

/** The node's SHA256SUMS: `sha256sum -c` reads "<hash>  <path>" lines (GNU coreutils manual). */
export function sha256sums(entries: readonly BundleEntry[]): string {
  return entries.map((e) => `${e.sha256}  ${e.path}\n`).join('');
}

/**
 * The paths `sha256sum -c` reported OK, from its "<path>: OK" lines (GNU coreutils, "sha2
 * utilities": each line is the file name, ": ", then OK or FAILED / FAILED open or read).
 */
export function verifiedPaths(stdout: string): Set<string> {
  const ok = new Set<string>();
  for (const line of stdout.split('\n')) {
    const m = /^(.*): OK$/.exec(line);
    if (m?.[1]) ok.add(m[1]);
  }
  return ok;
}
