import { NODE_BUNDLE_DIR } from '../../common/bundle/pushSelection';
import { packageRepo } from '../../common/catalog/packages';
import type { ClusterPlan } from '../../common/model/plan';
import { tail, type StepOutputs } from '../engine/step';
import { BUNDLE_RPM_URL, offlineEnv } from './bundle-repo';
import { parseOutputs } from './kubeadm-init';
import script from './scripts/kube-packages.sh?raw';
import { planFacts } from './plan';
import { composeScript, scriptStep, type Ctx, type Env } from './scriptStep';

/** The packages whose exact strings the step resolves from the repository and reports. */
export const KUBE_PACKAGES = ['kubelet', 'kubeadm', 'kubectl'] as const;

/**
 * Both families' repos and the upstream version; the script picks by the node's /etc/os-release
 * and asks that repository for the exact package string (the revision is the repository's, not
 * ours: pkgs.k8s.io has 1.29.4-2.1 next to 1.29.3-1.1).
 */
export function kubePackagesEnv(plan: ClusterPlan): Env {
  const { version, mirrors } = planFacts(plan);
  if (plan.offline === true) {
    // No mirror: the pushed bundle's repositories (bundle-repo), named where the script says
    // where it resolved from.
    return {
      K8S_VERSION: version.version,
      DEB_REPO_URL: `file:${NODE_BUNDLE_DIR}/apt`,
      DEB_SUITE: './',
      DEB_KEY_URL: '',
      RPM_REPO_URL: BUNDLE_RPM_URL,
      RPM_KEY_URLS: '',
      ...offlineEnv(plan),
    };
  }
  const deb = packageRepo(version, mirrors, 'deb');
  const rpm = packageRepo(version, mirrors, 'rpm');
  return {
    K8S_VERSION: version.version,
    DEB_REPO_URL: deb?.url ?? '',
    DEB_SUITE: deb?.suite ?? '',
    DEB_KEY_URL: deb?.gpgKeys[0] ?? '',
    RPM_REPO_URL: rpm?.url ?? '',
    RPM_KEY_URLS: rpm?.gpgKeys.join(' ') ?? '',
  };
}

/** The installed kubelet, kubeadm and kubectl strings (e.g. `1.29.4-2.1`), kept in the run state. */
async function installedPackages(ctx: Ctx): Promise<StepOutputs> {
  const res = await ctx.remote.exec(composeScript(script), {
    env: { KL_MODE: 'outputs', KL_STEP: 'kube-packages' },
    root: true,
    signal: ctx.signal,
  });
  const out = parseOutputs(res.stdout);
  if (res.code !== 0 || KUBE_PACKAGES.some((p) => !out[p])) {
    throw new Error(
      `cannot read the installed package versions: ${tail(res.stderr || res.stdout)}`,
    );
  }
  return Object.fromEntries(KUBE_PACKAGES.map((p) => [p, out[p] ?? '']));
}

export const kubePackages = scriptStep({
  id: 'kube-packages',
  script,
  retries: 2,
  timeoutMs: 15 * 60_000,
  env: ({ plan }) => kubePackagesEnv(plan),
  outputs: installedPackages,
});
