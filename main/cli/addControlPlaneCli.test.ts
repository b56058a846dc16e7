// `kubelab add-node --control-plane` (issue 19): a control plane joins only an HA plan — refused
// before the project is written otherwise — and the stale-member confirmation reaches run.start.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../common/model/project';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { FakeLab } from '../../tests/fakes/fakeRemote';
import { saveProject } from '../store/projectFile';
import { MemorySecretStore } from '../store/secrets';
import { runAddNode } from './addNodeCommand';
import { openCliBackend, type CliBackend, type CliBackendOptions } from './cliBackend';
import type { CliIo } from './ioAndExitStatus';

let dir: string;
const savedEnv = process.env.KUBELAB_CONFIG_DIR;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-add-cp-'));
  process.env.KUBELAB_CONFIG_DIR = join(dir, 'config');
});
afterAll(async () => {
  if (savedEnv === undefined) delete process.env.KUBELAB_CONFIG_DIR;
  else process.env.KUBELAB_CONFIG_DIR = savedEnv;
  await rm(dir, { recursive: true, force: true });
});

function captureIo(): CliIo & { text: () => string } {
  let text = '';
  return {
    out: (s) => void (text += s),
    err: (s) => void (text += s),
    tty: false,
    text: () => text,
  };
}

/** The real CLI back end over the fake lab, recording every contract call. */
function recording(): {
  open: (o: CliBackendOptions) => Promise<CliBackend>;
  calls: Array<{ name: string; payload: unknown }>;
} {
  const calls: Array<{ name: string; payload: unknown }> = [];
  const lab = new FakeLab();
  return {
    calls,
    open: async (o) => {
      const cli = await openCliBackend({
        ...o,
        secrets: new MemorySecretStore(),
        remoteFor: lab.remoteFor,
      });
      return {
        ...cli,
        call: (name, payload) => {
          calls.push({ name, payload });
          return cli.call(name, payload);
        },
      };
    },
  };
}

async function projectFile(name: string, ha: boolean): Promise<string> {
  const file = join(dir, `${name}.kubelab.yaml`);
  const plan = guidePlan();
  const p: Project = {
    schemaVersion: 1,
    nodes: guideNodes(),
    plan: ha
      ? {
          ...plan,
          topology: 'stacked-etcd',
          controlPlaneEndpoint: '192.168.100.100:6443',
          loadBalancer: { kind: 'kube-vip', vip: '192.168.100.100', interface: 'eth0' },
        }
      : plan,
  };
  await saveProject(file, p);
  return file;
}

const base = { acceptNewHostKeys: false, verbose: false };

describe('kubelab add-node --control-plane', () => {
  it('refuses a single-control-plane plan before the project is written', async () => {
    const file = await projectFile('single', false);
    const before = await readFile(file, 'utf8');
    const io = captureIo();
    const { open, calls } = recording();
    await expect(
      runAddNode(
        { ...base, file, node: 'master9', address: '192.168.100.119', controlPlane: true },
        io,
        { open },
      ),
    ).rejects.toThrow(/^--control-plane: .*topology single/);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(calls.some((c) => c.name === 'run.start')).toBe(false);
  }, 60_000);

  it('adds the machine as a control plane and passes the stale-member confirmation', async () => {
    const file = await projectFile('ha', true);
    const { open, calls } = recording();
    await runAddNode(
      {
        ...base,
        file,
        node: 'master9',
        address: '192.168.100.119',
        controlPlane: true,
        removeStaleEtcdMembers: true,
      },
      captureIo(),
      { open },
      // The fake lab's run itself may fail; what matters here is what was asked of run.start.
    ).catch(() => 1);
    expect(await readFile(file, 'utf8')).toMatch(/name: master9[\s\S]*role: control-plane/);
    expect(calls.filter((c) => c.name === 'run.start')).toEqual([
      {
        name: 'run.start',
        payload: {
          operation: 'add-node',
          params: { nodeIds: ['master9'], removeStaleEtcdMembers: true },
          fresh: false,
        },
      },
    ]);
  }, 60_000);
});
