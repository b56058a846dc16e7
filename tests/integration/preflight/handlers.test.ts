// preflight.run through the contract (createBackend) on lab nodes: SSH goes through the nodes
// service, so a node without a pinned host key raises nodes.hostKeyPrompt like everywhere else,
// the accepted key is pinned into the project, and a wrong pinned key is refused. Instance 6.
import { afterAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../common/contract';
import type { PreflightRun } from '../../../common/contracts/preflight';
import type { Project } from '../../../common/model/project';
import { dispatch } from '../../../main/api/dispatch';
import { createBackend } from '../../../main/backend';
import { FileProjectStore } from '../../../main/store/projectStore';
import { MemorySecretStore } from '../../../main/store/secrets';
import { lab, up } from './helpers';

afterAll(() => {
  expect(lab('down').code).toBe(0);
});

interface Face {
  run(): Promise<PreflightRun>;
  /** Nodes a host-key prompt was raised for, in order. */
  prompts: string[];
  projectStore: FileProjectStore;
}

/** A backend on `project` whose host-key prompts are all answered `accept`. */
function backendFor(project: Project, accept: boolean): Face {
  const projectStore = new FileProjectStore(project);
  const backend = createBackend({
    face: 'cli',
    settingsStore: { read: async () => ({}) as never, write: async () => undefined },
    projectStore,
    nodes: { secrets: new MemorySecretStore() },
  });
  const prompts: string[] = [];
  backend.bus.subscribe((name: EventName, payload: unknown) => {
    if (name !== 'nodes.hostKeyPrompt') return;
    const { promptId, nodeId } = payload as { promptId: string; nodeId: string };
    prompts.push(nodeId);
    void dispatch(backend.handlers, 'nodes.answerHostKey', { promptId, accept }, { face: 'cli' });
  });
  const run = async (): Promise<PreflightRun> => {
    const res = await dispatch(
      backend.handlers,
      'preflight.run',
      { matrix: false },
      { face: 'cli' },
    );
    if (!res.ok) throw new Error(`${res.error.code} ${res.error.message}`);
    return res.value as PreflightRun;
  };
  return { run, prompts, projectStore };
}

describe('preflight.run over the nodes service', () => {
  it('asks about an unpinned host key, pins the accepted one, refuses a changed one', async () => {
    const project = up('guide');
    const fingerprint = project.nodes.find((n) => n.id === 'master1')?.hostKey?.fingerprint;
    const unpinned: Project = {
      ...project,
      nodes: project.nodes.map((n) => (n.id === 'master1' ? { ...n, hostKey: undefined } : n)),
    };
    const yes = backendFor(unpinned, true);
    const run = await yes.run();
    expect(yes.prompts).toEqual(['master1']);
    expect(run.unreachable).toEqual([]);
    expect(yes.projectStore.get().nodes.find((n) => n.id === 'master1')?.hostKey?.fingerprint).toBe(
      fingerprint,
    );

    const no = backendFor(unpinned, false);
    const refused = await no.run();
    expect(no.prompts).toEqual(['master1']);
    expect(refused.unreachable.map((u) => u.nodeId)).toEqual(['master1']);

    const changed: Project = {
      ...project,
      nodes: project.nodes.map((n) =>
        n.id === 'node1' && n.hostKey
          ? {
              ...n,
              hostKey: {
                ...n.hostKey,
                fingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
              },
            }
          : n,
      ),
    };
    const wrong = backendFor(changed, true);
    const r = await wrong.run();
    expect(wrong.prompts).toEqual([]);
    expect(r.unreachable.map((u) => u.nodeId)).toEqual(['node1']);
  });
});
