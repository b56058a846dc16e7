import { CRI_DOCKERD, criDockerdExecStart } from '../catalog/criDockerd';
import { sandboxImage, type ResolvedVersion } from '../catalog/images';
import type { ClusterPlan } from '../model/plan';
import { CONTAINERD_HOSTS_DIR, containerdHostsFiles } from './containerdHosts';
import { effectiveMirrors } from './effectiveMirrors';

/** A file the container-runtime step writes on every node, as the plan preview shows it. */
export interface RuntimeFile {
  path: string;
  content: string;
}

/** Where the step puts its cri-docker.service drop-in (main/steps/scripts/container-runtime.sh). */
export const CRI_DOCKERD_DROPIN = '/etc/systemd/system/cri-docker.service.d/10-kubelab.conf';

/**
 * The runtime files a plan generates, with the same text the step writes: containerd's
 * `certs.d/<registry>/hosts.toml` per mirrored registry (./containerdHosts.ts), or cri-dockerd's
 * service drop-in (an empty `ExecStart=` first clears the packaged one, systemd.service(5)).
 * Docker's daemon.json is not listed: the guide's registry mirrors are its only plan input.
 */
export function runtimeFiles(plan: ClusterPlan, v: ResolvedVersion): RuntimeFile[] {
  const mirrors = effectiveMirrors(plan, v);
  if (plan.runtime === 'containerd') {
    return [...containerdHostsFiles(mirrors)].map(([path, content]) => ({
      path: `${CONTAINERD_HOSTS_DIR}/${path}`,
      content,
    }));
  }
  if (plan.runtime === 'cri-dockerd') {
    const repo = mirrors.customImageRepository ? mirrors.effectiveImageRepository : undefined;
    return [{ path: CRI_DOCKERD_DROPIN, content: criDockerdDropin(sandboxImage(v, repo)) }];
  }
  return [];
}

/** The drop-in's text: the package's ExecStart replaced by kubelab's (pause image, CNI). */
export function criDockerdDropin(sandbox: string): string {
  return `# kubelab: cri-dockerd ${CRI_DOCKERD.version}\n[Service]\nExecStart=\nExecStart=${criDockerdExecStart(sandbox)}\n`;
}
