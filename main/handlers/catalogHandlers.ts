import { cniRelease } from '../../common/catalog/cni';
import { kubeadmImages } from '../../common/catalog/images';
import {
  defaultVersion,
  KUBERNETES_MINORS,
  newestVersion,
} from '../../common/catalog/kubernetesVersions';
import { newestVerified } from '../../common/catalog/releases';
import type { CatalogVersion } from '../../common/contracts/catalog';
import type { Handlers } from '../api/handlers';
import { versionOrThrow } from './catalogVersion';

type CatalogHandlers = Pick<Handlers, 'catalog.versions' | 'catalog.images'>;

function catalogVersions(): CatalogVersion[] {
  return KUBERNETES_MINORS.map((m) => ({
    minor: m.minor,
    version: defaultVersion(m),
    verifiedThrough: newestVerified(m.minor)?.version ?? defaultVersion(m),
    runtimes: [...m.runtimes],
    kubeadmApi: m.kubeadmApi,
    selfHosting: m.selfHosting === 'pivot',
    cni: {
      flannel: cniRelease('flannel', m.minor)?.version,
      calico: cniRelease('calico', m.minor)?.version,
    },
  }));
}

/** The Kubernetes catalog (common/catalog): the versions offered and each one's kubeadm images. */
export function createCatalogHandlers(): CatalogHandlers {
  return {
    'catalog.versions': async () => ({ versions: catalogVersions(), newest: newestVersion() }),
    'catalog.images': async ({ version, imageRepository }) => {
      const v = versionOrThrow(version, 'version');
      return {
        version: v.version,
        images: kubeadmImages(v, imageRepository),
        verified: v.verified,
      };
    },
  };
}
