import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { CHECK_NEEDED_EXIT } from '../engine/step';
import { runInstall } from '../engine/runner';
import { composeScript } from './scriptStep';
import { RUNTIME_MIGRATION_STEPS, runtimeDrain } from './runtimeMigration';
import drainScript from './scripts/runtime-drain.sh?raw';
import kubeletScript from './scripts/runtime-kubelet.sh?raw';
import stopDockerScript from './scripts/runtime-stop-docker.sh?raw';
import uncordonScript from './scripts/runtime-uncordon.sh?raw';

/**
 * The Docker → containerd steps decide "done" from the node's state. The node's tools are
 * stand-ins on PATH: systemctl answering from files, kubectl printing what the real one prints
 * for the wide node table and for the jsonpath the scripts ask.
 */
const dir = mkdtempSync(join(tmpdir(), 'kubelab-runtime-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FLAGS_ENV = join(dir, 'kubeadm-flags.env');
const ACTIVE = join(dir, 'active');
const CALLS = join(dir, 'calls');
const ENDPOINT = 'unix:///run/containerd/containerd.sock';

function tool(name: string, body: string): void {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/bash\n${body}\n`);
  chmodSync(file, 0o755);
}

/** systemctl: is-active / is-enabled read the unit's line in ACTIVE; the rest is recorded. */
tool(
  'systemctl',
  `echo "systemctl $*" >> '${CALLS}'
case $1 in
  is-active) grep -qx "$3 active" '${ACTIVE}' ;;
  is-enabled) grep -qx "$3 enabled" '${ACTIVE}' ;;
  *) exit 0 ;;
esac`,
);

function run(script: string, mode: 'check' | 'apply', env: Record<string, string>) {
  const r = spawnSync('bash', ['-c', composeScript(script)], {
    env: { PATH: `${dir}:/usr/bin:/bin`, KL_MODE: mode, KL_STEP: 'test', ...env },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

const nodeEnv = { CONTAINERD_ENDPOINT: ENDPOINT, FLAGS_ENV };
/**
 * kubeadm 1.23's file for a Docker node: --network-plugin=cni and the pause image
 * (cmd/kubeadm/app/phases/kubelet/flags.go, buildKubeletArgMapCommon, v1.23.17).
 */
const DOCKER_FLAGS =
  'KUBELET_KUBEADM_ARGS="--network-plugin=cni --pod-infra-container-image=k8s.gcr.io/pause:3.6"\n';

beforeEach(() => {
  writeFileSync(CALLS, '');
});

describe('runtime-stop-docker', () => {
  it('is needed while the kubelet or Docker runs, done once both are stopped and disabled', () => {
    writeFileSync(FLAGS_ENV, DOCKER_FLAGS);
    writeFileSync(ACTIVE, 'kubelet active\ndocker active\ndocker enabled\n');
    expect(run(stopDockerScript, 'check', nodeEnv).code).toBe(CHECK_NEEDED_EXIT);
    writeFileSync(ACTIVE, 'docker enabled\n');
    expect(run(stopDockerScript, 'check', nodeEnv).code).toBe(CHECK_NEEDED_EXIT);
    writeFileSync(ACTIVE, '');
    expect(run(stopDockerScript, 'check', nodeEnv).code).toBe(0);
  });

  it('passes by a node whose kubelet already points at containerd', () => {
    writeFileSync(
      FLAGS_ENV,
      `KUBELET_KUBEADM_ARGS="--container-runtime=remote --container-runtime-endpoint=${ENDPOINT}"\n`,
    );
    writeFileSync(ACTIVE, 'kubelet active\ndocker active\ndocker enabled\n');
    const r = run(stopDockerScript, 'check', nodeEnv);
    expect(r.code).toBe(0);
    expect(r.out).toContain('already uses unix:///run/containerd/containerd.sock');
  });

  it('stops the kubelet, then disables Docker with --now, as the task says', () => {
    writeFileSync(FLAGS_ENV, DOCKER_FLAGS);
    writeFileSync(ACTIVE, '');
    expect(run(stopDockerScript, 'apply', nodeEnv).code).toBe(0);
    expect(readFileSync(CALLS, 'utf8')).toContain(
      'systemctl stop kubelet\nsystemctl disable docker.service --now\n',
    );
  });
});

describe('runtime-kubelet', () => {
  it('points the flags file at containerd, keeps the other flags and the Docker copy, starts the kubelet', () => {
    writeFileSync(FLAGS_ENV, DOCKER_FLAGS);
    writeFileSync(ACTIVE, '');
    expect(run(kubeletScript, 'check', nodeEnv).code).toBe(CHECK_NEEDED_EXIT);
    // The stand-in kubelet is running once started.
    writeFileSync(ACTIVE, 'kubelet active\n');
    const r = run(kubeletScript, 'apply', nodeEnv);
    expect(r.code, r.out).toBe(0);
    expect(readFileSync(FLAGS_ENV, 'utf8')).toBe(
      `KUBELET_KUBEADM_ARGS="--pod-infra-container-image=k8s.gcr.io/pause:3.6 --container-runtime=remote --container-runtime-endpoint=${ENDPOINT}"\n`,
    );
    expect(readFileSync(`${FLAGS_ENV}.docker`, 'utf8')).toBe(DOCKER_FLAGS);
    expect(readFileSync(CALLS, 'utf8')).toContain('systemctl start kubelet');
    // Run again, nothing changes: the file is already right.
    expect(run(kubeletScript, 'apply', nodeEnv).code).toBe(0);
    expect(readFileSync(FLAGS_ENV, 'utf8')).toContain(`--container-runtime-endpoint=${ENDPOINT}"`);
  });

  it('refuses a node without kubeadm’s flags file', () => {
    rmSync(FLAGS_ENV, { force: true });
    const r = run(kubeletScript, 'apply', nodeEnv);
    expect(r.code).toBe(1);
    expect(r.out).toContain('kubeadm-flags.env is missing');
    expect(existsSync(FLAGS_ENV)).toBe(false);
  });
});

