import type { HostFacts } from '../model/facts';
import type { NodeSpec } from '../model/node';
import type { ProbeStatus, SystemPod, Verification } from '../model/verification';
import type { NodeHealth } from './model';
import { verifiedNode } from './buildSummary';

/** A static pod's health as the verification saw its mirror pod; unknown: not seen. */
export interface PodHealth {
  status: ProbeStatus;
  /** The pod's STATUS column (`Running`, `CrashLoopBackOff`), the cluster's own words. */
  detail?: string;
}

/**
 * The names this control plane's kubelet gives its static pods' mirror pods. The kubelet names a
 * mirror pod `<manifest name>-<node name in lower case>` (kubernetes pkg/kubelet/config/common.go,
 * generatePodName: `fmt.Sprintf("%s-%s", name, strings.ToLower(string(nodeName)))`), and kubeadm's
 * manifests are named `kube-apiserver` and `etcd` (cmd/kubeadm/app/constants/constants.go,
 * KubeAPIServer / Etcd). The node name is the one Kubernetes knows, else the spec's or hostname.
 */
function mirrorPodNames(
  component: 'kube-apiserver' | 'etcd',
  spec: NodeSpec,
  facts: HostFacts | undefined,
  v: Verification,
): string[] {
  const names = [verifiedNode(spec, facts, v)?.name, spec.name, facts?.hostname];
  return names.filter((n): n is string => Boolean(n)).map((n) => `${component}-${n.toLowerCase()}`);
}

/** kube-system's mirror pod of `component` on this control plane: ready → ok, else failed. */
export function staticPodHealth(
  component: 'kube-apiserver' | 'etcd',
  spec: NodeSpec,
  facts: HostFacts | undefined,
  v: Verification | undefined,
): PodHealth {
  if (!v) return { status: 'unknown' };
  const names = mirrorPodNames(component, spec, facts, v);
  const pod: SystemPod | undefined = v.systemPods.find(
    (p) => p.namespace === 'kube-system' && names.includes(p.name),
  );
  if (!pod) return { status: 'unknown' };
  return { status: pod.ready ? 'ok' : 'failed', detail: pod.status };
}

/** The node as `kubectl get nodes` listed it: Ready / NotReady, unknown when not listed. */
export function controlPlaneNodeHealth(
  spec: NodeSpec,
  facts: HostFacts | undefined,
  v: Verification | undefined,
): NodeHealth {
  const node = verifiedNode(spec, facts, v);
  if (!node) return 'unknown';
  return node.ready ? 'ready' : 'not-ready';
}
