// `kubelab replace-node OLD NEW`: bad input names its argument before anything starts, what is
// destroyed is said before --yes, and a confirmed replacement reaches run.start as the UI sends it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import type { Project } from '../../common/model/project';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { saveProject } from '../store/projectFile';
import { MemorySecretStore } from '../store/secrets';
import { openCliBackend, type CliBackend, type CliBackendOptions } from './cliBackend';
import { runReplaceNode, type ReplaceNodeOptions } from './replaceNodeCommand';

let dir: string;
let file: string;
const savedEnv = process.env.KUBELAB_CONFIG_DIR;
const io = { out: (): void => undefined, err: (): void => undefined, tty: false };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-replace-cli-'));
  process.env.KUBELAB_CONFIG_DIR = join(dir, 'config');
  const guide = guideNodes();
  const node2 = guide[2];
  if (!node2) throw new Error('the guide has node2');
  const node3: NodeSpec = { ...node2, id: 'node3', name: 'node3', address: '192.168.100.118' };
  file = join(dir, 'kubelab.yaml');
  // Installed on the guide's three machines; node3 is a spare of the project.
  const project: Project = {
    schemaVersion: 1,
    nodes: [...guide, node3],
    plan: guidePlan(),
    runState: {
      runId: 'r1',
      startedAt: '2026-12-07T00:00:00.000Z',
      outcome: 'succeeded',
      tasks: guide.map((n) => ({
        stepId: 'prepare-os',
        nodeId: n.id,
        status: 'done',
        attempts: 1,
      })),
    },
  };
  await saveProject(file, project);
});
afterAll(async () => {
  if (savedEnv === undefined) delete process.env.KUBELAB_CONFIG_DIR;
  else process.env.KUBELAB_CONFIG_DIR = savedEnv;
  await rm(dir, { recursive: true, force: true });
});

/** The real CLI back end with no machine behind it: run.start is recorded, not run. */
function recording(): {
  open: (o: CliBackendOptions) => Promise<CliBackend>;
  starts: unknown[];
} {
  const starts: unknown[] = [];
  return {
    starts,
    open: async (o) => {
      const cli = await openCliBackend({ ...o, secrets: new MemorySecretStore() });
      return {
        ...cli,
        call: (name, payload) => {
          if (name === 'run.start') {
            starts.push(payload);
            return Promise.reject(new Error('recorded only'));
          }
          return cli.call(name, payload);
        },
      };
    },
  };
}

const base = (): ReplaceNodeOptions => ({
  file,
  old: 'node2',
  new: 'node3',
  yes: false,
  unreachable: false,
  forceQuorumLoss: false,
  acceptNewHostKeys: false,
  verbose: false,
});

describe('kubelab replace-node', () => {
  it('names the argument of each bad input, before anything starts', async () => {
    const rec = recording();
    const cases: [Partial<ReplaceNodeOptions>, RegExp][] = [
      [{ new: 'node2' }, /params\.newNodeId: node2 is named twice/],
      [{ new: 'master1' }, /params\.newNodeId: .*same role/],
      [{ new: 'node1' }, /params\.newNodeId: node1 is already in the cluster/],
      [{ old: 'node3', new: 'node2' }, /params\.oldNodeId: node3 is not in the cluster/],
      [{ old: '' }, /OLD NEW: params\.oldNodeId: /],
    ];
    for (const [o, message] of cases) {
      await expect(
        runReplaceNode({ ...base(), ...o, yes: true }, io, { open: rec.open }),
      ).rejects.toThrow(message);
    }
    expect(rec.starts).toEqual([]);
  });

  it('says what is destroyed and asks for --yes', async () => {
    const rec = recording();
    await expect(runReplaceNode(base(), io, { open: rec.open })).rejects.toThrow(
      /node2 \(192\.168\.100\.117\) leaves the cluster: its pods are evicted.*\/etc\/kubernetes.*node3 \(192\.168\.100\.118\) then joins as a worker\. Pass --yes to confirm/,
    );
    expect(rec.starts).toEqual([]);
  });

  it('with --yes, starts replace-node as the dialog does, the cluster name as confirmation', async () => {
    const rec = recording();
    await runReplaceNode({ ...base(), yes: true, unreachable: true }, io, {
      open: rec.open,
    }).catch(() => undefined);
    expect(rec.starts).toEqual([
      {
        operation: 'replace-node',
        params: { oldNodeId: 'node2', newNodeId: 'node3', unreachable: true },
        confirm: guidePlan().clusterName,
      },
    ]);
  });
});
