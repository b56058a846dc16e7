// The lab API server's pieces on their own (no lab, no root): patches, selectors, discovery
// negotiation, Tables, Status bodies, the OpenAPI v2 protobuf. The end-to-end proof is
// realKubectl.test.ts; these pin the formats each piece follows.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module of the lab, no types
import { aggregatedVersion, discovery } from '../../lab/node/api/discovery.mjs';
// @ts-expect-error plain ES module of the lab, no types
import { openapi } from '../../lab/node/api/openapi.mjs';
// @ts-expect-error plain ES module of the lab, no types
import { applyPatch, jsonPatch, smp } from '../../lab/node/api/patch.mjs';
// @ts-expect-error plain ES module of the lab, no types
import { lookup } from '../../lab/node/api/resources.mjs';
// @ts-expect-error plain ES module of the lab, no types
import { fieldSelector, labelSelector } from '../../lab/node/api/selectors.mjs';
// @ts-expect-error plain ES module of the lab, no types
import { notFound, serverTimeout } from '../../lab/node/api/status.mjs';
// @ts-expect-error plain ES module of the lab, no types
import { Store } from '../../lab/node/api/store.mjs';
// @ts-expect-error plain ES module of the lab, no types
import { toTable, wantsTable } from '../../lab/node/api/tables.mjs';

type Json = Record<string, unknown>;
const KUBECTL_133_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('discovery', () => {
  it('answers the aggregated form only where the version served it, else plain JSON', () => {
    expect(aggregatedVersion(33, KUBECTL_133_ACCEPT)).toBe('v2');
    expect(aggregatedVersion(28, KUBECTL_133_ACCEPT)).toBe('v2beta1');
    expect(aggregatedVersion(18, KUBECTL_133_ACCEPT)).toBeUndefined();
    const legacy = discovery(18, '/apis', KUBECTL_133_ACCEPT, '1.2.3.4:6443') as {
      body: Json;
      contentType: string;
    };
    expect(legacy.contentType).toBe('application/json');
    expect(legacy.body.kind).toBe('APIGroupList');
    const agg = discovery(30, '/api', KUBECTL_133_ACCEPT, '1.2.3.4:6443') as {
      body: { kind: string; items: { metadata: { name: string } }[] };
      contentType: string;
    };
    expect(agg.contentType).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    expect(agg.body.items.map((i) => i.metadata.name)).toEqual(['']);
  });
  it('lists resources with verbs and short names; policy/v1 from 1.21, v1beta1 until 1.24', () => {
    const v1 = discovery(30, '/api/v1', 'application/json', 'x') as {
      body: { resources: { name: string; shortNames?: string[]; verbs: string[] }[] };
    };
    const pods = v1.body.resources.find((r) => r.name === 'pods');
    expect(pods?.shortNames).toEqual(['po']);
    expect(pods?.verbs).toContain('watch');
    expect(v1.body.resources.find((r) => r.name === 'pods/eviction')).toMatchObject({
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
    });
    expect(lookup(20, 'policy', 'v1', 'poddisruptionbudgets')).toBeUndefined();
    expect(lookup(24, 'policy', 'v1beta1', 'poddisruptionbudgets')).toBeDefined();
    expect(lookup(25, 'policy', 'v1beta1', 'poddisruptionbudgets')).toBeUndefined();
    expect(discovery(30, '/apis/nosuch.example.com/v1', '', 'x')).toEqual({ notFound: true });
  });
});

describe('patches', () => {
  const pod = {
    kind: 'Pod',
    metadata: { labels: { a: '1', b: '2' } },
    spec: {
      containers: [
        { name: 'web', image: 'nginx:1', env: [{ name: 'X', value: '1' }] },
        { name: 'side', image: 'busybox' },
      ],
    },
  };
  it('strategic merge: lists merge by their patchMergeKey, $patch: delete removes an item', () => {
    const out = smp(pod, {
      metadata: { labels: { b: null, c: '3' } },
      spec: {
        containers: [
          { name: 'web', image: 'nginx:2' },
          { name: 'side', $patch: 'delete' },
        ],
      },
    }) as typeof pod;
    expect(out.metadata.labels).toEqual({ a: '1', c: '3' });
    expect(out.spec.containers).toEqual([
      { name: 'web', image: 'nginx:2', env: [{ name: 'X', value: '1' }] },
    ]);
  });
  it('merge patch replaces lists; JSON patch applies operations and tests', () => {
    const m = applyPatch(
      pod,
      { spec: { containers: [] } },
      'application/merge-patch+json',
    ) as typeof pod;
    expect(m.spec.containers).toEqual([]);
    const j = jsonPatch(pod, [
      { op: 'add', path: '/metadata/labels/node-role.kubernetes.io~1x', value: '' },
      { op: 'replace', path: '/spec/containers/1/image', value: 'alpine' },
    ]) as typeof pod;
    expect(j.metadata.labels).toEqual({ a: '1', b: '2', 'node-role.kubernetes.io/x': '' });
    expect(j.spec.containers[1]?.image).toBe('alpine');
    expect(() =>
      jsonPatch(pod, [{ op: 'test', path: '/metadata/labels/a', value: '2' }]),
    ).toThrow();
    expect(() => applyPatch(pod, {}, 'text/plain')).toThrow(/unknown format/);
    expect(() => applyPatch(pod, [1], 'application/merge-patch+json')).toThrow(/cannot unmarshal/);
  });
});

