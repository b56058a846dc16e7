import type { NodeSpec } from '../model/node';
import type { ClusterPlan } from '../model/plan';
import {
  hasControlChar,
  isDnsSubdomain,
  isHostPort,
  isHttpUrl,
  isImageRepository,
  isPreflightCheckName,
  isRegistryHost,
  shellMetaProblem,
} from './safeText';

/** Adds one field error, in English and Chinese. */
export type Report = (field: string, en: string, zh: string) => void;

/**
 * The free-text half of plan validation: every string a user can type, in the plan and in the
 * inventory, is checked for shell metacharacters first (the clearest reason), then for its format.
 * Returns the fields it refused so later checks do not pile more messages on them.
 */
export function checkFreeText(
  plan: ClusterPlan,
  ctx: { nodes: readonly NodeSpec[] },
  report: Report,
): Set<string> {
  const refused = new Set<string>();
  const check = (
    field: string,
    value: string | undefined,
    ok: (v: string) => boolean,
    what: string,
    whatZh: string,
  ): void => {
    if (value === undefined) return;
    const meta = shellMetaProblem(value);
    if (meta) {
      refused.add(field);
      report(field, `${field} ${meta}.`, `${field} 不能包含 shell 元字符或空白（已拒绝）。`);
    } else if (!ok(value)) {
      refused.add(field);
      report(
        field,
        `${field} must be ${what}, got "${value}".`,
        `${field} 必须是${whatZh}，当前为 "${value}"。`,
      );
    }
  };
  const any = (): boolean => true;
  check(
    'clusterName',
    plan.clusterName,
    isDnsSubdomain,
    'lowercase letters, digits, "-" and "." (RFC 1123)',
    '小写字母、数字、"-" 和 "."（RFC 1123）',
  );
  check('kubernetesVersion', plan.kubernetesVersion, any, '', '');
  check(
    'imageRepository',
    plan.imageRepository,
    isImageRepository,
    'an image repository such as registry.k8s.io or registry.cn-hangzhou.aliyuncs.com/google_containers',
    '镜像仓库地址，例如 registry.k8s.io',
  );
  check(
    'controlPlaneEndpoint',
    plan.controlPlaneEndpoint,
    isHostPort,
    'host or host:port',
    'host 或 host:port',
  );
  check('advertiseAddress', plan.advertiseAddress, any, '', '');
  const lb = plan.loadBalancer;
  if (lb && lb.kind !== 'external') {
    check('loadBalancer.vip', lb.vip, any, '', '');
    check('loadBalancer.interface', lb.interface, any, '', '');
  }
  (plan.externalEtcdEndpoints ?? []).forEach((url, i) =>
    check(`externalEtcdEndpoints.${i}`, url, any, '', ''),
  );
  check('podCidr', plan.podCidr, any, '', '');
  check('serviceCidr', plan.serviceCidr, any, '', '');
  check(
    'dnsDomain',
    plan.dnsDomain,
    isDnsSubdomain,
    'a lowercase DNS domain such as cluster.local',
    '小写 DNS 域名，例如 cluster.local',
  );
  check('cni.manifestUrl', plan.cni.manifestUrl, isHttpUrl, 'an http(s) URL', 'http(s) 地址');
  const m = plan.mirrors;
  const urls = [
    'osPackages',
    'dockerCe',
    'criDockerdReleases',
    'kubernetesPackages',
    'kubernetesLegacyApt',
    'kubernetesLegacyYum',
  ] as const;
  for (const key of urls)
    check(`mirrors.${key}`, m[key], isHttpUrl, 'an http(s) URL', 'http(s) 地址');
  for (const [registry, host] of Object.entries(m.registries ?? {})) {
    check(
      `mirrors.registries.${registry}`,
      host,
      isRegistryHost,
      'a registry host such as docker.m.daocloud.io',
      '镜像仓库主机名，例如 docker.m.daocloud.io',
    );
  }
  (m.dockerRegistryMirrors ?? []).forEach((url, i) =>
    check(`mirrors.dockerRegistryMirrors.${i}`, url, isHttpUrl, 'an http(s) URL', 'http(s) 地址'),
  );
  plan.ignorePreflightErrors.forEach((name, i) =>
    check(
      `ignorePreflightErrors.${i}`,
      name,
      isPreflightCheckName,
      'a kubeadm preflight check name such as Swap',
      'kubeadm 预检项名称，例如 Swap',
    ),
  );
  ctx.nodes.forEach((node, i) => {
    check(`nodes.${i}.name`, node.name, any, '', '');
    check(`nodes.${i}.address`, node.address, any, '', '');
    check(`nodes.${i}.user`, node.user, any, '', '');
    // A local path on the admin's machine, never sent to a node: spaces and ~ are fine there.
    if (node.keyPath !== undefined && hasControlChar(node.keyPath)) {
      refused.add(`nodes.${i}.keyPath`);
      report(
        `nodes.${i}.keyPath`,
        `nodes.${i}.keyPath must not contain control characters.`,
        `nodes.${i}.keyPath 不能包含控制字符。`,
      );
    }
    for (const [key, value] of Object.entries(node.labels)) {
      check(`nodes.${i}.labels.${key}`, `${key}=${value}`, any, '', '');
    }
  });
  return refused;
}
