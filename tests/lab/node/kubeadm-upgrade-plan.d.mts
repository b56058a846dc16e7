// Types of ./kubeadm-upgrade-plan.mjs for the unit tests that hold its output against kubeadm's.
export interface PlanState {
  kubeadm: string;
  cluster: string;
  target: string;
  kubelets: { node: string; version: string }[];
  controlPlanes: string[];
  etcdBefore: string;
  corednsBefore: string;
}
export interface Addons {
  etcd: string;
  coredns: string;
  etcdFallback?: string;
}
export function tabwrite(rows: string[][]): string[];
export function plannedAddons(kubeadm: string, target: string): Addons;
export function planOutput(
  s: PlanState,
  opts?: { era?: number; addons?: Addons },
): { stdout: string[]; stderr: string[] };
export function planHeader(kubeadmMinor: number): string[];
