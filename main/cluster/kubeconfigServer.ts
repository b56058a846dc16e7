import { isIP } from 'node:net';
import { isSeq, parseDocument } from 'yaml';
import { AppError } from '../../common/model/appError';

/**
 * The admin kubeconfig as the desktop should receive it.
 *
 * kubeadm writes admin.conf's `clusters[].cluster.server` as the control-plane endpoint: the
 * plan's `controlPlaneEndpoint` when set (its port, else bindPort), otherwise
 * `https://<advertiseAddress>:<bindPort>` — GetControlPlaneEndpoint in
 * https://github.com/kubernetes/kubernetes/blob/v1.30.0/cmd/kubeadm/app/util/endpoint.go, used for
 * every kubeconfig by getKubeConfigSpecsBase in
 * https://github.com/kubernetes/kubernetes/blob/v1.30.0/cmd/kubeadm/app/phases/kubeconfig/kubeconfig.go
 * ("admin.conf … the API server address": https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/implementation-details/).
 *
 * The rule: the recorded server is KEPT when the desktop can reach it as written —
 *  - its host is a DNS name (a controlPlaneEndpoint the admin chose for clients, e.g. a load
 *    balancer's name: bypassing it would defeat HA), or
 *  - its host is the plan's controlPlaneEndpoint host, even an IP (a load balancer's or a virtual
 *    IP the admin set for clients), or
 *  - its host is the very address kubelab reaches the control plane through over SSH.
 * Otherwise the host is an IP the desktop has no proof of reaching (the advertise address on a
 * private interface, behind NAT, a second NIC), so the server becomes
 * `https://<address kubelab reaches the node by>:<bindPort>`, and `tls-server-name` is set to the
 * recorded host: the API server's certificate names the advertise address, not the address seen
 * from outside, and kubeconfig's tls-server-name is the name the certificate is checked against
 * (https://kubernetes.io/docs/reference/config-api/kubeconfig.v1/#Cluster).
 */
export interface ServerRewriteInput {
  /** admin.conf as read from the node. A secret: it holds the admin's client key. */
  kubeconfig: string;
  /** How kubelab reaches the first control plane (NodeSpec.address). */
  reachableAddress: string;
  bindPort: number;
  /** The plan's controlPlaneEndpoint (`host` or `host:port`), when set. */
  controlPlaneEndpoint?: string;
}

export interface ServerRewriteOutput {
  kubeconfig: string;
  /** The server URL(s) as they end up in the file (not secret). */
  servers: string[];
  rewritten: boolean;
}

/** Never the parser's message: YAML errors quote the source, and the source holds a key. */
const unreadable = (why: string): AppError =>
  new AppError({
    code: 'kubeconfig_unreadable',
    message: `The control plane's /etc/kubernetes/admin.conf is not a kubeconfig kubelab can read (${why}).`,
  });

function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/** `https://h:p` → its host without IPv6 brackets, or undefined when it is not a URL. */
function hostOf(server: string): string | undefined {
  try {
    const host = new URL(server).hostname;
    return host.startsWith('[') ? host.slice(1, -1) : host;
  } catch {
    return undefined;
  }
}

/** Whether the desktop reaches `host` as written (see the rule above). */
export function keepsServer(
  host: string,
  reachableAddress: string,
  controlPlaneEndpoint?: string,
): boolean {
  if (isIP(host) === 0 || host === reachableAddress) return true;
  return controlPlaneEndpoint !== undefined && hostOf(`https://${controlPlaneEndpoint}`) === host;
}

export function rewriteServer(input: ServerRewriteInput): ServerRewriteOutput {
  const doc = parseDocument(input.kubeconfig, { prettyErrors: false });
  if (doc.errors.length > 0) throw unreadable('not valid YAML');
  const clusters: unknown = doc.get('clusters');
  if (!isSeq(clusters) || clusters.items.length === 0) throw unreadable('no clusters');
  const items = clusters.items;
  const servers: string[] = [];
  let rewritten = false;
  items.forEach((_item, i) => {
    const server: unknown = doc.getIn(['clusters', i, 'cluster', 'server']);
    if (typeof server !== 'string') throw unreadable(`cluster ${i + 1} has no server`);
    const host = hostOf(server);
    if (host === undefined) throw unreadable(`cluster ${i + 1}'s server is not a URL`);
    if (keepsServer(host, input.reachableAddress, input.controlPlaneEndpoint)) {
      servers.push(server);
      return;
    }
    const next = `https://${urlHost(input.reachableAddress)}:${input.bindPort}`;
    doc.setIn(['clusters', i, 'cluster', 'server'], next);
    if (!doc.hasIn(['clusters', i, 'cluster', 'tls-server-name']))
      doc.setIn(['clusters', i, 'cluster', 'tls-server-name'], host);
    servers.push(next);
    rewritten = true;
  });
  return {
    kubeconfig: rewritten ? doc.toString({ lineWidth: 0 }) : input.kubeconfig,
    servers,
    rewritten,
  };
}
