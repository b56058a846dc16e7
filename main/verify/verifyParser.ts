import type { SystemPod, Verification, VerifiedNode } from '../../common/model/verification';
import { splitSections } from '../nodes/factsParser';
import { parseCredentials } from './credentialsParser';

interface K8sList {
  items?: Array<Record<string, unknown>>;
}

function list(text: string): K8sList['items'] | undefined {
  try {
    const v = JSON.parse(text) as K8sList;
    return Array.isArray(v.items) ? v.items : undefined;
  } catch {
    return undefined;
  }
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function parseNodes(text: string): VerifiedNode[] | undefined {
  return list(text)?.map((n) => {
    const meta = obj(n.metadata);
    const status = obj(n.status);
    const ready = arr(status.conditions).find((c) => c.type === 'Ready');
    const labels = obj(meta.labels);
    const roles = Object.keys(labels)
      .filter((l) => l.startsWith('node-role.kubernetes.io/'))
      .map((l) => l.slice('node-role.kubernetes.io/'.length));
    const unschedulable = obj(n.spec).unschedulable === true;
    const isReady = ready?.status === 'True';
    const info = obj(status.nodeInfo);
    const ip = arr(status.addresses).find((a) => a.type === 'InternalIP');
    const node: VerifiedNode = {
      name: str(meta.name) ?? '',
      ready: isReady,
      status: `${isReady ? 'Ready' : 'NotReady'}${unschedulable ? ',SchedulingDisabled' : ''}`,
      roles,
    };
    const kubelet = str(info.kubeletVersion);
    const runtime = str(info.containerRuntimeVersion);
    const address = str(ip?.address);
    if (kubelet) node.kubeletVersion = kubelet;
    if (runtime) node.containerRuntime = runtime;
    if (address) node.internalIp = address;
    return node;
  });
}

export function parsePods(text: string): SystemPod[] | undefined {
  return list(text)?.map((p) => {
    const meta = obj(p.metadata);
    const status = obj(p.status);
    const cs = arr(status.containerStatuses);
    const waiting = cs.map((c) => str(obj(obj(c.state).waiting).reason)).find(Boolean);
    const pod: SystemPod = {
      namespace: str(meta.namespace) ?? 'kube-system',
      name: str(meta.name) ?? '',
      status: waiting ?? str(status.phase) ?? 'Unknown',
      ready: cs.length > 0 && cs.every((c) => c.ready === true),
      restarts: cs.reduce(
        (n, c) => n + (typeof c.restartCount === 'number' ? c.restartCount : 0),
        0,
      ),
    };
    const node = str(obj(p.spec).nodeName);
    if (node) pod.nodeName = node;
    return pod;
  });
}

export interface VerifyOutput {
  verification: Verification;
  /** Test pods (name → node) that were created, and any left after cleanup. */
  testPods: Array<{ name: string; status: string; ip: string; node: string }>;
  leftPods: string[];
}

/** verify.sh output → the report's Verification (DNS name as asked). */
export function parseVerify(out: string, dnsName: string, checkedAt: string): VerifyOutput {
  const s = splitSections(out);
  const get = (k: string): string => s.get(k) ?? '';
  const readyz = get('readyz').trim();
  const verification: Verification = {
    checkedAt,
    nodes: parseNodes(get('nodes')) ?? [],
    systemPods: parsePods(get('syspods')) ?? [],
    apiServer:
      readyz === 'ok'
        ? { status: 'ok' }
        : {
            status: readyz ? 'failed' : 'unknown',
            ...(readyz ? { detail: readyz.slice(0, 500) } : {}),
          },
    dns: [],
    matrices: [],
  };
  const credentials = parseCredentials(get('tokens'), get('certs'));
  if (credentials) verification.credentials = credentials;
  const testPods = get('pods')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4 && f[0])
    .map(([name = '', status = '', ip = '', node = '']) => ({ name, status, ip, node }));
  if (s.has('ping')) {
    const cells: Verification['matrices'][number]['cells'] = [];
    for (const l of get('ping').split('\n')) {
      const m = /^ping (\S+) (\S+) (ok|fail) ([\d.]+)\s?(.*)$/.exec(l.trim());
      if (!m) continue;
      const [, from = '', to = '', res, rtt, detail] = m;
      cells.push({
        from,
        to,
        ok: res === 'ok',
        ...(res === 'ok' ? { rttMs: Number(rtt) } : { detail: detail || 'no reply' }),
      });
    }
    // A test pod that never ran still gets its row: every pair with it failed.
    const ran = new Set(testPods.filter((p) => p.status === 'Running').map((p) => p.node));
    for (const a of testPods) {
      for (const b of testPods) {
        if (a === b || (ran.has(a.node) && ran.has(b.node))) continue;
        const which = ran.has(a.node) ? b : a;
        cells.push({
          from: a.node,
          to: b.node,
          ok: false,
          detail: `test pod on ${which.node} is ${which.status}`,
        });
      }
    }
    verification.matrices.push({ phase: 'after-install', probe: 'pod-ping', cells });
  }
  const dns = get('dns').trim();
  if (dns) {
    const [word, ...rest] = dns.split(' ');
    const text = rest.join(' ');
    verification.dns.push(
      word === 'ok'
        ? { name: dnsName, status: 'ok', ...(text ? { answer: text } : {}) }
        : { name: dnsName, status: word === 'fail' ? 'failed' : 'unknown', detail: text },
    );
  }
  const leftPods = get('cleanup')
    .split('\n')
    .map((l) => /^left (\S+)/.exec(l.trim())?.[1])
    .filter((x): x is string => Boolean(x));
  return { verification, testPods, leftPods };
}
