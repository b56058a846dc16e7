import type { KubernetesMinor } from './kubernetesVersions';

/**
 * How the control plane runs and how its health is checked, per version.
 *
 * The guide describes three modes: standalone daemons (not something kubeadm does), static Pods
 * (kubeadm's default) and self-hosted. It says to pass `--feature-gates=SelfHosting=true` to
 * `kubeadm init`; that gate was removed in 1.13 (kubernetes/kubernetes#69878), so for the guide's
 * 1.18 the only route is `kubeadm alpha selfhosting pivot` after a static-Pod init, and that
 * command was removed in 1.21 (kubernetes/kubernetes#97627). kubelab offers self-hosting only where
 * the pivot exists and says so everywhere else.
 *
 * Health: `kubectl get cs` (ComponentStatus) is deprecated since 1.19 and reports nothing useful
 * for a kubeadm cluster with secure ports; the API server's `/readyz?verbose` lists every check.
 */

export const CONTROL_PLANE_MODES = ['static-pod', 'self-hosted'] as const;
export type ControlPlaneMode = (typeof CONTROL_PLANE_MODES)[number];

export interface ControlPlaneModeInfo {
  mode: ControlPlaneMode;
  available: boolean;
  /** How kubelab brings it about, or why it cannot. */
  note: { en: string; zh: string };
}

export function controlPlaneModes(entry: KubernetesMinor): ControlPlaneModeInfo[] {
  const pivot = entry.selfHosting === 'pivot';
  return [
    {
      mode: 'static-pod',
      available: true,
      note: {
        en: 'kubeadm default: etcd and the control-plane components run as static Pods from /etc/kubernetes/manifests.',
        zh: 'kubeadm 默认模式：etcd 与控制平面组件以静态 Pod 运行（/etc/kubernetes/manifests）。',
      },
    },
    {
      mode: 'self-hosted',
      available: pivot,
      note: pivot
        ? {
            en: 'Static-Pod init, then `kubeadm alpha selfhosting pivot` (deprecated in 1.20). The --feature-gates=SelfHosting flag the guide shows was removed in 1.13.',
            zh: '先以静态 Pod 初始化，再执行 `kubeadm alpha selfhosting pivot`（1.20 起弃用）。指南中的 --feature-gates=SelfHosting 已在 1.13 移除。',
          }
        : {
            en: `Not offered for 1.${entry.minor}: kubeadm removed self-hosting support in 1.21 (the SelfHosting feature gate already in 1.13).`,
            zh: `1.${entry.minor} 不提供：kubeadm 在 1.21 移除了自托管支持（SelfHosting 特性门控早在 1.13 已移除）。`,
          },
    },
  ];
}

export interface HealthCommands {
  /** Control-plane health, run on the first control-plane node with the admin kubeconfig. */
  controlPlane: string;
  /** What the guide ran, and whether it still works on this version. */
  legacy: { command: string; deprecated: boolean };
  nodes: string;
  systemPods: string;
}

export function healthCommands(entry: KubernetesMinor): HealthCommands {
  return {
    controlPlane:
      entry.minor >= 19 ? "kubectl get --raw='/readyz?verbose'" : 'kubectl get componentstatuses',
    legacy: { command: 'kubectl get cs', deprecated: entry.minor >= 19 },
    nodes: 'kubectl get nodes -o wide',
    systemPods: 'kubectl get pods -n kube-system -o wide',
  };
}
