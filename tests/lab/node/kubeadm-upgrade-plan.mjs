// The lab kubeadm's `upgrade plan [version]`: the cluster's versions read from the API server
// (/version, each Node's status.nodeInfo.kubeletVersion, the CoreDNS Deployment's image) and the
// etcd static pod manifest, then printed in the layout of the kubeadm that runs.
//
// Layouts, by the imitated kubeadm's minor (cmd/kubeadm/app/cmd/upgrade/plan.go):
// - ≤ 1.18: printAvailableUpgrades — Title-case rows (`API Server`, `Kubelet`), `AVAILABLE`, the
//   kubelet versions counted (`Kubelet  3 x v1.18.2  v1.19.16`, further versions on rows with an
//   empty first cell), "Awesome, you're up-to-date! Enjoy!" when nothing is newer. Published:
//   the 1.18 "Upgrading kubeadm clusters" page (tests/fixtures/real/upgrade-plan/docs-v1.18.0-*).
// - 1.19–1.20: genUpgradePlan/printUpgradePlan (kubernetes/kubernetes#88854, 1.19 cycle): the
//   binary names (constants.KubeAPIServer …, `kubelet`), kubelets still counted, then the
//   component-config table; nothing printed when nothing is newer (only a V(1) log line).
// - 1.21–1.29: `AVAILABLE` → `TARGET`, "Latest stable version" → "Target version"
//   (kubernetes/kubernetes#98728, merged 2021-02 for 1.21); published 1.30-alpha count output in
//   kubernetes/kubernetes#123068 (tests/fixtures/real/upgrade-plan/pr-123068-*).
// - ≥ 1.30: a NODE column, one kubelet row per node and the node of every control-plane
//   component (kubernetes/kubernetes#123578; plan_test.go's expected text, fixtures
//   tests/fixtures/real/upgrade-plan/plan-test-node-column-*).
// With a version argument kubeadm uses an offline version getter (no dl.k8s.io): the version
// given is both the "stable" and the cluster branch's newest patch, so exactly one upgrade is
// offered when it is newer than the cluster, described "version in the v1.<cluster minor>
// series" (phases/upgrade/compute.go GetAvailableUpgrades: patchUpgradePossible, and
// minorUpgradePossibleWithPatchRelease false for equal versions).
// The targets come from the running kubeadm's constants: CoreDNS its own, etcd the target's, or
// kubeadm's nearest with klog's "could not find officially supported version of etcd" warning
// when the target is newer than kubeadm (published 1.27 transcripts, compute.go:307).
import { existsSync, readFileSync } from 'node:fs';
import { release } from './images.mjs';
import { apiRequest, loadKubeconfig } from './k8s.mjs';

const SEPARATOR = '_____________________________________________________________________';

/**
 * Go's text/tabwriter as kubeadm builds it — NewWriter(w, 10, 4, 3, ' ', 0): every cell but a
 * row's last is padded to its column's widest cell + 3, at least 10; the last cell is as is.
 */
export function tabwrite(rows) {
  const widths = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 10, cell.length + 3);
    });
  }
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]) : cell)).join(''));
}

const vless = (v) => String(v).replace(/^v/, '');
function semver(v) {
  const [major, minor, patch] = vless(v).split(/[.-]/).map(Number);
  return { major, minor, patch };
}
const lessThan = (a, b) => {
  const x = semver(a);
  const y = semver(b);
  return x.minor - y.minor || x.patch - y.patch;
};

