import { z } from 'zod';

/**
 * The certificates `kubeadm certs renew <name>` renews, by the names it takes (kubeadm's renewal
 * handlers: cmd/kubeadm/app/phases/certs/renewal/manager.go, the leaf certificates of certlist.go
 * and the kubeconfigs with an embedded client certificate; super-admin.conf from 1.29,
 * kubernetes/website#43540), with the file each one lives in on a control plane. The CAs are not
 * renewed by kubeadm (ten years), nor is kubelet.conf (the kubelet rotates its own certificate).
 */
export const RENEWABLE_CERTS = [
  { name: 'admin.conf', kind: 'kubeconfig', path: '/etc/kubernetes/admin.conf' },
  { name: 'apiserver', kind: 'file', path: '/etc/kubernetes/pki/apiserver.crt' },
  {
    name: 'apiserver-etcd-client',
    kind: 'file',
    path: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
  },
  {
    name: 'apiserver-kubelet-client',
    kind: 'file',
    path: '/etc/kubernetes/pki/apiserver-kubelet-client.crt',
  },
  {
    name: 'controller-manager.conf',
    kind: 'kubeconfig',
    path: '/etc/kubernetes/controller-manager.conf',
  },
  {
    name: 'etcd-healthcheck-client',
    kind: 'file',
    path: '/etc/kubernetes/pki/etcd/healthcheck-client.crt',
  },
  { name: 'etcd-peer', kind: 'file', path: '/etc/kubernetes/pki/etcd/peer.crt' },
  { name: 'etcd-server', kind: 'file', path: '/etc/kubernetes/pki/etcd/server.crt' },
  { name: 'front-proxy-client', kind: 'file', path: '/etc/kubernetes/pki/front-proxy-client.crt' },
  { name: 'scheduler.conf', kind: 'kubeconfig', path: '/etc/kubernetes/scheduler.conf' },
  { name: 'super-admin.conf', kind: 'kubeconfig', path: '/etc/kubernetes/super-admin.conf' },
] as const;

export type RenewableCert = (typeof RENEWABLE_CERTS)[number];
export type RenewableCertName = RenewableCert['name'];

const NAMES = RENEWABLE_CERTS.map((c) => c.name) as [RenewableCertName, ...RenewableCertName[]];
export const RenewableCertNameSchema = z.enum(NAMES);

/** The renew-certs operation's parameters: the certificates to renew; none given: all of them. */
export const RenewCertsParamsSchema = z
  .object({ certs: z.array(RenewableCertNameSchema).min(1).max(NAMES.length).optional() })
  .strict();
export type RenewCertsParams = z.infer<typeof RenewCertsParamsSchema>;

/**
 * The certificates a renewal covers on kubeadm `minor`: the chosen ones, or every handler that
 * version has (super-admin.conf only from 1.29), each once, in kubeadm's order.
 */
export function certsToRenew(params: RenewCertsParams, minor: number): RenewableCert[] {
  const known = RENEWABLE_CERTS.filter((c) => c.name !== 'super-admin.conf' || minor >= 29);
  const chosen = params.certs;
  return chosen ? known.filter((c) => chosen.includes(c.name)) : known;
}

/**
 * The arguments of `kubeadm certs renew`: `all` when every certificate is wanted, else the names.
 * `kubeadm certs` graduated from `kubeadm alpha certs` in 1.20 (kubernetes/kubernetes#94938) and
 * the alpha form was removed in 1.21 (kubernetes/kubernetes#97706).
 */
export function renewCommand(
  params: RenewCertsParams,
  minor: number,
): { group: string; args: string[] } {
  const group = minor >= 20 ? 'certs' : 'alpha certs';
  const args = params.certs ? certsToRenew(params, minor).map((c) => c.name) : ['all'];
  return { group, args };
}
