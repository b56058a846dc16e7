import { describe, expect, it } from 'vitest';
import { RunEventSchema, type RunEvent } from '../../common/model/runEvent';
import { diagnoseFailure, journalsFor, KUBELET_JOURNAL } from './diagnose';
import { runInstall } from './runner';
import type { Remote } from './remote';
import { harness } from './testing/harness';
import { noTransfers } from '../../tests/fakes/noTransfers';

// The kubelet's line as published in opsnull/follow-me-install-kubernetes-cluster#101
// (tests/fixtures/logs/cgroup-driver-mismatch.txt), as journalctl prints it.
const CGROUP =
  'Jan 01 00:00:00 worker1 kubelet[1234]: error: failed to run Kubelet: failed to create kubelet: misconfiguration: kubelet cgroup driver: "cgroupfs" is different from docker cgroup driver: "systemd"';

function failedEvent(events: readonly RunEvent[]): Extract<RunEvent, { type: 'task-state' }> {
  const e = events.find((x) => x.type === 'task-state' && x.status === 'failed');
  if (!e || e.type !== 'task-state') throw new Error('no failed task-state event');
  return e;
}

describe('a failed task is classified', () => {
  it('from the node’s kubelet journal, fetched read-only over its Remote', async () => {
    const { opts, events, saved, lab } = harness((id) => ({
      rules:
        id === 'worker1'
          ? [
              {
                match: '# apply:join-worker',
                reply: { code: 1, stderr: 'error execution phase kubelet-start: timed out\n' },
              },
              { match: KUBELET_JOURNAL, reply: { stdout: `x\n${CGROUP}\ny\n` } },
            ]
          : [],
    }));
    const result = await runInstall(opts);
    expect(result.outcome).toBe('failed');
    const failed = failedEvent(events);
    expect(failed.nodeId).toBe('worker1');
    expect(failed.diagnosis?.signatureId).toBe('cgroup-driver-mismatch');
    expect(failed.diagnosis?.source).toBe(KUBELET_JOURNAL);
    expect(failed.diagnosis?.evidence.line).toBe(2);
    expect(failed.diagnosis?.fix.preview?.commands.length).toBeGreaterThan(0);
    expect(RunEventSchema.parse(failed)).toEqual(failed);
    // Recorded with the task, so install.state and the report have it too.
    const task = saved.at(-1)?.tasks.find((t) => t.nodeId === 'worker1' && t.status === 'failed');
    expect(task?.diagnosis?.signatureId).toBe('cgroup-driver-mismatch');
    const journal = lab.remote('worker1').calls.find((c) => c.command.includes('journalctl'));
    expect(journal?.command).toContain(KUBELET_JOURNAL);
    // Only the failed node is asked.
    expect(lab.remote('worker2').calls.some((c) => c.command.includes('journalctl'))).toBe(false);
  });

  it('from the step’s own output when the journal says nothing', async () => {
    const { opts, events } = harness((id) => ({
      rules:
        id === 'worker1'
          ? [
              {
                match: '# apply:join-worker',
                reply: {
                  code: 1,
                  stderr:
                    '\t[ERROR Swap]: running with swap on is not supported. Please disable swap\n',
                },
              },
            ]
          : [],
    }));
    await runInstall(opts);
    const d = failedEvent(events).diagnosis;
    expect(d?.signatureId).toBe('swap-on');
    expect(d?.source).toBe('step output');
    expect(d?.fix.preview?.commands).toContain('swapoff -a');
  });

  it('never fails or holds up the run when the journal cannot be read', async () => {
    const hanging: Remote = {
      nodeId: 'n1',
      exec: () => new Promise(() => undefined),
      startDetached: async () => undefined,
      followDetached: async () => ({ offset: 0, exitCode: 0 }),
      upload: async () => undefined,
      ...noTransfers,
      download: async () => Buffer.from(''),
    };
    const started = Date.now();
    const d = await diagnoseFailure({
      journals: ['kubelet', 'runtime'],
      output: 'nothing known here',
      plan: {},
      remote: async () => hanging,
      timeoutMs: 50,
    });
    expect(d).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
    const refused = await diagnoseFailure({
      output: '[ERROR Swap]: running with swap on is not supported',
      plan: {},
      remote: () => Promise.reject(new Error('unreachable')),
    });
    expect(refused?.signatureId).toBe('swap-on');
  });

  it('asks for the container runtime’s journal on the steps that involve it', async () => {
    const asked: string[] = [];
    const remote: Remote = {
      nodeId: 'n1',
      exec: async (c) => {
        asked.push(c);
        return { code: 0, stdout: '', stderr: '' };
      },
      startDetached: async () => undefined,
      followDetached: async () => ({ offset: 0, exitCode: 0 }),
      upload: async () => undefined,
      ...noTransfers,
      download: async () => Buffer.from(''),
    };
    await diagnoseFailure({
      journals: ['kubelet', 'runtime'],
      output: '',
      plan: { runtime: 'containerd' },
      remote: async () => remote,
    });
    expect(asked.join('\n')).toContain('journalctl -u containerd -n 200 --no-pager');
    expect(asked.join('\n')).toContain(KUBELET_JOURNAL);
  });
});

