import { describe, expect, it } from 'vitest';
import { guidePlan } from '../plan/presets';
import type { BundleEntry, BundleManifest } from './manifest';
import { bundleNeeds } from './needs';
import { missingForNode } from './offlineCoverage';
import { imageArchivePath } from './imageRef';
import type { BundleMachine } from './schema';

const MACHINE: BundleMachine = {
  nodeId: 'master1',
  role: 'control-plane',
  osId: 'ubuntu',
  osIdLike: ['debian'],
  osVersion: '20.04',
  arch: 'x86_64',
};
const needs = bundleNeeds({ plan: guidePlan(), machines: [MACHINE] }).artifacts;

/** A manifest holding exactly what the build would write for these artifacts on amd64. */
function manifestOf(artifacts: typeof needs): BundleManifest {
  const entries = artifacts.map((a): BundleEntry => ({
    id: a.id,
    kind: a.kind,
    path:
      a.kind === 'image'
        ? imageArchivePath(a.image, 'amd64')
        : a.kind === 'file'
          ? a.path
          : `packages/${a.family}/${a.arch}/${a.name}.deb`,
    bytes: 1,
    sha256: 'a'.repeat(64),
    ...(a.kind === 'image' ? { version: a.image } : {}),
    forVersions: a.forVersions,
  }));
  return { entries } as unknown as BundleManifest;
}

describe('missingForNode', () => {
  const node = { family: 'deb', arch: 'amd64' } as const;

  it('is empty when the bundle holds every artifact the plan needs', () => {
    expect(needs.length).toBeGreaterThan(5);
    expect(missingForNode(needs, manifestOf(needs), node)).toEqual([]);
  });

  it('names a package the build skipped and an image of another architecture', () => {
    const pkg = needs.find((a) => a.kind === 'package');
    const image = needs.find((a) => a.kind === 'image');
    const manifest = manifestOf(needs.filter((a) => a !== pkg));
    manifest.entries = manifest.entries.map((e) =>
      e.id === image?.id ? { ...e, path: e.path.replace('images/amd64/', 'images/arm64/') } : e,
    );
    expect(missingForNode(needs, manifest, node)).toEqual([pkg?.id, image?.id]);
  });

  it('does not ask an arm64 node for amd64 packages', () => {
    const arm = { family: 'deb', arch: 'arm64' } as const;
    const missing = missingForNode(needs, manifestOf(needs), arm);
    expect(missing.every((id) => id.startsWith('image/'))).toBe(true);
  });
});
