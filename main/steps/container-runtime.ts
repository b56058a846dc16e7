import {
  CRI_DOCKERD,
  criDockerdDebAsset,
  criDockerdReleaseUrl,
} from '../../common/catalog/criDockerd';
import { NODE_BUNDLE_DIR } from '../../common/bundle/pushSelection';
import { sandboxImage } from '../../common/catalog/images';
import { runtimeCap } from '../../common/catalog/runtimeCaps';
import type { ClusterPlan } from '../../common/model/plan';
import { CONTAINERD_HOSTS_DIR, containerdHostsFiles } from '../../common/plan/containerdHosts';
import { CRI_DOCKERD_DROPIN, criDockerdDropin } from '../../common/plan/runtimeFiles';
import type { EffectiveMirrors } from '../../common/plan/effectiveMirrors';
import { offlineEnv } from './bundle-repo';
import script from './scripts/container-runtime.sh?raw';
import { planFacts } from './plan';
import { scriptStep } from './scriptStep';

/** /etc/docker/daemon.json as kubelab writes it (the guide's step 3, plus the systemd driver). */
export function dockerDaemonJson(plan: ClusterPlan): string {
  const { mirrors } = planFacts(plan);
  const config: Record<string, unknown> = {
    'exec-opts': ['native.cgroupdriver=systemd'],
    'log-driver': 'json-file',
    'log-opts': { 'max-size': '100m' },
    'storage-driver': 'overlay2',
  };
  if (mirrors.dockerRegistryMirrors.length > 0) {
    config['registry-mirrors'] = [...mirrors.dockerRegistryMirrors];
  }
  return JSON.stringify(config, null, 2);
}

/**
 * CONTAINERD_HOSTS for the script: one `<registry> <base64 hosts.toml>` line per mirrored
 * registry (base64 so a file's newlines and quotes travel in one environment variable).
 */
export function containerdHostsEnv(mirrors: EffectiveMirrors): string {
  return [...containerdHostsFiles(mirrors)]
    .map(([path, text]) => `${path.split('/')[0]} ${Buffer.from(text).toString('base64')}`)
    .join('\n');
}

/**
 * The cri-dockerd part of the script's environment: where its release package is, which asset
 * fits which system (the script knows the node's distribution), and the service's ExecStart.
 * `%s` in CRI_DOCKERD_DEB is the distribution, then the architecture (printf order).
 */
export function criDockerdEnv(releasesRoot: string, sandbox: string): Record<string, string> {
  return {
    CRI_DOCKERD_VERSION: CRI_DOCKERD.version,
    CRI_DOCKERD_URL: criDockerdReleaseUrl(releasesRoot),
    CRI_DOCKERD_DEB: criDockerdDebAsset('%s', '%s'),
    CRI_DOCKERD_DISTROS: CRI_DOCKERD.debDistros.join(' '),
    CRI_DOCKERD_FALLBACK_UBUNTU: CRI_DOCKERD.debFallback.ubuntu,
    CRI_DOCKERD_FALLBACK_DEBIAN: CRI_DOCKERD.debFallback.debian,
    CRI_DOCKERD_RPM: CRI_DOCKERD.rpmAsset,
    CRI_DOCKERD_DROPIN,
    CRI_DOCKERD_DROPIN_TEXT: criDockerdDropin(sandbox),
  };
}

/** The script's environment for a plan (the same on every node). */
export function containerRuntimeEnv(plan: ClusterPlan): Record<string, string> {
  const f = planFacts(plan);
  const repo = f.mirrors.customImageRepository ? f.mirrors.effectiveImageRepository : undefined;
  const cap = runtimeCap(f.version.minor);
  const sandbox = sandboxImage(f.version, repo);
  return {
    RUNTIME: plan.runtime,
    DOCKER_SERIES: cap.dockerSeries ?? '',
    CONTAINERD_BELOW: cap.containerdBelow ?? '',
    // Offline the packages come from the bundle's repository, which messages then name.
    DOCKER_CE_URL:
      plan.offline === true
        ? `file:${NODE_BUNDLE_DIR}/apt`
        : f.mirrors.dockerCe.replace(/\/+$/, ''),
    DOCKER_DAEMON_JSON: dockerDaemonJson(plan),
    SANDBOX_IMAGE: sandbox,
    CRI_ENDPOINT: f.criEndpoint,
    CONTAINERD_HOSTS_DIR,
    CONTAINERD_HOSTS: plan.runtime === 'containerd' ? containerdHostsEnv(f.mirrors) : '',
    ...(plan.runtime === 'cri-dockerd' ? criDockerdEnv(f.mirrors.criDockerdReleases, sandbox) : {}),
    ...offlineEnv(plan),
  };
}

export const containerRuntime = scriptStep({
  id: 'container-runtime',
  diagnosisJournals: ['kubelet', 'runtime'],
  script,
  retries: 2,
  timeoutMs: 15 * 60_000,
  env: ({ plan }) => containerRuntimeEnv(plan),
});