const WIDE = [
  'NAME      STATUS                     ROLES    AGE   VERSION    INTERNAL-IP      EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION     CONTAINER-RUNTIME',
  'node1     Ready,SchedulingDisabled   <none>   5m    v1.23.17   192.168.100.116  <none>        Ubuntu 20.04.6 LTS   5.4.0-150-generic  containerd://1.6.33',
].join('\n');

interface NodeState {
  runtime: string;
  status?: string;
  socket?: string;
  unschedulable?: string;
}

/** kubectl answering the wide table and what the scripts ask of node1, as kubectl prints it. */
function kubectl(node: NodeState): void {
  const json = JSON.stringify(
    {
      kind: 'Node',
      metadata: {
        name: 'node1',
        annotations: node.socket ? { 'kubeadm.alpha.kubernetes.io/cri-socket': node.socket } : {},
      },
    },
    null,
    4,
  );
  tool(
    'kubectl',
    `args="$*"
echo "kubectl $args" >> '${CALLS}'
case "$args" in
  *"get nodes -o wide"*) cat <<'OUT'
${WIDE}
OUT
  ;;
  *"get node node1 -o jsonpath={.status.nodeInfo.containerRuntimeVersion}"*) printf '%s' '${node.runtime}' ;;
  *"get node node1 -o jsonpath={.spec.unschedulable}"*) printf '%s' '${node.unschedulable ?? ''}' ;;
  *"get node node1 --no-headers"*) echo 'node1     ${node.status ?? 'Ready'}   <none>   5m    v1.23.17' ;;
  *"get node node1 -o json"*) cat <<'OUT'
${json}
OUT
  ;;
  *) exit 0 ;;
esac`,
  );
}

const cpEnv = {
  TARGET_IP: '192.168.100.116',
  CONTAINERD_ENDPOINT: ENDPOINT,
  CRI_SOCKET_ANNOTATION: 'kubeadm.alpha.kubernetes.io/cri-socket',
  TIMEOUT_S: '1',
  DRAIN_FLAGS: '--delete-emptydir-data',
  DRAIN_TIMEOUT: '120s',
};

