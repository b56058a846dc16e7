import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import type { ExecOptions, Remote } from '../engine/remote';
import { applyDiagnosisFix } from './fixRunner';
import type { PreflightDeps } from './preflightService';

const node = (id: string, role: NodeSpec['role']): NodeSpec =>
  ({ id, name: id, address: '10.0.0.1', port: 22, user: 'root', role }) as NodeSpec;
const NODES = [node('master1', 'control-plane'), node('node1', 'worker')];

/** Answers runfix.sh as a node would: every command exits 0. Records what ran where. */
function fakeDeps(): { deps: PreflightDeps; ran: Map<string, string[]> } {
  const ran = new Map<string, string[]>();
  const remote = (id: string): Remote =>
    ({
      nodeId: id,
      exec: async (_script: string, o?: ExecOptions) => {
        const commands = (o?.env?.KL_COMMANDS ?? '').split('\n');
        ran.set(id, commands);
        const out = commands.map((_, i) => `\n@@KL:cmd${i + 1}\n\n@@KL:exit${i + 1}\n0`).join('');
        return { code: 0, stdout: `${out}\n@@KL:end\n`, stderr: '' };
      },
    }) as unknown as Remote;
  return { deps: { remote, facts: () => Promise.reject(new Error('unused')) }, ran };
}

describe('diagnosis.applyFix', () => {
  it('runs exactly the rendered preview on the failed node', async () => {
    const { deps, ran } = fakeDeps();
    const out = await applyDiagnosisFix(
      { nodeId: 'node1', fixId: 'swap-off', params: {}, confirm: true },
      NODES,
      deps,
    );
    expect(out.ok).toBe(true);
    expect(out.ranOn).toEqual(['node1']);
    expect(ran.get('node1')?.[0]).toBe('swapoff -a');
    expect(ran.has('master1')).toBe(false);
  });

  it('runs a control-plane fix on the control plane', async () => {
    const { deps } = fakeDeps();
    const out = await applyDiagnosisFix(
      { nodeId: 'node1', fixId: 'join-token', params: {}, confirm: true },
      NODES,
      deps,
    );
    expect(out.ranOn).toEqual(['master1']);
  });

  it('refuses a missing or unsafe parameter, an unknown node and an unconfirmed fix', async () => {
    const { deps, ran } = fakeDeps();
    await expect(
      applyDiagnosisFix(
        { nodeId: 'node1', fixId: 'pause-image-mirror', confirm: true },
        NODES,
        deps,
      ),
    ).rejects.toMatchObject({ field: 'params.imageRepository' });
    await expect(
      applyDiagnosisFix(
        {
          nodeId: 'node1',
          fixId: 'set-hostname',
          params: { hostname: 'x; rm -rf /' },
          confirm: true,
        },
        NODES,
        deps,
      ),
    ).rejects.toMatchObject({ field: 'params.hostname' });
    await expect(
      applyDiagnosisFix({ nodeId: 'node9', fixId: 'swap-off', confirm: true }, NODES, deps),
    ).rejects.toMatchObject({ field: 'nodeId' });
    await expect(
      applyDiagnosisFix(
        { nodeId: 'node1', fixId: 'reset-node', confirm: false as unknown as true },
        NODES,
        deps,
      ),
    ).rejects.toThrow();
    expect(ran.size).toBe(0);
  });
});
