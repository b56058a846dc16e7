import { describe, expect, it } from 'vitest';
import { SINGLE_CONTROL_PLANE_STEP_IDS } from '../catalog/steps';
import { guidePlan } from '../plan/presets';
import { PROJECT_SCHEMA_VERSION } from '../model/project';
import { buildReport } from './build';
import { ReportSchema } from './model';
import { guideReportInput } from './testing/guideFixture';

describe('buildReport on the guide cluster', () => {
  const report = buildReport(guideReportInput('en'));

  it('fits its own schema', () => {
    expect(() => ReportSchema.parse(report)).not.toThrow();
  });

  it('summarises the plan', () => {
    expect(report.summary).toMatchObject({
      clusterName: 'kubernetes',
      kubernetesVersion: '1.18.2',
      endpoint: 'https://192.168.100.111:6443',
      runtime: 'docker',
      cni: 'flannel',
      cniVersion: 'v0.14.0',
      imageRepository: 'registry.cn-hangzhou.aliyuncs.com/google_containers',
      podCidr: '10.10.0.0/16',
      serviceCidr: '10.20.0.0/16',
      dnsDomain: 'k8stest.local',
      controlPlaneMode: 'static-pod',
      controlPlaneNodes: 1,
      workerNodes: 3,
      outcome: 'succeeded',
      // One pod-to-pod pair is broken.
      healthy: false,
    });
  });

  it('lists every node with its facts and cluster status', () => {
    expect(report.nodes.map((n) => n.name)).toEqual(['master1', 'node1', 'node2', 'node3']);
    expect(report.nodes[0]).toMatchObject({
      role: 'control-plane',
      os: 'Ubuntu 18.04.4 LTS',
      cpus: 4,
      kubeletVersion: 'v1.18.2',
      runtimeVersion: 'docker://19.3.11',
      status: 'ready',
    });
  });

  it('has every install step in the timeline, in order, with durations and the retry', () => {
    expect(report.timeline.steps.map((s) => s.id)).toEqual([...SINGLE_CONTROL_PLANE_STEP_IDS]);
    expect(report.timeline.tasks.every((t) => (t.durationMs ?? 0) > 0)).toBe(true);
    const retried = report.timeline.tasks.filter((t) => t.attempts > 1);
    expect(retried.map((t) => `${t.stepId}@${t.nodeId}`)).toEqual(['pull-images@node2']);
    expect(report.timeline.retries).toBe(1);
    expect(report.timeline.fixes[0]?.fixId).toBe('pause-image-mirror');
  });

  it('carries the preflight warning, the broken pair and the retry as warnings', () => {
    expect(report.preflight?.counts.warn).toBeGreaterThanOrEqual(1);
    const sources = report.warnings.map((w) => w.source);
    expect(sources).toEqual(expect.arrayContaining(['preflight', 'install', 'verification']));
    const ping = report.network.find((m) => m.probe === 'pod-ping');
    expect(ping).toMatchObject({ phase: 'after-install', broken: 1 });
    expect(report.network.map((m) => m.phase)).toEqual([
      'before-install',
      'before-install',
      'after-install',
    ]);
  });

  it('includes the kubeadm config, a redacted join command and expiry dates', () => {
    expect(report.kubeadmConfig).toContain('podSubnet: 10.10.0.0/16');
    expect(report.addNode.joinCommand).toBe(
      'kubeadm join 192.168.100.111:6443 --token <redacted> --discovery-token-ca-cert-hash sha256:<redacted>',
    );
    expect(report.expiry.map((e) => e.item)).toEqual(
      expect.arrayContaining([
        'bootstrap-token',
        'certificate-key',
        'certificate',
        'certificate-authority',
      ]),
    );
  });

  it('speaks Simplified Chinese when asked', () => {
    const zh = buildReport(guideReportInput('zh-CN'));
    expect(zh.title).toContain('集群报告');
    expect(zh.timeline.steps[0]?.title).toBe('准备操作系统');
    expect(zh.addNode.steps.join('')).toContain('token');
    expect(zh.preflight?.results.some((r) => /[\u4e00-\u9fff]/.test(r.message))).toBe(true);
  });
});

describe('buildReport on a project that never ran', () => {
  it('still reports the plan, says what was not checked and estimates nothing', () => {
    const r = buildReport({
      project: { schemaVersion: PROJECT_SCHEMA_VERSION, nodes: [], plan: guidePlan() },
      lang: 'en',
      generatedAt: '2025-01-01T00:00:00.000Z',
      generator: 'kubelab test',
    });
    expect(r.summary.outcome).toBe('not-run');
    expect(r.summary.healthy).toBeNull();
    expect(r.preflight).toBeNull();
    expect(r.network).toEqual([]);
    expect(r.expiry).toEqual([]);
    expect(r.kubeadmConfig).toContain('kind: ClusterConfiguration');
  });

  it('estimates expiry from kubeadm defaults when the cluster was not asked', () => {
    const input = guideReportInput('en');
    const r = buildReport({ ...input, verification: undefined });
    expect(r.expiry.every((e) => e.source === 'estimated')).toBe(true);
    expect(r.nodes.every((n) => n.status === 'installed')).toBe(true);
  });
});

describe('resolved package strings', () => {
  it('shows what the repository resolved, per node, from the kube-packages outputs', () => {
    const input = guideReportInput('en');
    const task = input.project.runState?.tasks.find(
      (t) => t.stepId === 'kube-packages' && t.nodeId === input.project.nodes[0]?.id,
    );
    if (!task) throw new Error('the guide run has no kube-packages task');
    task.outputs = { kubelet: '1.29.4-2.1', kubeadm: '1.29.4-2.1', kubectl: '1.29.4-2.1' };
    const report = buildReport(input);
    expect(report.nodes[0]?.packages).toBe(
      'kubeadm=1.29.4-2.1 kubectl=1.29.4-2.1 kubelet=1.29.4-2.1',
    );
    // A node whose task recorded no outputs (an older run state) shows nothing, not a guess.
    expect(report.nodes.find((n) => n.name === 'node3')?.packages).toBeUndefined();
  });
});
