// upgrade.livePlan: kubelab's plan next to kubeadm's own `upgrade plan`, asked on the first
// control plane (read-only) with kubelab's first hop as its version, parsed and compared.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import type { CallContext } from '../api/handlers';
import type { ExecOptions, ExecResult } from '../engine/remote';
import { FileProjectStore } from '../store/projectStore';
import { createUpgradeHandlers } from './upgradeHandlers';

/** kubeadm v1.18.0's published output for a v1.17.3 cluster (the fixture's first line: source). */
const PUBLISHED = readFileSync(
  join(import.meta.dirname, '../../tests/fixtures/real/upgrade-plan/docs-v1.18.0-old-format.txt'),
  'utf8',
)
  .split('\n')
  .slice(1)
  .join('\n');

const CLI: CallContext = { face: 'cli' };

function setup(reply: ExecResult) {
  const calls: { nodeId: string; command: string; opts?: ExecOptions }[] = [];
  const store = new FileProjectStore({ schemaVersion: 1, nodes: guideNodes(), plan: guidePlan() });
  const handlers = createUpgradeHandlers(store, {
    remote: (nodeId) => ({
      exec: async (command: string, opts?: ExecOptions) => {
        calls.push({ nodeId, command, opts });
        return reply;
      },
    }),
  });
  return { live: handlers['upgrade.livePlan'], calls };
}

describe('upgrade.livePlan', () => {
  it('asks kubeadm on the first control plane for the first hop, and lists where it disagrees', async () => {
    const { live, calls } = setup({ code: 0, stdout: PUBLISHED, stderr: '' });
    const answer = await live({ to: '1.21' }, CLI);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.nodeId).toBe('master1');
    expect(calls[0]?.command).toContain('kubeadm upgrade plan "v$KL_VERSION"');
    expect(calls[0]?.opts).toMatchObject({ root: true, env: { KL_VERSION: '1.19.16' } });
    expect(answer.plan?.hops.map((h) => h.to)).toEqual(['1.19.16', '1.20.15', '1.21.14']);
    expect(answer.kubeadm).toMatchObject({
      nodeId: 'master1',
      format: 'count',
      clusterVersion: '1.17.3',
      kubeadmVersion: '1.18.0',
    });
    expect(answer.kubeadm?.upgrades[0]?.applyVersion).toBe('1.18.0');
    // The published output is of a 1.17.3 cluster; the project records 1.18.2: said, not hidden.
    const subjects = answer.disagreements.map((d) => d.subject);
    expect(subjects).toContain('cluster-version');
  });

  it('says kubeadm failed, naming the node and its output', async () => {
    const { live } = setup({
      code: 1,
      stdout: '[upgrade/config] FATAL: failed to get config map: connection refused\n',
      stderr: '',
    });
    await expect(live({ to: '1.19' }, CLI)).rejects.toMatchObject({
      code: 'kubeadm_plan_failed',
      nodeId: 'master1',
      message: expect.stringContaining('connection refused'),
    });
  });

  it('asks no machine when kubelab’s own plan is refused', async () => {
    const { live, calls } = setup({ code: 0, stdout: PUBLISHED, stderr: '' });
    const answer = await live({ to: '1.17' }, CLI);
    expect(answer).toMatchObject({ plan: null, kubeadm: null, disagreements: [] });
    expect(answer.errors[0]).toMatchObject({ field: 'to' });
    expect(calls).toEqual([]);
  });
});
