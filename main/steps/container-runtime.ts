import { sandboxImage } from '../../common/catalog/images';
import { runtimeCap } from '../../common/catalog/runtimeCaps';
import type { ClusterPlan } from '../../common/model/plan';
import { AppError } from '../../common/model/appError';
import { CONTAINERD_HOSTS_DIR, containerdHostsFiles } from '../../common/plan/containerdHosts';
import type { EffectiveMirrors } from '../../common/plan/effectiveMirrors';
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

export const containerRuntime = scriptStep({
  id: 'container-runtime',
  diagnosisJournals: ['kubelet', 'runtime'],
  script,
  retries: 2,
  timeoutMs: 15 * 60_000,
  env: ({ plan }) => {
    if (plan.runtime === 'cri-dockerd') {
      throw new AppError({
        code: 'not_supported',
        field: 'plan.runtime',
        message:
          'cri-dockerd is not installed by kubelab yet; choose containerd (or docker up to 1.23)',
      });
    }
    const f = planFacts(plan);
    const repo = f.mirrors.customImageRepository ? f.mirrors.effectiveImageRepository : undefined;
    const cap = runtimeCap(f.version.minor);
    return {
      RUNTIME: plan.runtime,
      DOCKER_SERIES: cap.dockerSeries ?? '',
      CONTAINERD_BELOW: cap.containerdBelow ?? '',
      DOCKER_CE_URL: f.mirrors.dockerCe.replace(/\/+$/, ''),
      DOCKER_DAEMON_JSON: dockerDaemonJson(plan),
      SANDBOX_IMAGE: sandboxImage(f.version, repo),
      CRI_ENDPOINT: f.criEndpoint,
      CONTAINERD_HOSTS_DIR,
      CONTAINERD_HOSTS: plan.runtime === 'containerd' ? containerdHostsEnv(f.mirrors) : '',
    };
  },
});
