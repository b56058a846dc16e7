// Types of ./upgrade.mjs for the unit tests that hold its wording against published kubeadm output.
export interface KubeVersion {
  full: string;
  major: number;
  minor: number;
  patch: number;
}
export interface PolicyErrors {
  mandatory: string[];
  skippable: string[];
}
export function kubeletConfigMap(v: KubeVersion): string;
export function applyHeader(newer: boolean): string[];
export function successLines(target: KubeVersion, newer: boolean): string[];
export function movedLine(component: string, backup: string): string;
export function versionPolicy(
  cluster: KubeVersion,
  kubeadm: KubeVersion,
  target: KubeVersion,
): PolicyErrors;
export function policyFatal(errors: PolicyErrors, force: boolean, newer: boolean): string | undefined;
