// Day 2 through the contract (createBackend, as `kubelab serve` wires it) on the practice lab:
// the guide installed with run.start, node2 reset with run.start's reset-node (refused until the
// cluster name is given), then joined back with run.start's add-node — which adds to the recorded
// install, so node1 stays recorded done and is not offered to join. The install tests' lab
// instance (3, KUBELAB_IT_LAB_INSTANCE): the integration project runs its files one at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../common/contract';
import { installRequests } from '../../../common/contracts/install';
import type { RunEvent, RunResult } from '../../../common/model/runEvent';
import { joiningNodes, recordedNodeIds } from '../../../common/model/runState';
import { dispatch } from '../../../main/api/dispatch';
import { createBackend, type Backend } from '../../../main/backend';
import { installDeps } from '../../../main/services/installDeps';
import { FileProjectStore } from '../../../main/store/projectStore';
import { MemorySecretStore } from '../../../main/store/secrets';
import { lab, labWorkspace, nodeStatus, onNode, type Workspace } from './helpers';

const M = 'master1';
let ws: Workspace;
let backend: Backend;
let projectStore: FileProjectStore;
const events: RunEvent[] = [];
const waiters: ((r: RunResult) => void)[] = [];

beforeAll(async () => {
  ws = labWorkspace('guide');
  process.env.KUBELAB_CONFIG_DIR = ws.env.KUBELAB_CONFIG_DIR;
  projectStore = new FileProjectStore();
  await projectStore.open(ws.project);
  backend = createBackend({
    face: 'cli',
    settingsStore: { read: async () => ({}) as never, write: async () => undefined },
    projectStore,
    nodes: { secrets: new MemorySecretStore() },
    install: installDeps(),
  });
  backend.bus.subscribe((name: EventName, payload: unknown) => {
    if (name === 'nodes.hostKeyPrompt') {
      const { promptId } = payload as { promptId: string };
      void dispatch(backend.handlers, 'nodes.answerHostKey', { promptId, accept: true }, cli);
    }
    if (name !== 'install.event') return;
    const event = payload as RunEvent;
    events.push(event);
    if (event.type === 'run-finished' && !event.result.dryRun) waiters.shift()?.(event.result);
  });
});

afterAll(() => {
  lab('down');
});

const cli = { face: 'cli' } as const;

async function call(name: 'run.start', payload: unknown): Promise<unknown> {
  const res = await dispatch(backend.handlers, name, payload, cli);
  if (!res.ok) throw Object.assign(new Error(res.error.message), res.error);
  return res.value;
}

/** Starts a wet run through the contract and waits for its run-finished. */
async function runToEnd(
  name: 'run.start',
  payload: unknown,
): Promise<{ runId: string; result: RunResult }> {
  const finished = new Promise<RunResult>((r) => waiters.push(r));
  const started = (await call(name, payload)) as { runId: string };
  const result = await finished;
  if (result.outcome !== 'succeeded') {
    const logs = events
      .filter((e) => e.type === 'log' && e.runId === started.runId)
      .map((e) => (e.type === 'log' ? e.chunk : ''))
      .join('')
      .slice(-4000);
    throw new Error(`${name} ${result.outcome}: ${result.error?.message ?? ''}\n${logs}`);
  }
  return { runId: started.runId, result };
}

const address = (id: string): string =>
  projectStore.get().nodes.find((n) => n.id === id)?.address ?? '';

describe('day 2 through the contract', () => {
  it('installs the guide with run.start', async () => {
    const { runId } = await runToEnd('run.start', { operation: 'install' });
    expect([...nodeStatus(M).values()]).toEqual(['Ready', 'Ready', 'Ready']);
    expect(projectStore.get().runState?.runId).toBe(runId);
  }, 1_800_000);

  it('resets node2 only once the cluster name is typed: gone from the cluster, /etc/kubernetes cleaned', async () => {
    const recorded = projectStore.get().runState;
    const refused = await dispatch(
      backend.handlers,
      'run.start',
      { operation: 'reset-node', params: { nodeId: 'node2' }, confirm: 'not-the-cluster' },
      cli,
    );
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatchObject({ code: 'not_confirmed', field: 'confirm' });
    expect(nodeStatus(M).get(address('node2'))).toBe('Ready');

    const clusterName = projectStore.get().plan.clusterName;
    const { runId } = await runToEnd('run.start', {
      operation: 'reset-node',
      params: { nodeId: 'node2' },
      confirm: clusterName,
    });
    // On the install's event stream: one reset-node cell on node2, with the drain in its log.
    const started = events.find((e) => e.type === 'run-started' && e.runId === runId);
    expect(
      started?.type === 'run-started' && started.tasks.map((t) => `${t.stepId}/${t.nodeId}`),
    ).toEqual(['reset-node/node2']);
    const log = events
      .filter((e) => e.type === 'log' && e.runId === runId && e.nodeId === 'node2')
      .map((e) => (e.type === 'log' ? e.chunk : ''))
      .join('');
    expect(log).toContain('draining');

    expect(nodeStatus(M).has(address('node2'))).toBe(false);
    expect(nodeStatus(M).size).toBe(2);
    expect(onNode('node2', 'find /etc/kubernetes -type f 2>/dev/null | wc -l').trim()).toBe('0');
    // The install's record is the install's, minus node2 (checked afresh by the next install).
    const after = projectStore.get().runState;
    expect(after?.runId).toBe(recorded?.runId);
    expect(after?.tasks).toEqual(recorded?.tasks.filter((t) => t.nodeId !== 'node2'));
  }, 600_000);

  it('joins node2 back with the add-node operation on the control plane and node2', async () => {
    const node1 = projectStore.get().runState?.tasks.filter((t) => t.nodeId === 'node1');
    expect(node1?.length).toBeGreaterThan(0);
    // As the Install screen's "add to the cluster" sends it: the add-node operation, the same run
    // `kubelab add-node node2` records (kind add-node, the add-node step on node2).
    const { runId } = await runToEnd('run.start', {
      operation: 'add-node',
      params: { nodeIds: ['node2'] },
    });
    expect(nodeStatus(M).get(address('node2'))).toBe('Ready');
    expect([...nodeStatus(M).values()]).toEqual(['Ready', 'Ready', 'Ready']);

    // install.state is still a picture of every node: node1's record is as the install left it
    // (done), node2's is the join's, and nobody is offered to join (the UI's own predicate).
    const res = await dispatch(backend.handlers, 'install.state', {}, cli);
    if (!res.ok) throw new Error(res.error.message);
    const { state } = installRequests['install.state'].result.parse(res.value);
    expect(state?.runId).toBe(runId);
    expect(state?.kind).toBe('add-node');
    expect(state?.outcome).toBe('succeeded');
    expect(state?.tasks.filter((t) => t.nodeId === 'node1')).toEqual(node1);
    expect(
      state?.tasks
        .filter((t) => t.nodeId === 'node1')
        .every((t) => t.status === 'done' || t.status === 'already-done'),
    ).toBe(true);
    expect(
      state?.tasks.find((t) => t.nodeId === 'node2' && t.stepId === 'add-node')?.status,
    ).toMatch(/^(done|already-done)$/);
    const nodeIds = state ? recordedNodeIds(state) : [];
    expect(nodeIds).toEqual(expect.arrayContaining([M, 'node1', 'node2']));
    expect(joiningNodes({ outcome: state?.outcome, nodeIds }, projectStore.get().nodes)).toEqual(
      [],
    );
  }, 1_800_000);
});