describe('runtime-drain and runtime-uncordon', () => {
  it('drain: needed while the Node reports Docker, done once it reports containerd', () => {
    kubectl({ runtime: 'docker://20.10.24' });
    expect(run(drainScript, 'check', cpEnv).code).toBe(CHECK_NEEDED_EXIT);
    kubectl({ runtime: 'containerd://1.6.33' });
    expect(run(drainScript, 'check', cpEnv).code).toBe(0);
  });

  it('uncordon: done only with containerd, Ready, the annotation and the node schedulable', () => {
    const moved = { runtime: 'containerd://1.6.33', socket: ENDPOINT };
    kubectl(moved);
    expect(run(uncordonScript, 'check', cpEnv).code).toBe(0);
    kubectl({ ...moved, status: 'Ready,SchedulingDisabled', unschedulable: 'true' });
    expect(run(uncordonScript, 'check', cpEnv).code).toBe(CHECK_NEEDED_EXIT);
    kubectl({ ...moved, status: 'NotReady' });
    expect(run(uncordonScript, 'check', cpEnv).code).toBe(CHECK_NEEDED_EXIT);
    kubectl({ ...moved, socket: '/var/run/dockershim.sock' });
    const r = run(uncordonScript, 'check', cpEnv);
    expect(r.code).toBe(CHECK_NEEDED_EXIT);
    expect(r.out).toContain('cri-socket is /var/run/dockershim.sock');
    kubectl({ ...moved, runtime: 'docker://20.10.24' });
    expect(run(uncordonScript, 'check', cpEnv).code).toBe(CHECK_NEEDED_EXIT);
  });

  it('uncordon: annotates the Node with containerd’s socket, then uncordons it once Ready', () => {
    kubectl({ runtime: 'containerd://1.6.33', status: 'Ready,SchedulingDisabled' });
    const r = run(uncordonScript, 'apply', cpEnv);
    // The stand-in keeps no state: the annotation never shows, so the verification fails after
    // the uncordon; what matters here is what was asked, in order.
    expect(r.out).toContain('node1 runs containerd://1.6.33 and is Ready');
    const calls = readFileSync(CALLS, 'utf8');
    expect(calls).toContain(
      `kubectl --kubeconfig /etc/kubernetes/admin.conf annotate --overwrite node node1 kubeadm.alpha.kubernetes.io/cri-socket=${ENDPOINT}`,
    );
    expect(calls.indexOf('annotate')).toBeLessThan(calls.indexOf('uncordon node1'));
  });
});

describe('the migration run', () => {
  const nodes = guideNodes();
  const plan = { ...guidePlan(), kubernetesVersion: '1.23.17' };

  it('goes one node at a time: a node’s drain waits for the previous node’s uncordon', () => {
    const [master1, node1, node2] = nodes;
    if (!master1 || !node1 || !node2) throw new Error('the guide has three nodes');
    expect(runtimeDrain.after?.(master1, nodes)).toEqual([]);
    expect(runtimeDrain.after?.(node1, nodes)).toEqual([
      { step: 'runtime-uncordon', nodeId: master1.id },
    ]);
    expect(runtimeDrain.after?.(node2, nodes)).toEqual([
      { step: 'runtime-uncordon', nodeId: node1.id },
    ]);
  });

  it('configures containerd with the install’s step for a containerd plan of the same cluster', async () => {
    const result = await runInstall({
      steps: RUNTIME_MIGRATION_STEPS,
      nodes,
      plan,
      params: { to: '1.23.17', migrateRuntime: 'containerd' },
      dryRun: true,
      remoteFor: () => {
        throw new Error('a dry run must not connect');
      },
    });
    const env = (step: string, node = 'node1'): Record<string, string> | undefined =>
      result.rendered?.find((t) => t.stepId === step && t.nodeId === node)?.env;
    expect(env('container-runtime')).toMatchObject({
      RUNTIME: 'containerd',
      CRI_ENDPOINT: ENDPOINT,
    });
    expect(env('container-runtime')?.SANDBOX_IMAGE).toMatch(/pause:3\.6$/);
    expect(env('runtime-drain')).toMatchObject({
      TARGET_IP: '192.168.100.116',
      DRAIN_FLAGS: '--delete-emptydir-data',
    });
    expect(env('runtime-kubelet')).toMatchObject({
      FLAGS_ENV: '/var/lib/kubelet/kubeadm-flags.env',
    });
    // The cluster's health is read first, once, on the first control plane (upgrade-preflight).
    const preflight = result.rendered?.filter((t) => t.stepId === 'upgrade-preflight') ?? [];
    expect(preflight.map((t) => t.nodeId)).toEqual(['master1']);
    expect(result.rendered?.[0]?.stepId).toBe('upgrade-preflight');
  });

  it('no node is drained before the health check: every drain depends on upgrade-preflight', () => {
    expect(runtimeDrain.dependsOn).toContainEqual({
      step: 'upgrade-preflight',
      on: 'control-plane',
    });
  });
});
