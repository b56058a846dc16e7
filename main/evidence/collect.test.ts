import { describe, expect, it } from 'vitest';
import type { ExecOptions, Remote } from '../engine/remote';
import { collectEvidence, type EvidenceNode } from './collect';
import { exitedContainers } from './containers';
import { noTransfers } from '../../tests/fakes/noTransfers';

const MASTER: EvidenceNode = {
  id: 'm',
  name: 'master1',
  address: '10.0.0.11',
  role: 'control-plane',
};
const WORKER: EvidenceNode = { id: 'w', name: 'node1', address: '10.0.0.12', role: 'worker' };

/** A node that answers the collector's commands from a table (first matching prefix wins). */
function fakeNode(id: string, answers: Record<string, string>, asked: string[] = []): Remote {
  return {
    nodeId: id,
    exec: async (command: string, o?: ExecOptions) => {
      asked.push(`${command} ${JSON.stringify(o?.env ?? {})}`);
      const key = Object.keys(answers).find((k) => command.startsWith(k));
      return { code: 0, stdout: key ? (answers[key] ?? '') : '', stderr: '' };
    },
    startDetached: async () => undefined,
    followDetached: async () => ({ offset: 0, exitCode: 0 }),
    upload: async () => undefined,
    ...noTransfers,
    download: async () => Buffer.from(''),
  };
}

const BLOCKED = {
  'iptables -S INPUT': '-P INPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 6443 -j DROP\n',
  timeout: 'kubelab-probe-exit=124\n',
};

describe('collectEvidence', () => {
  it('proves the firewall-6443 cause from the failed node and its peer', async () => {
    const asked: string[] = [];
    const out = await collectEvidence({
      node: MASTER,
      remote: async () => fakeNode('m', BLOCKED, asked),
      peers: [{ node: WORKER, remote: async () => fakeNode('w', BLOCKED) }],
      bindPort: 6443,
    });
    expect(out.rootCause?.title.en).toBe('Port 6443/tcp blocked by the firewall on master1');
    expect(out.rootCause?.explanation.en).toContain('node1 → 10.0.0.11:6443 timed out');
    expect(out.rootCause?.explanation.en).toContain('master1 → 10.0.0.11:6443 timed out');
    // The address reaches the probe through the environment, not the command line.
    expect(asked.join('\n')).toContain('"KL_ADDR":"10.0.0.11","KL_PORT":"6443"');
    expect(asked.some((a) => a.startsWith('crictl ps -a'))).toBe(true);
  });

  it('reads exited containers’ logs and names no cause without proof', async () => {
    const table = [
      'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD',
      '3f2a9c1b7d4e5      6f1d1a2b3c4d5       2 minutes ago       Exited              kube-apiserver      4                   a1b2c3d4e5f60       kube-apiserver-master1',
    ].join('\n');
    const out = await collectEvidence({
      node: MASTER,
      remote: async () =>
        fakeNode('m', {
          'crictl ps -a': table,
          'crictl logs --tail 40 3f2a9c1b7d4e5': 'Error: failed to listen on 0.0.0.0:6443',
          timeout: 'kubelab-probe-exit=1\nbash: connect: Connection refused\n',
        }),
      peers: [],
      bindPort: 6443,
    });
    expect(out.rootCause).toBeUndefined();
    expect(out.sources.map((s) => s.source)).toContain('crictl logs --tail 40 3f2a9c1b7d4e5');
    expect(out.sources.find((s) => s.source === 'API reachability')?.text).toBe(
      'master1 -> 10.0.0.11:6443/tcp (master1): refused',
    );
  });

  it('stays within its budget when a peer never answers', async () => {
    const started = Date.now();
    const out = await collectEvidence({
      node: MASTER,
      remote: async () => fakeNode('m', BLOCKED),
      peers: [{ node: WORKER, remote: () => new Promise<Remote>(() => undefined) }],
      bindPort: 6443,
      budgetMs: 300,
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(out.rootCause?.signatureId).toBe('port-blocked-by-firewall');
  });
});

describe('exitedContainers', () => {
  it('takes the ids of exited rows only', () => {
    const rows = exitedContainers(
      'CONTAINER IMAGE CREATED STATE NAME ATTEMPT POD ID POD\nabc123def456 img About a minute ago Running etcd 0 p1 etcd-m\n0123456789ab img 5 seconds ago Exited kube-apiserver 2 p2 kube-apiserver-m',
    );
    expect(rows.map((r) => r.id)).toEqual(['0123456789ab']);
  });
});
