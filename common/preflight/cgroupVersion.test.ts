// cgroup v1 against the plan's Kubernetes: fine before 1.31, a warning from 1.31 (maintenance
// mode), blocking from 1.35, whose kubelet refuses cgroup v1 by default (KEP-5573).
import { describe, expect, it } from 'vitest';
import { PreflightReportSchema, type CheckResult } from '../model/preflight';
import { evaluatePreflight } from './evaluate';
import { healthy, plan } from './testing/healthyNode';

function cgroupCheck(version: string, cgroup: 'v1' | 'v2'): CheckResult | undefined {
  const node = healthy('node2');
  node.facts.cgroup = cgroup;
  const report = PreflightReportSchema.parse(
    evaluatePreflight({ plan: { ...plan, kubernetesVersion: version }, nodes: [node] }),
  );
  return report.results.find((r) => r.checkId === 'cgroup-version');
}

describe('cgroup-version', () => {
  it('blocks cgroup v1 for a 1.35+ plan and offers the fix', () => {
    for (const v of ['1.35.0', '1.37.1']) {
      const r = cgroupCheck(v, 'v1');
      expect(r, v).toMatchObject({ severity: 'block', status: 'fail' });
      expect(r?.message.en).toContain('systemd.unified_cgroup_hierarchy=1');
      expect(r?.message.en).toContain('failCgroupV1');
      expect(r?.message.zh).toContain('systemd.unified_cgroup_hierarchy=1');
    }
  });

  it('only warns from 1.31 to 1.34, and passes v2 or older versions', () => {
    expect(cgroupCheck('1.34.0', 'v1')).toMatchObject({ severity: 'warn', status: 'fail' });
    expect(cgroupCheck('1.30.2', 'v1')?.status).toBe('pass');
    expect(cgroupCheck('1.37.1', 'v2')?.status).toBe('pass');
  });
});
