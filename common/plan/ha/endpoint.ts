import type { ClusterPlan } from '../../model/plan';

/** `controlPlaneEndpoint` split into host and port (port undefined when not written). */
export interface Endpoint {
  host: string;
  port: number | undefined;
}

/**
 * Splits `host` or `host:port` (the only forms validateText lets through: a DNS name or an IPv4
 * address, optionally with a port). Undefined when unset or malformed.
 */
export function parseEndpoint(text: string | undefined): Endpoint | undefined {
  if (!text) return undefined;
  const match = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match?.[1]) return undefined;
  return { host: match[1], port: match[2] === undefined ? undefined : Number(match[2]) };
}

/** The port clients reach the API on through the endpoint (kubeadm: the bind port if unset). */
export function endpointPort(plan: ClusterPlan): number {
  return parseEndpoint(plan.controlPlaneEndpoint)?.port ?? plan.bindPort;
}

/** Linux interface names: at most 15 bytes (IFNAMSIZ 16 with the NUL), no `/` or whitespace. */
export function isInterfaceName(value: string): boolean {
  return /^[A-Za-z0-9_.:-]{1,15}$/.test(value) && value !== '.' && value !== '..';
}