describe('the evidence collected from the nodes', () => {
  /** A node answering the collector: master1's iptables drops 6443, and every probe times out. */
  const blocked = (id: string): Remote => ({
    nodeId: id,
    exec: async (c) => ({
      code: 0,
      stdout: c.startsWith('iptables -S INPUT')
        ? '-P INPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 6443 -j DROP\n'
        : c.startsWith('timeout 2')
          ? 'kubelab-probe-exit=124\n'
          : '',
      stderr: '',
    }),
    startDetached: async () => undefined,
    followDetached: async () => ({ offset: 0, exitCode: 0 }),
    upload: async () => undefined,
    ...noTransfers,
    download: async () => Buffer.from(''),
  });

  it('leads with the cause it proves, over the symptom in the step output', async () => {
    const d = await diagnoseFailure({
      output: "error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster",
      plan: { bindPort: 6443 },
      remote: async () => blocked('m'),
      node: { id: 'm', name: 'master1', address: '10.0.0.11', role: 'control-plane' },
      peers: [
        {
          node: { id: 'w', name: 'node1', address: '10.0.0.12', role: 'worker' },
          remote: async () => blocked('w'),
        },
      ],
    });
    expect(d?.signatureId).toBe('port-blocked-by-firewall');
    expect(d?.title.en).toBe('Port 6443/tcp blocked by the firewall on master1');
    // Without the node (and so without evidence) the same output is only the symptom.
    const alone = await diagnoseFailure({
      output: "error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster",
      plan: {},
      remote: async () => blocked('m'),
    });
    expect(alone?.signatureId).toBe('control-plane-timeout');
  });
});

describe('the engine knows no step by name', () => {
  it('no engine source names a step id; steps declare their journals', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { INSTALL_STEP_IDS, DAY2_STEP_IDS, UPGRADE_STEP_IDS } =
      await import('../../common/catalog/steps');
    const { OPERATION_IDS } = await import('../../common/catalog/operations');
    // Operation ids that are also step ids (add-node, reset-node, reset-cluster) are checked by
    // the next test: the engine names no operation but the install (a record's default).
    const operations: readonly string[] = OPERATION_IDS;
    const STEP_IDS = [...INSTALL_STEP_IDS, ...DAY2_STEP_IDS, ...UPGRADE_STEP_IDS].filter(
      (id) => !operations.includes(id),
    );
    const dir = join(__dirname);
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const named = sources.flatMap((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return STEP_IDS.filter((id) => text.includes(`'${id}'`)).map((id) => `${file}: ${id}`);
    });
    expect(named).toEqual([]);
    const day2 = operations.filter((id) => id !== 'install');
    const namedOps = sources.flatMap((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return day2.filter((id) => text.includes(`'${id}'`)).map((id) => `${file}: ${id}`);
    });
    expect(namedOps).toEqual([]);
    expect(journalsFor(undefined, {})).toEqual([KUBELET_JOURNAL]);
    expect(journalsFor(['kubelet', 'runtime'], { runtime: 'docker' })).toEqual([
      KUBELET_JOURNAL,
      'journalctl -u docker -n 200 --no-pager',
    ]);
  });
});
