// The verification parser on outputs captured from the practice lab (guide scenario, instance 7,
// Kubernetes 1.18.2 + flannel): `kubectl get nodes -o json`, `kubectl get pods -A -o json`, the
// whole verify.sh output, and `kubectl exec … -- ping` answered and unanswered. The ping lines are
// run through the exact sed/grep of verify.sh, so a change there is tested here too.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNodes, parsePods, parseVerify } from './verifyParser';

const here = import.meta.dirname;
const fixture = (name: string): string => readFileSync(join(here, 'fixtures', name), 'utf8');
const SCRIPT = readFileSync(join(here, 'scripts', 'verify.sh'), 'utf8');

/** The pipeline verify.sh applies to a ping's output (`sed -n …` for the RTT, `grep -E …`). */
function scriptPipe(pattern: RegExp): string {
  const m = pattern.exec(SCRIPT);
  if (!m?.[1]) throw new Error(`verify.sh no longer has ${String(pattern)}`);
  return m[1];
}
const RTT = scriptPipe(/printf '%s' "\$out" \| (sed -n '[^']+' \| head -n 1)\)/);
const WHY = scriptPipe(/printf '%s' "\$out" \| (grep -E '[^']+' \| head -n 1)\)/);

function pipe(cmd: string, input: string): string {
  const r = spawnSync('bash', ['-c', cmd], { input, encoding: 'utf8' });
  return r.stdout.trim();
}

describe('parseNodes on kubectl get nodes -o json', () => {
  it('reads name, Ready, roles, kubelet, runtime and InternalIP', () => {
    const nodes = parseNodes(fixture('nodes-guide.json'));
    expect(nodes?.map((n) => `${n.name} ${n.status} ${n.roles.join(',')}`)).toEqual([
      'master1 Ready master',
      'node1 Ready ',
      'node2 Ready ',
    ]);
    expect(nodes?.[0]).toMatchObject({
      ready: true,
      kubeletVersion: 'v1.18.2',
      internalIp: '172.31.243.11',
    });
    expect(nodes?.[0]?.containerRuntime).toMatch(/^docker:\/\//);
  });

  it('is undefined for kubectl errors instead of JSON', () => {
    expect(parseNodes('The connection to the server 172.31.243.11:6443 was refused')).toBe(
      undefined,
    );
  });
});

describe('parsePods on kubectl get pods -A -o json', () => {
  it('keeps each pod’s namespace, phase, readiness and node', () => {
    const pods = parsePods(fixture('pods-all-guide.json')) ?? [];
    expect(pods).toHaveLength(12);
    expect(new Set(pods.map((p) => p.namespace))).toEqual(new Set(['kube-system', 'kube-flannel']));
    expect(pods.every((p) => p.status === 'Running' && p.ready && p.restarts === 0)).toBe(true);
    expect(pods.find((p) => p.name === 'etcd-master1')?.nodeName).toBe('master1');
    expect(pods.filter((p) => p.name.startsWith('coredns-'))).toHaveLength(2);
  });

  it('reports a waiting container’s reason rather than the phase', () => {
    const list = JSON.parse(fixture('pods-all-guide.json')) as {
      items: Array<{ status: { containerStatuses?: Array<Record<string, unknown>> } }>;
    };
    const first = list.items[0]?.status.containerStatuses?.[0];
    if (!first) throw new Error('fixture has no container status');
    first.state = { waiting: { reason: 'CrashLoopBackOff' } };
    first.ready = false;
    first.restartCount = 4;
    const pod = parsePods(JSON.stringify(list))?.[0];
    expect(pod).toMatchObject({ status: 'CrashLoopBackOff', ready: false, restarts: 4 });
  });
});

describe('parseVerify on the whole verify.sh output', () => {
  const out = parseVerify(fixture('verify-guide.txt'), 'kubernetes.default.svc.k8stest.local', 't');

  it('nodes, kube-system pods and /readyz', () => {
    const v = out.verification;
    expect(v.nodes.map((n) => n.name)).toEqual(['master1', 'node1', 'node2']);
    expect(v.systemPods).toHaveLength(9);
    expect(v.systemPods.every((p) => p.namespace === 'kube-system')).toBe(true);
    expect(v.apiServer).toEqual({ status: 'ok' });
  });

  it('a test pod per node, a 3 × 3 ping matrix all green, and nothing left', () => {
    expect(out.testPods.map((p) => `${p.name} ${p.status} ${p.node}`)).toEqual([
      'kubelab-verify-master1 Running master1',
      'kubelab-verify-node1 Running node1',
      'kubelab-verify-node2 Running node2',
    ]);
    const cells = out.verification.matrices[0]?.cells ?? [];
    expect(cells).toHaveLength(6);
    expect(cells.every((c) => c.ok && typeof c.rttMs === 'number' && c.rttMs > 0)).toBe(true);
    expect(cells[0]).toEqual({ from: 'master1', to: 'node1', ok: true, rttMs: 0.201 });
    expect(out.leftPods).toEqual([]);
  });

  it('DNS: the lab’s pods have no nslookup, and the failure is kept with its reason', () => {
    expect(out.verification.dns).toEqual([
      {
        name: 'kubernetes.default.svc.k8stest.local',
        status: 'failed',
        detail: expect.stringContaining('exec of "nslookup" failed') as string,
      },
    ]);
  });
});

describe('verify.sh on ping outputs', () => {
  it('takes the average RTT of an answered ping (iputils and busybox summaries)', () => {
    expect(pipe(RTT, fixture('ping-ok.txt'))).toBe('0.442');
    // busybox ping's summary line (networking/ping.c: "round-trip min/avg/max = %u.%03u/…").
    expect(pipe(RTT, 'round-trip min/avg/max = 0.101/0.442/0.784 ms\n')).toBe('0.442');
  });

  it('keeps the loss line of an unanswered one, which the parser shows as the cell’s detail', () => {
    const raw = fixture('ping-unreachable.txt');
    expect(pipe(RTT, raw)).toBe('');
    const why = pipe(WHY, raw);
    expect(why).toBe('2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1020ms');
    const v = parseVerify(
      `@@KL:pods\nkubelab-verify-a Running 10.10.1.5 a\nkubelab-verify-b Running 10.10.2.5 b\n@@KL:ping\nping a b fail 0 ${why}\nping b a ok 0.1\n@@KL:end\n`,
      'x',
      't',
    );
    expect(v.verification.matrices[0]?.cells).toEqual([
      { from: 'a', to: 'b', ok: false, detail: why },
      { from: 'b', to: 'a', ok: true, rttMs: 0.1 },
    ]);
  });
});
