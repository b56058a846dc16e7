import { describe, expect, it } from 'vitest';
import { resolveVersion } from '../catalog/images';
import type { ClusterPlan } from '../model/plan';
import { containerdHostsFiles, containerdRegistryHosts } from './containerdHosts';
import { effectiveMirrors } from './effectiveMirrors';
import { modernPlan } from './presets';

function mirrorsOf(plan: ClusterPlan) {
  const v = resolveVersion(plan.kubernetesVersion);
  if (!v) throw new Error(`no version ${plan.kubernetesVersion}`);
  return effectiveMirrors(plan, v);
}

describe('containerd hosts.toml from the mirror profile', () => {
  it('writes one file per mirrored registry for the China profile, upstream as the fallback', () => {
    const files = containerdHostsFiles(mirrorsOf({ ...modernPlan(), mirrorProfile: 'china' }));
    expect([...files.keys()]).toEqual([
      'docker.io/hosts.toml',
      'ghcr.io/hosts.toml',
      'quay.io/hosts.toml',
    ]);
    // docs/hosts.md "Setup a Local Mirror for Docker": server is Docker Hub's API host, the mirror a host.
    expect(files.get('docker.io/hosts.toml')).toBe(
      [
        'server = "https://registry-1.docker.io"',
        '',
        '[host."https://docker.m.daocloud.io"]',
        '  capabilities = ["pull", "resolve"]',
        '',
      ].join('\n'),
    );
    expect(files.get('ghcr.io/hosts.toml')).toBe(
      'server = "https://ghcr.io"\n\n[host."https://ghcr.m.daocloud.io"]\n  capabilities = ["pull", "resolve"]\n',
    );
  });

  it('writes nothing for the upstream profile (every registry is its own server)', () => {
    expect(containerdRegistryHosts(mirrorsOf(modernPlan()))).toEqual([]);
  });

  it('takes the plan’s overrides: a registry mirror and the Docker daemon mirrors, deduplicated', () => {
    const plan: ClusterPlan = {
      ...modernPlan(),
      mirrors: {
        registries: { 'docker.io': 'hub.example.internal:5000' },
        dockerRegistryMirrors: ['https://mirror.example.com/', 'https://hub.example.internal:5000'],
      },
    };
    expect(containerdRegistryHosts(mirrorsOf(plan))).toEqual([
      {
        registry: 'docker.io',
        server: 'https://registry-1.docker.io',
        mirrors: ['https://hub.example.internal:5000', 'https://mirror.example.com'],
      },
    ]);
  });
});
