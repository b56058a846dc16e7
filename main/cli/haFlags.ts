/** The `kubelab init` flags of an HA plan (issue 19). */
export interface HaFlags {
  topology?: string;
  controlPlaneEndpoint?: string;
  lb?: string;
  vip?: string;
  vipInterface?: string;
  vrrpRouterId?: string;
  externalEtcd?: string;
}

/**
 * The plan fields the HA flags set, unchecked: ProjectSchema and validatePlan refuse bad values
 * naming the field, exactly as for the UI. Flags not given leave their fields unset, so a
 * project written without them has no HA fields at all. `--vip`/`--vip-interface` without
 * `--lb` mean kube-vip (the one choice that needs nothing else).
 */
export function haPlanFlags(opts: HaFlags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (opts.controlPlaneEndpoint !== undefined) out.controlPlaneEndpoint = opts.controlPlaneEndpoint;
  if (opts.topology !== undefined && opts.topology !== 'single') out.topology = opts.topology;
  const kind = opts.lb ?? (opts.vip !== undefined ? 'kube-vip' : undefined);
  if (kind === 'external') out.loadBalancer = { kind };
  else if (kind !== undefined) {
    const lb: Record<string, unknown> = {
      kind,
      vip: opts.vip ?? '',
      interface: opts.vipInterface ?? 'eth0',
    };
    if (kind === 'haproxy-keepalived') {
      lb.virtualRouterId = opts.vrrpRouterId === undefined ? 51 : Number(opts.vrrpRouterId);
    }
    out.loadBalancer = lb;
  }
  if (opts.externalEtcd !== undefined) {
    out.externalEtcdEndpoints = opts.externalEtcd
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  return out;
}
