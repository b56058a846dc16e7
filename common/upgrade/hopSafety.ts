import { z } from 'zod';
import type { LocalizedText } from '../model/diagnosis';
import { allowedKubeletSkew } from './skew';

/**
 * Is the cluster fit for a hop? Read from `kubectl get nodes -o json` and `kubectl get pods -n
 * kube-system -o json` on the first control plane (only the fields used here are parsed). Every
 * refusal is a sentence naming the node or pod, said before anything of the hop has changed.
 */

const NodeListSchema = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string() }),
      status: z
        .object({
          nodeInfo: z.object({ kubeletVersion: z.string() }).partial().optional(),
          conditions: z.array(z.object({ type: z.string(), status: z.string() })).optional(),
        })
        .optional(),
    }),
  ),
});

const PodListSchema = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string(), namespace: z.string().optional() }),
      status: z
        .object({
          phase: z.string().optional(),
          conditions: z
            .array(
              z.object({ type: z.string(), status: z.string(), reason: z.string().optional() }),
            )
            .optional(),
          containerStatuses: z
            .array(
              z.object({
                name: z.string(),
                state: z
                  .object({ waiting: z.object({ reason: z.string().optional() }).optional() })
                  .optional(),
              }),
            )
            .optional(),
        })
        .optional(),
    }),
  ),
});

export interface LiveNode {
  name: string;
  kubeletVersion: string;
  ready: boolean;
}

/** Why a pod is failing, or undefined for a pod that runs or is on its way. */
export type PodTrouble = { pod: string; reason: string };

/**
 * Container waiting reasons that do not go away by themselves (the kubelet's
 * pkg/kubelet/images/types.go and kuberuntime: ErrImagePull, ImagePullBackOff, InvalidImageName,
 * CreateContainerConfigError, CreateContainerError; pkg/kubelet/container: CrashLoopBackOff).
 */
const STUCK = new Set([
  'CrashLoopBackOff',
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
]);

export function parseNodes(json: string): LiveNode[] {
  return NodeListSchema.parse(JSON.parse(json)).items.map((n) => ({
    name: n.metadata.name,
    kubeletVersion: n.status?.nodeInfo?.kubeletVersion ?? '',
    ready: (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
  }));
}

export function failingPods(json: string): PodTrouble[] {
  const troubles: PodTrouble[] = [];
  for (const p of PodListSchema.parse(JSON.parse(json)).items) {
    const pod = `${p.metadata.namespace ?? 'kube-system'}/${p.metadata.name}`;
    const phase = p.status?.phase;
    const stuck = (p.status?.containerStatuses ?? [])
      .map((c) => c.state?.waiting?.reason)
      .find((r): r is string => r !== undefined && STUCK.has(r));
    const unschedulable = (p.status?.conditions ?? []).find(
      (c) => c.type === 'PodScheduled' && c.status === 'False',
    );
    if (phase === 'Failed' || phase === 'Unknown') troubles.push({ pod, reason: phase });
    else if (stuck) troubles.push({ pod, reason: stuck });
    else if (unschedulable) troubles.push({ pod, reason: unschedulable.reason ?? 'Unschedulable' });
  }
  return troubles;
}

function minorOf(version: string): number | undefined {
  const m = /^v?1\.(\d+)/.exec(version);
  return m ? Number(m[1]) : undefined;
}

/**
 * The refusals before a hop to `hopMinor`: kubelets outside the skew the hop's API server allows
 * (always refused: kubeadm's own preflight would stop midway), then NotReady nodes and failing
 * kube-system pods (refused unless the user accepts an unhealthy cluster).
 */
export function hopRefusals(input: {
  nodes: readonly LiveNode[];
  pods: readonly PodTrouble[];
  hopMinor: number;
  acceptUnhealthy: boolean;
}): LocalizedText[] {
  const out: LocalizedText[] = [];
  const skew = allowedKubeletSkew(input.hopMinor);
  for (const n of input.nodes) {
    const minor = minorOf(n.kubeletVersion);
    if (minor !== undefined && input.hopMinor - minor > skew) {
      out.push({
        en: `${n.name}: kubelet ${n.kubeletVersion} is more than ${skew} minor versions behind 1.${input.hopMinor} (version skew policy); upgrade it first.`,
        zh: `${n.name}：kubelet ${n.kubeletVersion} 落后 1.${input.hopMinor} 超过 ${skew} 个次版本（版本偏差策略）；请先升级它。`,
      });
    }
    if (minor !== undefined && minor > input.hopMinor) {
      out.push({
        en: `${n.name}: kubelet ${n.kubeletVersion} is newer than 1.${input.hopMinor}; a kubelet must never be newer than the API server.`,
        zh: `${n.name}：kubelet ${n.kubeletVersion} 比 1.${input.hopMinor} 更新；kubelet 不能比 API 服务器更新。`,
      });
    }
  }
  if (input.acceptUnhealthy) return out;
  for (const n of input.nodes.filter((x) => !x.ready)) {
    out.push({
      en: `${n.name} is not Ready; fix it or pass --accept-unhealthy to upgrade anyway.`,
      zh: `${n.name} 未处于 Ready；请先修复，或加 --accept-unhealthy 仍然升级。`,
    });
  }
  for (const p of input.pods) {
    out.push({
      en: `kube-system pod ${p.pod} is failing (${p.reason}); fix it or pass --accept-unhealthy to upgrade anyway.`,
      zh: `kube-system 中的 Pod ${p.pod} 运行失败（${p.reason}）；请先修复，或加 --accept-unhealthy 仍然升级。`,
    });
  }
  return out;
}
