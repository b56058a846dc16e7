import { describe, expect, it } from 'vitest';
import { resolveVersion } from '../../common/catalog/images';
import { modernPlan } from '../../common/plan/presets';
import { formatRuntimeSection } from './runtimeSection';

describe('kubelab plan: container runtime files', () => {
  const plan = { ...modernPlan(), mirrorProfile: 'china' as const };
  const v = resolveVersion(plan.kubernetesVersion);

  it('names the hosts.toml files, and with --scripts prints them whole', () => {
    const short = formatRuntimeSection(plan, v, false);
    expect(short).toContain('Container runtime files (containerd, every node):\n');
    expect(short).toContain('  /etc/containerd/certs.d/quay.io/hosts.toml\n');
    expect(short).not.toContain('server =');
    const full = formatRuntimeSection(plan, v, true);
    expect(full).toContain(
      '  --- /etc/containerd/certs.d/ghcr.io/hosts.toml ---\n    server = "https://ghcr.io"\n\n    [host."https://ghcr.m.daocloud.io"]\n      capabilities = ["pull", "resolve"]\n',
    );
  });

  it('prints nothing when the plan generates no runtime file', () => {
    expect(formatRuntimeSection(modernPlan(), v, true)).toBe('');
  });
});
