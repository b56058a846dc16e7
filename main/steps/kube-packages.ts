import { packageRepo } from '../../common/catalog/packages';
import type { ClusterPlan } from '../../common/model/plan';
import script from './scripts/kube-packages.sh?raw';
import { planFacts } from './plan';
import { scriptStep, type Env } from './scriptStep';

/** Both families' repos; the script picks by the node's /etc/os-release. */
export function kubePackagesEnv(plan: ClusterPlan): Env {
  const { version, mirrors } = planFacts(plan);
  const deb = packageRepo(version, mirrors, 'deb');
  const rpm = packageRepo(version, mirrors, 'rpm');
  return {
    DEB_REPO_URL: deb?.url ?? '',
    DEB_SUITE: deb?.suite ?? '',
    DEB_KEY_URL: deb?.gpgKeys[0] ?? '',
    DEB_VERSION: deb?.packageVersion ?? '',
    RPM_REPO_URL: rpm?.url ?? '',
    RPM_KEY_URLS: rpm?.gpgKeys.join(' ') ?? '',
    RPM_VERSION: rpm?.packageVersion ?? '',
  };
}

export const kubePackages = scriptStep({
  id: 'kube-packages',
  script,
  retries: 2,
  timeoutMs: 15 * 60_000,
  env: ({ plan }) => kubePackagesEnv(plan),
});