describe('selectors', () => {
  it('labelSelector and fieldSelector as kubectl describe and drain send them', () => {
    const sel = labelSelector('app=web,tier notin (db),!canary');
    expect(sel({ app: 'web', tier: 'front' })).toBe(true);
    expect(sel({ app: 'web', tier: 'db' })).toBe(false);
    expect(sel({ app: 'web', canary: '' })).toBe(false);
    const f = fieldSelector('spec.nodeName=worker1,status.phase!=Failed');
    expect(f({ spec: { nodeName: 'worker1' }, status: { phase: 'Running' } })).toBe(true);
    expect(f({ spec: { nodeName: 'worker1' }, status: { phase: 'Failed' } })).toBe(false);
    expect(() => labelSelector('a b c')).toThrow(/unable to parse requirement/);
  });
});

describe('tables and statuses', () => {
  it('nodes: Ready,SchedulingDisabled and the wide columns at priority 1', () => {
    const node = {
      metadata: {
        name: 'n1',
        creationTimestamp: new Date(Date.now() - 90_000).toISOString(),
        labels: { 'node-role.kubernetes.io/control-plane': '' },
      },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
        nodeInfo: { kubeletVersion: 'v1.30.5' },
      },
    };
    const t = toTable('nodes', [node], '5') as {
      columnDefinitions: { name: string; priority: number }[];
      rows: { cells: unknown[] }[];
    };
    expect(t.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name)).toEqual([
      'Name',
      'Status',
      'Roles',
      'Age',
      'Version',
    ]);
    expect(t.rows[0]?.cells.slice(0, 6)).toEqual([
      'n1',
      'Ready,SchedulingDisabled',
      'control-plane',
      '90s',
      'v1.30.5',
      '10.0.0.1',
    ]);
    expect(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json')).toBe(true);
    expect(wantsTable('application/json')).toBe(false);
  });
  it('Status bodies name the group resource', () => {
    const ds = lookup(30, 'apps', 'v1', 'daemonsets');
    expect(notFound(ds, 'x')).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'daemonsets.apps "x" not found',
    });
    expect(serverTimeout(lookup(30, '', 'v1', 'nodes'), 'list')).toMatchObject({
      code: 500,
      reason: 'ServerTimeout',
      message:
        'The list operation against nodes could not be completed at this time, please try again.',
    });
  });
});

describe('store and watch history', () => {
  it('keeps the real etcd keys and answers a watch from a resourceVersion, or not at all once reset', () => {
    const s = new Store({
      clusterScoped: (r: string) => r === 'nodes',
      kindOf: (r: string) => (r === 'nodes' ? 'Node' : 'Pod'),
    });
    s.put('nodes', '', { metadata: { name: 'n1' } });
    const rv = s.rv as number;
    s.put('pods', 'default', { metadata: { name: 'p' } });
    s.del('pods', 'default', 'p');
    expect([...(s.objects as Map<string, unknown>).keys()]).toEqual(['/registry/minions/n1']);
    expect((s.since('pods', rv) as { type: string }[]).map((e) => e.type)).toEqual([
      'ADDED',
      'DELETED',
    ]);
    let reset = false;
    s.watchers.add((e: { type: string }) => (reset ||= e.type === 'RESET'));
    s.load([], 100);
    expect(reset).toBe(true);
    expect(s.since('pods', rv)).toBeUndefined();
  });
});

describe('openapi', () => {
  it('v3 has a PATCH with fieldValidation per kind; v2 protobuf is a gnostic Document', () => {
    const root = openapi(30, 'v1.30.5', '/openapi/v3', 'application/json') as {
      body: { paths: Record<string, { serverRelativeURL: string }> };
    };
    const url = root.body.paths['apis/apps/v1']?.serverRelativeURL ?? '';
    const doc = openapi(30, 'v1.30.5', url.split('?')[0] ?? '', 'application/json') as {
      body: { paths: Record<string, { patch: Json & { parameters: { name: string }[] } }> };
    };
    const ds = doc.body.paths['/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}'];
    expect(ds?.patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      kind: 'DaemonSet',
      version: 'v1',
    });
    expect(ds?.patch.parameters.map((p) => p.name)).toContain('fieldValidation');
    const pb = openapi(
      30,
      'v1.30.5',
      '/openapi/v2',
      'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
    ) as { body: Buffer; contentType: string };
    // field 1 (swagger, wire type 2) = "2.0", then field 2 (info).
    expect([...pb.body.subarray(0, 5)]).toEqual([0x0a, 3, 0x32, 0x2e, 0x30]);
    expect(pb.body[5]).toBe(0x12);
    expect(pb.contentType).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
  });
});
