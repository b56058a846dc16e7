// Issue 20 on the practice lab: a PodDisruptionBudget with minAvailable = replicas keeps node1's
// only `web` pod, so `kubectl drain node1` during the 1.18.2 → 1.19 hop is refused by the lab API
// server's eviction subresource (HTTP 429, "Cannot evict pod as it would violate the pod's
// disruption budget.", pkg/registry/core/pod/storage/eviction.go) and kubectl retries until its
// --timeout. kubelab names the pod and the budget, stops with node1's kubelet untouched and the
// project still on 1.18.2. With `--drain-blocked skip` the hop completes on master1 and node2 while
// node1 stays on v1.18.2, uncordoned, and the run's last line names it; the next run with
// `--drain-blocked force` (kubectl drain --disable-eviction) picks node1 up from the cluster's
// state. Own lab instance (34, DRAIN_BLOCKED_LAB_INSTANCE). Needs root.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSuite } from '../labSuite';

const suite = labSuite({
  name: 'drain-blocked',
  instanceVar: 'DRAIN_BLOCKED_LAB_INSTANCE',
  defaultInstance: '34',
  env: { LANG: 'C' },
});
const { project, kubelab, onNode } = suite;
const HOP = 'v1.19.16';

// A short drain timeout: kubectl gives up on the budget after 10 s instead of 120 s.
const upgradeArgs = [
  'upgrade',
  '--to',
  '1.19',
  '--yes',
  '-f',
  project,
  '--no-snapshot',
  '--drain-timeout',
  '10',
];

const KUBECTL = 'kubectl --kubeconfig /etc/kubernetes/admin.conf';

// One replica on node1 and a budget that needs it (policy/v1beta1: the 1.18 API server has no
// policy/v1 PodDisruptionBudget, https://kubernetes.io/docs/reference/using-api/deprecation-guide/).
const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {kubernetes.io/hostname: node1}
      containers: [{name: web, image: nginx}]
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: {name: web, namespace: default}
spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}
`;

beforeAll(() => suite.setUp('guide'), 300_000);

afterAll(() => {
  expect(suite.tearDown()).toBe(0);
});

describe('an upgrade hop whose worker drain a PodDisruptionBudget blocks, on the lab', () => {
  it('installs the guide (1.18.2) with a budgeted pod on node1', () => {
    const apply = kubelab('apply', '-f', project, '--accept-new-host-keys');
    expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);
    onNode('master1', `${KUBECTL} apply -f - <<'EOF'\n${WEB}EOF`);
    onNode(
      'master1',
      `for i in $(seq 120); do ${KUBECTL} get pods -l app=web -o wide --no-headers | grep -q ' Running .* node1 ' && exit 0; sleep 0.25; done; exit 1`,
    );
    expect(onNode('master1', `${KUBECTL} get pdb -A --no-headers`)).toMatch(
      /^default\s+web\s+1\s+N\/A\s+0\s/m,
    );
  }, 300_000);

  it('stops at the drain’s timeout naming the pod and its budget; node1 keeps its kubelet', () => {
    // --verbose: kubectl's own lines, as the lab's kubectl prints them, are shown too.
    const blocked = kubelab(...upgradeArgs, '--verbose');
    const said = `${blocked.stdout}\n${blocked.stderr}`;
    expect(blocked.code, said).not.toBe(0);
    // kubectl 1.19's own retry line (k8s.io/kubectl/pkg/drain/drain.go), then kubelab's naming.
    expect(said).toMatch(
      /error when evicting pod "web-[a-z0-9-]+" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./,
    );
    expect(said).toMatch(/blocked: pod web-[a-z0-9-]+: Cannot evict pod/);
    expect(said).toContain('blocking PodDisruptionBudget: default/web');
    expect(said).toContain('kubectl drain node1 did not finish within 10s');
    // The three choices, skip included.
    expect(said).toMatch(
      /Choose: wait .*--drain-blocked wait.*--drain-blocked skip.*--drain-blocked force/,
    );
    expect(readFileSync(project, 'utf8')).toContain('kubernetesVersion: 1.18.2');
    const nodes = onNode('master1', `${KUBECTL} get nodes`);
    // kubectl drain cordoned node1 before the budget stopped it (kubectl's printNode appends
    // SchedulingDisabled for spec.unschedulable).
    expect(nodes).toMatch(/^node1\s+Ready,SchedulingDisabled\s+\S+\s+\S+\s+v1\.18\.2$/m);
    expect(nodes).toMatch(/^node2\s+Ready\s+\S+\s+\S+\s+v1\.18\.2$/m);
    // The budget still holds its pod: nothing was deleted behind it.
    expect(onNode('master1', `${KUBECTL} get pods -l app=web -o wide --no-headers`)).toMatch(
      / Running .* node1 /,
    );
  }, 300_000);

  it('with --drain-blocked skip the hop completes on the others; node1 stays, uncordoned', () => {
    const skipped = kubelab(...upgradeArgs, '--drain-blocked', 'skip');
    const said = `${skipped.stdout}\n${skipped.stderr}`;
    expect(skipped.code, said).toBe(0);
    expect(said).toContain('notice: upgrade skipped: node1 stays on its version');
    expect(skipped.stderr).toContain('the hop to 1.19.16 is done except on node1');
    expect(skipped.stderr).not.toContain('every node is on');
    const nodes = onNode('master1', `${KUBECTL} get nodes`);
    expect(nodes).toMatch(/^node1\s+Ready\s+\S+\s+\S+\s+v1\.18\.2$/m);
    for (const n of ['master1', 'node2'])
      expect(nodes).toMatch(new RegExp(`^${n}\\s+Ready\\s+\\S+\\s+\\S+\\s+${HOP}$`, 'm'));
    expect(readFileSync(project, 'utf8')).toContain('kubernetesVersion: 1.19.16');
  }, 300_000);

  it('the next run with --drain-blocked force takes node1 from the cluster’s state', () => {
    const forced = kubelab(...upgradeArgs, '--drain-blocked', 'force');
    expect(forced.code, `${forced.stdout}\n${forced.stderr}`).toBe(0);
    expect(forced.stderr).toContain('checking every node is on it');
    expect(forced.stdout).toMatch(/^\s+master1\s+already-done$/m);
    expect(readFileSync(project, 'utf8')).toContain('kubernetesVersion: 1.19.16');
    const nodes = onNode('master1', `${KUBECTL} get nodes`);
    for (const n of ['master1', 'node1', 'node2'])
      expect(nodes).toMatch(new RegExp(`^${n}\\s+Ready\\s+\\S+\\s+\\S+\\s+${HOP}$`, 'm'));
  }, 300_000);
});
