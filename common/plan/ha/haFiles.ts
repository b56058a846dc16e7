import { isHaTopology } from '../../model/ha';
import type { NodeSpec } from '../../model/node';
import type { ClusterPlan } from '../../model/plan';
import { renderJoinConfig } from '../joinConfig';
import { endpointPort, parseEndpoint } from './endpoint';
import {
  CHECK_APISERVER_PATH,
  HAPROXY_CFG_PATH,
  KEEPALIVED_CONF_PATH,
  renderCheckApiserver,
  renderHaproxyCfg,
  renderKeepalivedConf,
} from './haproxyKeepalived';
import { KUBE_VIP_MANIFEST_PATH, kubeVipKubeconfig, renderKubeVipManifest } from './kubeVip';
import { resolveVersion } from '../../catalog/images';

/** One generated file of an HA plan, as the preview shows it. */
export interface HaFile {
  /** Where it goes on the node. */
  path: string;
  /** Which machines get it: `all control planes`, a node name, `further control planes`. */
  target: string;
  content: string;
}

/** Shown where the join token and CA hash go: both are read on the first control plane. */
export const JOIN_TOKEN_PLACEHOLDER = 'TOKEN_READ_ON_THE_FIRST_CONTROL_PLANE';
export const CA_HASH_PLACEHOLDER = 'sha256:CA_HASH_READ_ON_THE_FIRST_CONTROL_PLANE';

/**
 * Every file an HA plan generates besides the init configuration, for the plan preview and
 * `kubelab plan`: the load balancer's files and the JoinConfiguration of a further control
 * plane. Pure: the same plan and nodes give the same text. No secret appears (the token, the
 * CA hash and the certificate key are placeholders filled on the nodes). An external load
 * balancer has no files: kubelab only checks it forwards to the API servers once one is up.
 */
export function renderHaFiles(plan: ClusterPlan, nodes: readonly NodeSpec[]): HaFile[] {
  if (!isHaTopology(plan.topology)) return [];
  const controlPlanes = nodes.filter((n) => n.role === 'control-plane');
  const [first, second] = controlPlanes;
  const files = loadBalancerFiles(plan, controlPlanes);
  const host = parseEndpoint(plan.controlPlaneEndpoint)?.host;
  if (host) {
    files.push({
      // Where kl_join (main/steps/scripts/lib.sh) writes it: a fresh root-only /run directory,
      // removed when the join ends.
      path: '/run/kubelab-join.XXXXXX/join.yaml',
      target: second ? `${second.name} (and each further control plane)` : 'further control planes',
      content: renderJoinConfig(
        plan,
        {
          endpoint: `${host}:${endpointPort(plan)}`,
          token: JOIN_TOKEN_PLACEHOLDER,
          caCertHash: CA_HASH_PLACEHOLDER,
        },
        { advertiseAddress: second?.address ?? first?.address ?? plan.advertiseAddress },
      ),
    });
  }
  return files;
}

function loadBalancerFiles(plan: ClusterPlan, controlPlanes: readonly NodeSpec[]): HaFile[] {
  const lb = plan.loadBalancer;
  const [first] = controlPlanes;
  const firstName = first?.name ?? 'the first control plane';
  if (lb?.kind === 'kube-vip') {
    const minor = resolveVersion(plan.kubernetesVersion)?.minor ?? 0;
    const running = renderKubeVipManifest(plan, lb, 'running');
    // Below 1.29 the init manifest is the same file: one entry says so.
    if (kubeVipKubeconfig(minor, 'init') === kubeVipKubeconfig(minor, 'running')) {
      return [{ path: KUBE_VIP_MANIFEST_PATH, target: 'all control planes', content: running }];
    }
    return [
      {
        path: KUBE_VIP_MANIFEST_PATH,
        target: `${firstName}, during kubeadm init`,
        content: renderKubeVipManifest(plan, lb, 'init'),
      },
      { path: KUBE_VIP_MANIFEST_PATH, target: 'all control planes, after init', content: running },
    ];
  }
  if (lb?.kind === 'haproxy-keepalived') {
    return [
      {
        path: HAPROXY_CFG_PATH,
        target: 'all control planes',
        content: renderHaproxyCfg(plan, controlPlanes),
      },
      {
        path: KEEPALIVED_CONF_PATH,
        target: `${firstName} (MASTER)`,
        content: renderKeepalivedConf(lb, 'MASTER'),
      },
      {
        path: KEEPALIVED_CONF_PATH,
        target: 'other control planes (BACKUP)',
        content: renderKeepalivedConf(lb, 'BACKUP'),
      },
      {
        path: CHECK_APISERVER_PATH,
        target: 'all control planes',
        content: renderCheckApiserver(plan, lb),
      },
    ];
  }
  return [];
}
