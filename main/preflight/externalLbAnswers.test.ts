import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import type { ExecOptions, Remote } from '../engine/remote';
import { noTransfers } from '../../tests/fakes/noTransfers';
import { externalLbAnswersResult } from './externalLbAnswers';
import { SCRIPTS } from './scripts';

// scripts/vip.sh output captured on the practice lab (scenario ha-external, lab instance 41,
// run from master1 by hand), addresses renumbered to 192.0.2.0/24: the lb machine's real haproxy
// listening on 6443; the same host on a port nothing listens on; an address nobody holds.
const LISTENING = [
  'ping replied 64 bytes from 192.0.2.13: icmp_seq=1 ttl=64 time=0.107 ms',
  'tcp 6443 open connected',
  'neigh c2:54:89:84:23:bf REACHABLE',
  '@@KL:end',
].join('\n');
const HOST_ONLY = [
  'ping replied 64 bytes from 192.0.2.13: icmp_seq=1 ttl=64 time=0.090 ms',
  'tcp 6443 refused connection refused',
  'neigh c2:54:89:84:23:bf REACHABLE',
  '@@KL:end',
].join('\n');
const NOTHING = [
  'ping silent 2 packets transmitted, 0 received, 100% packet loss, time 1026ms',
  'tcp 6443 error 192.0.2.13: connect: No route to host 192.0.2.13: line 1: /dev/tcp/192.0.2.13/6443: No route to host ',
  'neigh none FAILED',
  '@@KL:end',
].join('\n');

const guide = guideReportInput('en');
const first = { ...guide.project.nodes[0], role: 'control-plane' } as NodeSpec;
const plan: ClusterPlan = {
  ...guide.project.plan,
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.0.2.13:6443',
  loadBalancer: { kind: 'external' },
};

function remoteAnswering(stdout: string, seen: ExecOptions[] = []): Remote {
  return {
    nodeId: first.id,
    exec: (script, o) => {
      expect(script).toBe(SCRIPTS.vip);
      if (o) seen.push(o);
      return Promise.resolve({ code: 0, stdout, stderr: '' });
    },
    startDetached: () => Promise.reject(new Error('no')),
    followDetached: () => Promise.reject(new Error('no')),
    upload: () => Promise.reject(new Error('no')),
    ...noTransfers,
    download: () => Promise.reject(new Error('no')),
  };
}

describe('the external load balancer preflight', () => {
  it('passes a load balancer that accepts connections on the endpoint port', async () => {
    const seen: ExecOptions[] = [];
    const r = await externalLbAnswersResult(plan, first, remoteAnswering(LISTENING, seen));
    expect(r).toMatchObject({ checkId: 'external-lb-answers', status: 'pass', severity: 'warn' });
    expect(seen[0]?.env).toEqual({ KL_VIP: '192.0.2.13', KL_PORTS: '6443' });
  });

  it('warns, naming the address, when nothing answers at all', async () => {
    const r = await externalLbAnswersResult(plan, first, remoteAnswering(NOTHING));
    expect(r).toMatchObject({ status: 'fail', severity: 'warn', nodeIds: [first.id] });
    expect(r?.message.en).toContain('Nothing answers at the load balancer address 192.0.2.13:6443');
    expect(r?.message.zh).toContain('负载均衡器地址 192.0.2.13:6443 没有任何应答');
    expect(r?.evidence).toContain('No route to host');
  });

  it('tells a live host without a listener apart from a dead address', async () => {
    const r = await externalLbAnswersResult(plan, first, remoteAnswering(HOST_ONLY));
    expect(r?.status).toBe('fail');
    expect(r?.message.en).toContain(
      'The load balancer host 192.0.2.13 answers (ping: 64 bytes from 192.0.2.13',
    );
    expect(r?.message.en).toContain(
      'nothing accepts connections on port 6443 (connection refused)',
    );
  });

  it('does nothing for other load balancer kinds', async () => {
    const vip: ClusterPlan = {
      ...plan,
      loadBalancer: { kind: 'kube-vip', vip: '192.0.2.100', interface: 'eth0' },
    };
    expect(await externalLbAnswersResult(vip, first, remoteAnswering(NOTHING))).toBeUndefined();
  });
});
