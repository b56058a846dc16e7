import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { guideNodes, guidePlan, modernPlan } from '../../common/plan/presets';
import { kubeconfigUserGroup, kubeletConfState } from '../../common/certs/kubeletConf';
import type { Remote } from '../engine/remote';
import type { StepContext, StepOutputs } from '../engine/step';
import { kubeletConf } from './kubelet-conf';
import { kubeletConfIssue } from './kubelet-conf-issue';
import { noTransfers } from '../../tests/fakes/noTransfers';

const nodes = guideNodes();
const [master1, node1] = nodes;
if (!master1 || !node1) throw new Error('the guide has a control plane and workers');

function ctxFor(
  node: NodeSpec,
  plan: ClusterPlan,
  outputs: Record<string, StepOutputs>,
  dryRun = false,
): StepContext<ClusterPlan> {
  const refuse = (): never => {
    throw new Error('no node in this test');
  };
  const remote: Remote = {
    nodeId: node.id,
    exec: refuse,
    startDetached: refuse,
    followDetached: refuse,
    upload: refuse,
    download: refuse,
    ...noTransfers,
  };
  return {
    runId: 'r',
    node,
    nodes,
    plan,
    params: {},
    remote,
    dryRun,
    signal: new AbortController().signal,
    outputsOf: async (step, nodeId) => outputs[`${step}@${nodeId ?? node.id}`] ?? {},
    log: () => undefined,
  };
}

describe('kubeconfigUserGroup', () => {
  it('is `alpha kubeconfig` before 1.21 and `kubeconfig` from 1.21 (kubernetes#97583)', () => {
    expect(kubeconfigUserGroup(18)).toBe('alpha kubeconfig');
    expect(kubeconfigUserGroup(20)).toBe('alpha kubeconfig');
    expect(kubeconfigUserGroup(21)).toBe('kubeconfig');
    expect(kubeconfigUserGroup(33)).toBe('kubeconfig');
  });
});

describe('kubeletConfState', () => {
  it('reads the inspection; a name that is not a Node name is refused, not signed', () => {
    expect(kubeletConfState({ needed: 'yes', nodeName: 'node1', reason: 'expired' })).toEqual({
      needed: true,
      nodeName: 'node1',
      reason: 'expired',
    });
    expect(kubeletConfState({ needed: 'no', nodeName: 'master1' }).needed).toBe(false);
    for (const bad of ['', 'Node1', 'a/../../etc', 'x y', '-a'])
      expect(() => kubeletConfState({ needed: 'yes', nodeName: bad })).toThrow(/not a Node name/);
  });
});

describe('kubelet-conf-issue', () => {
  it('runs on the first control plane for a worker, with the command of the plan’s kubeadm', async () => {
    expect(kubeletConfIssue.runsOn?.(node1, nodes)?.id).toBe(master1.id);
    const found = { [`kubelet-conf-inspect@${node1.id}`]: { needed: 'yes', nodeName: 'node1' } };
    const old = (await kubeletConfIssue.apply(ctxFor(node1, guidePlan(), found))).env;
    expect(old).toMatchObject({
      NEEDED: 'yes',
      NODE_NAME: 'node1',
      USER_GROUP: 'alpha kubeconfig',
      KL_MODE: 'apply',
    });
    const modern = (await kubeletConfIssue.apply(ctxFor(node1, modernPlan(), found))).env;
    expect(modern.USER_GROUP).toBe('kubeconfig');
  });

  it('keeps the issued kubelet.conf out of the persisted state', () => {
    expect(kubeletConfIssue.secretOutputs).toEqual(['kubeletConf']);
  });

  it('a dry run shows the placeholder and signs nothing', async () => {
    const found = { [`kubelet-conf-inspect@${node1.id}`]: { nodeName: '<kubelet-conf-inspect>' } };
    const env = (await kubeletConfIssue.apply(ctxFor(node1, guidePlan(), found, true))).env;
    expect(env.NEEDED).toBe('unknown');
  });
});

describe('kubelet-conf', () => {
  it('installs the kubelet.conf issued for this very node', async () => {
    const outputs = {
      [`kubelet-conf-issue@${node1.id}`]: { kubeletConf: 'Zm9yIG5vZGUx' },
      [`kubelet-conf-issue@${master1.id}`]: { kubeletConf: 'Zm9yIG1hc3RlcjE=' },
    };
    const env = (await kubeletConf.apply(ctxFor(node1, guidePlan(), outputs))).env;
    expect(env.KUBELET_CONF_B64).toBe('Zm9yIG5vZGUx');
    expect(env.WARN_DAYS).toBe('30');
  });
});
