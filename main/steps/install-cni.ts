import { cniManifestPath } from '../../common/bundle/images';
import { NODE_BUNDLE_DIR } from '../../common/bundle/pushSelection';
import script from './scripts/install-cni.sh?raw';
import {
  cniDaemonSet,
  fetchManifestForNode,
  imageMap,
  manifestUrl,
  releaseFor,
} from './cniManifest';
import { isFirstControlPlane } from './plan';
import { scriptStep, type Env } from './scriptStep';

export const installCni = scriptStep({
  id: 'install-cni',
  script,
  when: (node, _plan, nodes) => isFirstControlPlane(node, nodes),
  retries: 2,
  env: async (ctx, mode): Promise<Env> => {
    const { plan } = ctx;
    const ds = cniDaemonSet(plan);
    const env: Env = { CNI_NAMESPACE: ds.namespace, CNI_DAEMONSET: ds.name };
    if (mode === 'check') return env;
    const url = manifestUrl(plan);
    if (plan.offline === true) {
      // The manifest the bundle carries, as it is: its images were imported under the names it
      // uses (import-images), so nothing is fetched and no image is moved to a mirror.
      return {
        ...env,
        CNI_PLUGIN: plan.cni.plugin,
        POD_CIDR: plan.podCidr,
        CNI_MANIFEST_URL: url,
        CNI_MANIFEST_FILE: `${NODE_BUNDLE_DIR}/${cniManifestPath(releaseFor(plan))}`,
        CNI_MANIFEST_GZ_B64: '',
        CNI_IMAGE_MAP: '',
      };
    }
    // A dry run shows what would run without fetching anything.
    const packed = ctx.dryRun ? undefined : await fetchManifestForNode(url, ctx.signal);
    if (!ctx.dryRun) {
      ctx.log(
        packed
          ? `fetched ${url} on this machine; uploading it with the step`
          : `could not fetch ${url} on this machine; the node will fetch it`,
      );
    }
    return {
      ...env,
      CNI_PLUGIN: plan.cni.plugin,
      POD_CIDR: plan.podCidr,
      CNI_MANIFEST_URL: url,
      CNI_MANIFEST_GZ_B64: packed ?? '',
      CNI_IMAGE_MAP: imageMap(plan),
    };
  },
});
