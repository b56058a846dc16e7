// Issue 20 on the practice lab: a Docker cluster on 1.23.17 (scenario docker-1.23) asked to go to
// 1.24. dockershim is removed in 1.24, so kubelab's run is the Docker → containerd migration
// first, one node at a time (drain, stop the kubelet and Docker, containerd configured, the
// kubelet's flags file, the Node's cri-socket annotation, uncordon), and the project then records
// containerd; the hop itself is the next run. The lab kubelet picks its runtime the way the real
// one is pointed at it (kubeadm-flags.env's --container-runtime-endpoint, the running daemons),
// and reports it as containerRuntimeVersion. Own lab instance (40, RUNTIME_MIGRATION_LAB_INSTANCE).
// Needs root.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSuite } from '../labSuite';

const suite = labSuite({
  name: 'runtime-migration',
  instanceVar: 'RUNTIME_MIGRATION_LAB_INSTANCE',
  defaultInstance: '40',
  env: { LANG: 'C' },
});
const { project, kubelab, onNode } = suite;

const KUBECTL = 'kubectl --kubeconfig /etc/kubernetes/admin.conf';
const ENDPOINT = 'unix:///run/containerd/containerd.sock';

beforeAll(() => suite.setUp('docker-1.23'), 300_000);

afterAll(() => {
  expect(suite.tearDown()).toBe(0);
});

describe('Docker → containerd before the hop into 1.24, on the lab', () => {
  it('installs 1.23.17 on Docker', () => {
    const apply = kubelab('apply', '-f', project, '--accept-new-host-keys');
    expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);
    const nodes = onNode('master1', `${KUBECTL} get nodes -o wide`);
    expect(nodes).toMatch(/^node1\s+Ready\s+.*docker:\/\/20\.10\.\d+$/m);
  }, 300_000);

  it('the run to 1.24 moves every node to containerd and records it; the hop is next', () => {
    const r = kubelab('upgrade', '--to', '1.24', '--yes', '-f', project, '--no-snapshot');
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stderr).toContain('this run moves every node from Docker to containerd');
    expect(r.stderr).toContain('every node runs containerd');
    const nodes = onNode('master1', `${KUBECTL} get nodes -o wide`);
    for (const n of ['master1', 'node1']) {
      // Ready and uncordoned (no SchedulingDisabled), still on 1.23.17, on containerd.
      expect(nodes).toMatch(
        new RegExp(`^${n}\\s+Ready\\s+\\S+\\s+\\S+\\s+v1\\.23\\.17\\s.*containerd://\\S+$`, 'm'),
      );
      expect(onNode('master1', `${KUBECTL} get node ${n} -o json`)).toContain(
        `"kubeadm.alpha.kubernetes.io/cri-socket": "${ENDPOINT}"`,
      );
    }
    const flags = onNode('node1', 'cat /var/lib/kubelet/kubeadm-flags.env');
    expect(flags).toContain(`--container-runtime=remote --container-runtime-endpoint=${ENDPOINT}`);
    expect(flags).not.toContain('--network-plugin');
    expect(onNode('node1', 'systemctl is-enabled docker || true').trim()).toBe('disabled');
    const saved = readFileSync(project, 'utf8');
    expect(saved).toMatch(/^\s+runtime: containerd$/m);
    expect(saved).toMatch(/^\s+kubernetesVersion: "?1\.23\.17"?$/m);
    // The next run is the hop itself, on containerd.
    const next = kubelab('upgrade', '--to', '1.24', '--dry-run', '-f', project);
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('containerd kept.');
  }, 300_000);
});
