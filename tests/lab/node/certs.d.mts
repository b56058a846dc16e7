// Types of ./certs.mjs for the unit tests that hold its output against published kubeadm output.
export interface TableRow {
  name: string;
  authority: boolean;
  expires?: Date;
  signedBy?: string;
  external: boolean;
}
export interface KubeVersion {
  full: string;
  major: number;
  minor: number;
  patch: number;
}
export function tabwriter(lines: string[][]): string[];
export function kubeadmDate(d: Date): string;
export function shortHumanDuration(ms: number): string;
export function formatTables(rows: TableRow[], now: number): string[];
export function checkExpirationTable(
  V: KubeVersion,
  dirs: { pkiDir: string; kubeconfigDir: string },
  now: number,
): string[];
export interface TokenRow {
  token: string;
  ttl: string;
  expires: string;
  usages: string;
  description: string;
  groups: string;
}
export function tokenListLines(tokens: TokenRow[]): string[];
export interface RenewHandler {
  name: string;
  long: string;
  caName: string;
  ca: string;
  file?: string;
  kubeconfig?: string;
  etcd?: boolean;
  minMinor?: number;
}
export type RenewOutcome = 'renewed' | 'missing' | 'external';
export const RENEW_HANDLERS: RenewHandler[];
export function renewHandlers(V: KubeVersion, opts: { localEtcd: boolean }): RenewHandler[];
export function renewLines(
  V: KubeVersion,
  results: { handler: RenewHandler; outcome: RenewOutcome }[],
  opts: { all: boolean; config?: ClusterConfigRead },
): string[];
export function renewCertificate(
  h: RenewHandler,
  dirs: { pkiDir: string; kubeconfigDir: string },
  now: number,
): RenewOutcome;
/** How a certs command read the cluster's configuration (./certs.mjs configLines). */
export type ClusterConfigRead = 'read' | 'fallback' | 'no-client';
export function configLines(prefix: string, config: ClusterConfigRead): string[];
