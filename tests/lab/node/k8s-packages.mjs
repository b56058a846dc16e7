// What the lab's Kubernetes package repositories publish, as the real ones do.
//
// pkgs.k8s.io (one repository per minor, 1.24+): every patch of the minor, most as `-1.1` (deb) /
// `-150500.1.1` (rpm), some rebuilt as `-2.1` / `-150500.2.1`. Published transcripts, 2024:
// `apt-cache madison kubeadm` / `apt-cache show kubeadm` on v1.27–v1.29 list 1.27.0-2.1,
// 1.27.13-2.1, 1.28.9-2.1 and 1.29.4-2.1 among -1.1 patches; `dnf list --showduplicates kubeadm`
// on v1.29 lists 1.29.4-150500.2.1 among -150500.1.1 ones. Which patches exist: the catalog's
// generated data (kubeadm-releases.json, copied next to this file; see ./images.mjs).
// Legacy apt.kubernetes.io layout (kept by mirrors such as Aliyun): `<v>-00` / `<v>-0`.
//
// A scenario can take versions out of the mirror (`cluster: {mirrorMissing: [1.34.0]}` →
// LAB_CLUSTER_MIRROR_MISSING), as a mirror that has not synced a release yet.
import { existsSync, readFileSync } from 'node:fs';
import { labEnv } from './k8s.mjs';

const here = new URL('./kubeadm-releases.json', import.meta.url);
const repo = new URL('../../../common/catalog/data/kubeadm-releases.json', import.meta.url);
const RELEASES = JSON.parse(readFileSync(existsSync(here) ? here : repo, 'utf8')).releases.map((r) => r.version);

const DEB_REBUILT = new Set(['1.27.0', '1.27.13', '1.28.9', '1.29.4']);
const RPM_REBUILT = new Set(['1.29.4']);

function missing() {
  return new Set((labEnv().LAB_CLUSTER_MIRROR_MISSING ?? '').split(/\s+/).filter(Boolean).map((v) => v.replace(/^v/, '')));
}

/** Patches of 1.minor the catalog knows, newest first, less the ones the scenario withholds. */
function patches(minor) {
  const gone = missing();
  return RELEASES.filter((v) => v.startsWith(`1.${minor}.`) && !gone.has(v)).reverse();
}

/** pkgs.k8s.io's versions of kubeadm/kubelet/kubectl for a minor, newest first. */
export function pkgsVersions(minor, family) {
  return patches(minor).map((v) =>
    family === 'rpm' ? `${v}-150500.${RPM_REBUILT.has(v) ? 2 : 1}.1` : `${v}-${DEB_REBUILT.has(v) ? 2 : 1}.1`,
  );
}

/** The legacy repository's versions for the minors it still carried (1.18–1.28), newest first. */
export function legacyVersions(family) {
  const suffix = family === 'rpm' ? '-0' : '-00';
  const out = [];
  for (let minor = 28; minor >= 18; minor--) out.push(...patches(minor).map((v) => v + suffix));
  return out;
}