/** kubelet version → node count, keys sorted as Go's sort.Strings does. */
function kubeletCounts(kubelets) {
  const counts = new Map();
  for (const k of kubelets) counts.set(k.version, (counts.get(k.version) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** upgrade.CanUpgradeKubelets: more than one version, or one that is not the target. */
function canUpgradeKubelets(kubelets, target) {
  const versions = new Set(kubelets.map((k) => k.version));
  if (versions.size > 1) return true;
  if (versions.size === 0) return false;
  return !versions.has(target);
}

/** What the running kubeadm would move etcd and CoreDNS to (its own constants). */
export function plannedAddons(kubeadm, target) {
  const own = release(kubeadm);
  const forTarget = semver(target).minor <= semver(kubeadm).minor ? release(target) : undefined;
  return {
    etcd: forTarget?.etcd ?? own.etcd,
    coredns: own.coredns,
    etcdFallback: forTarget ? undefined : own.etcd,
  };
}

function versionLines(s, era) {
  const series = `v1.${semver(s.cluster).minor}`;
  return [
    `[upgrade/versions] Cluster version: ${s.cluster}`,
    `[upgrade/versions] kubeadm version: ${s.kubeadm}`,
    era >= 21 ? `[upgrade/versions] Target version: ${s.target}` : `[upgrade/versions] Latest stable version: ${s.target}`,
    `[upgrade/versions] Latest version in the ${series} series: ${s.target}`,
  ];
}

function applyLines(s, afterKubeadm) {
  const lines = ['You can now apply the upgrade by executing the following command:', '', `\tkubeadm upgrade apply ${s.target}`, ''];
  if (s.kubeadm !== afterKubeadm) lines.push(`Note: Before you can perform this upgrade, you have to update kubeadm to ${afterKubeadm}.`, '');
  return [...lines, SEPARATOR, ''];
}

/** ≤ 1.18: printAvailableUpgrades. */
function legacyTables(s, a, description) {
  const lines = [];
  if (canUpgradeKubelets(s.kubelets, s.target)) {
    lines.push("Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':");
    const rows = [['COMPONENT', 'CURRENT', 'AVAILABLE']];
    kubeletCounts(s.kubelets).forEach(([v, n], i) => rows.push([i === 0 ? 'Kubelet' : '', `${n} x ${v}`, s.target]));
    lines.push(...tabwrite(rows), '');
  }
  lines.push(`Upgrade to the latest ${description}:`, '');
  lines.push(
    ...tabwrite([
      ['COMPONENT', 'CURRENT', 'AVAILABLE'],
      ['API Server', s.cluster, s.target],
      ['Controller Manager', s.cluster, s.target],
      ['Scheduler', s.cluster, s.target],
      ['Kube Proxy', s.cluster, s.target],
      ['CoreDNS', s.corednsBefore, a.coredns],
      // 1.18 asks etcd itself for its version (no image suffix), as the docs' `3.4.3   3.4.3-0`.
      ['Etcd', s.etcdBefore.replace(/-\d+$/, ''), a.etcd],
    ]),
    '',
  );
  return lines;
}

/** 1.19+: genUpgradePlan's component list printed by printUpgradePlan (NODE column from 1.30). */
function componentTables(s, a, description, era) {
  const last = era >= 21 ? 'TARGET' : 'AVAILABLE';
  const withNode = era >= 30;
  const lines = [];
  let rows = [];
  const flush = () => {
    lines.push(...tabwrite(rows), '');
    rows = [];
  };
  if (withNode) {
    if (canUpgradeKubelets(s.kubelets, s.target)) {
      lines.push("Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':");
      rows.push(['COMPONENT', 'NODE', 'CURRENT', last], ...s.kubelets.map((k) => ['kubelet', k.node, k.version, s.target]));
    }
  } else if (canUpgradeKubelets(s.kubelets, s.target)) {
    lines.push("Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':");
    rows.push(['COMPONENT', 'CURRENT', last]);
    kubeletCounts(s.kubelets).forEach(([v, n], i) => rows.push([i === 0 ? 'kubelet' : '', `${n} x ${v}`, s.target]));
  }
  flush();
  lines.push(`Upgrade to the latest ${description}:`, '');
  if (withNode) {
    rows.push(['COMPONENT', 'NODE', 'CURRENT', last]);
    for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) for (const n of s.controlPlanes) rows.push([c, n, s.cluster, s.target]);
    rows.push(['kube-proxy', '', s.cluster, s.target], ['CoreDNS', '', s.corednsBefore, a.coredns]);
    for (const n of s.controlPlanes) rows.push(['etcd', n, s.etcdBefore, a.etcd]);
  } else {
    rows.push(['COMPONENT', 'CURRENT', last]);
    for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy']) rows.push([c, s.cluster, s.target]);
    rows.push(['CoreDNS', s.corednsBefore, a.coredns], ['etcd', s.etcdBefore, a.etcd]);
  }
  flush();
  return lines;
}

/** printComponentConfigVersionStates for the two configs kubeadm manages (1.19+). */
function componentConfigLines() {
  return [
    '',
    'The table below shows the current state of component configs as understood by this version of kubeadm.',
    'Configs that have a "yes" mark in the "MANUAL UPGRADE REQUIRED" column require manual config upgrade or',
    'resetting to kubeadm defaults before a successful upgrade can be performed. The version to manually',
    'upgrade to is denoted in the "PREFERRED VERSION" column.',
    '',
    ...tabwrite([
      ['API GROUP', 'CURRENT VERSION', 'PREFERRED VERSION', 'MANUAL UPGRADE REQUIRED'],
      ['kubeproxy.config.k8s.io', 'v1alpha1', 'v1alpha1', 'no'],
      ['kubelet.config.k8s.io', 'v1beta1', 'v1beta1', 'no'],
    ]),
    SEPARATOR,
    '',
  ];
}

/**
 * Everything `upgrade plan <target>` prints from "[upgrade/versions]" on, and klog's warnings.
 * `s`: { kubeadm, cluster, target: "v1.x.y"; kubelets: [{node, version}]; controlPlanes: names;
 * etcdBefore: the etcd manifest's image tag; corednsBefore: the CoreDNS Deployment's tag }.
 */
export function planOutput(s, { era = semver(s.kubeadm).minor, addons } = {}) {
  // `era`/`addons` given: kubeadm's plan_test.go feeds its printer synthetic versions.
  const a = addons ?? plannedAddons(s.kubeadm, s.target);
  const stderr = a.etcdFallback ? [`W1207 10:00:00.000000    4242 compute.go:307] [upgrade/versions] could not find officially supported version of etcd for Kubernetes ${s.target}, falling back to the nearest etcd version (${a.etcdFallback})`] : [];
  const stdout = versionLines(s, era);
  stdout.push('');
  if (lessThan(s.cluster, s.target) >= 0) {
    if (era <= 18) stdout.push("Awesome, you're up-to-date! Enjoy!");
    return { stdout, stderr };
  }
  const description = `version in the v1.${semver(s.cluster).minor} series`;
  // compute.go: kubeadm must reach the target unless it already is at least that new.
  const afterKubeadm = lessThan(s.kubeadm, s.target) < 0 ? s.target : s.kubeadm;
  if (era <= 18) stdout.push(...legacyTables(s, a, description), ...applyLines(s, afterKubeadm));
  else stdout.push(...componentTables(s, a, description, era), ...applyLines(s, afterKubeadm), ...componentConfigLines());
  return { stdout, stderr };
}

/** The opening lines up to the version lookup (1.18 docs page; the 1.30-alpha transcript). */
export function planHeader(kubeadmMinor) {
  return kubeadmMinor >= 21
    ? ['[upgrade/config] Making sure the configuration is correct:', '[preflight] Running pre-flight checks.', '[upgrade/config] Reading configuration from the cluster...', "[upgrade/config] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'", '[upgrade] Running cluster health checks', '[upgrade] Fetching available versions to upgrade to']
    : ['[upgrade/config] Making sure the configuration is correct:', '[upgrade/config] Reading configuration from the cluster...', "[upgrade/config] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -oyaml'", '[preflight] Running pre-flight checks.', '[upgrade] Running cluster health checks', '[upgrade] Fetching available versions to upgrade to'];
}

const imageTag = (image) => /:([^:/]+)$/.exec(image ?? '')?.[1] ?? '';

/** The etcd static pod's image tag on this node, as 1.19+ reads it (kubeadm's manifest). */
export function etcdManifestTag(readManifest = () => readFileSync('/etc/kubernetes/manifests/etcd.yaml', 'utf8')) {
  if (!existsSync('/etc/kubernetes/manifests/etcd.yaml')) return '';
  return imageTag(/^\s*image:\s*(\S+)/m.exec(readManifest())?.[1]);
}

const isControlPlane = (n) => {
  const l = n.metadata?.labels ?? {};
  return 'node-role.kubernetes.io/control-plane' in l || 'node-role.kubernetes.io/master' in l;
};

/** The cluster's state as kubeadm reads it, over the API (`get`: path → body or undefined). */
export async function clusterState(get) {
  const version = (await get('/version'))?.gitVersion;
  const nodes = ((await get('/api/v1/nodes'))?.items ?? []).slice().sort((x, y) => x.metadata.name.localeCompare(y.metadata.name));
  const dns = await get('/apis/apps/v1/namespaces/kube-system/deployments/coredns');
  return {
    cluster: version,
    kubelets: nodes.map((n) => ({ node: n.metadata.name, version: n.status?.nodeInfo?.kubeletVersion ?? '' })),
    controlPlanes: nodes.filter(isControlPlane).map((n) => n.metadata.name),
    corednsBefore: imageTag(dns?.spec?.template?.spec?.containers?.[0]?.image),
  };
}

/** `kubeadm upgrade plan [version]` on a control plane (admin.conf), read-only. */
export async function upgradePlan({ kubeadm, versionArg, out, err, fatal }) {
  for (const line of planHeader(kubeadm.minor)) out(line);
  const admin = loadKubeconfig('/etc/kubernetes/admin.conf');
  const get = async (path) => {
    const r = await apiRequest(admin, 'GET', path);
    return r.status === 200 ? r.body : undefined;
  };
  const state = await clusterState(get).catch(() => undefined);
  if (!state?.cluster) fatal(`[upgrade/health] FATAL: [preflight] Some fatal errors occurred:\n\t[ERROR APIServerHealth]: the API Server is unhealthy; /healthz didn't return "ok"`);
  // Without a version kubeadm asks dl.k8s.io; the lab is offline, so it is kubeadm's own version.
  const target = versionArg ? `v${vless(versionArg)}` : kubeadm.full;
  const printed = planOutput({ ...state, kubeadm: kubeadm.full, target, etcdBefore: etcdManifestTag() });
  for (const line of printed.stderr) err(line);
  for (const line of printed.stdout) out(line);
}
