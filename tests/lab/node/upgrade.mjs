// The lab kubeadm's `upgrade apply` and `upgrade node`: version policy, static pod manifests
// rewritten to the new images (the lab kubelet restarts the API server when its manifest changes,
// so /version moves), the cluster's kubeadm-config, kubelet config, kube-proxy and CoreDNS.
//
// Wordings followed:
// - policy and its FATALs: cmd/kubeadm/app/cmd/upgrade/apply.go EnforceVersionPolicies ("the
//   --version argument is invalid due to these fatal errors: … Please fix the misalignments
//   highlighted above and try upgrading again" / "… these errors: … Can be bypassed if you pass the
//   --force flag") and cmd/kubeadm/app/phases/upgrade/policy.go; a published v1.13 transcript
//   prints "[upgrade/version] FATAL: …" with both "is too high; kubeadm can upgrade only 1 minor
//   version at a time" and "is at least one minor release higher than the kubeadm minor release
//   (17 > 13). Such an upgrade is not supported".
// - the older apply output and its success line, `[upgrade/successful] SUCCESS! Your cluster was
//   upgraded to "v1.18.0". Enjoy!`: the 1.18 "Upgrading kubeadm clusters" page,
//   https://github.com/kubernetes/website/blob/0189ae0f6bf2a79ff2e4bfd5f9ec0da98d64c5d2/content/en/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade.md
//   (fixture tests/fixtures/real/upgrade-apply/docs-v1.18.0-apply.txt).
// - the newer one (kubeadm 1.30+, apply as phases): `[upgrade] SUCCESS! A control plane node of
//   your cluster was upgraded to "v1.33.1".` then `[upgrade] Now please proceed with upgrading the
//   rest of the nodes by following the right order.` (published 1.32–1.37 transcripts; fixture
//   tests/fixtures/real/upgrade-apply/kramse-v1.33.1-apply-tail.txt).
// - `upgrade node` on a worker: the same 1.18 page's worker section and kubeadm's
//   cmd/kubeadm/app/cmd/phases/upgrade/node (kubelet-config download, "[upgrade] The configuration
//   for this node was successfully updated!").
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { apiRequest, imageList, kubeVersion, loadKubeconfig, scaled, sleep, YAML } from './k8s.mjs';

const out = (s = '') => process.stdout.write(s + '\n');
const err = (s) => process.stderr.write(s + '\n');
const MANIFESTS = '/etc/kubernetes/manifests';
const CONTROL_PLANE = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

function fatal(msg) {
  err(msg);
  err('To see the stack trace of this error execute with --v=5 or higher');
  process.exit(1);
}

/** The ConfigMap the kubelets' configuration lives in: per minor until 1.24 (UnversionedKubeletConfigMap GA). */
export const kubeletConfigMap = (v) => (v.minor >= 24 ? 'kubelet-config' : `kubelet-config-${v.major}.${v.minor}`);

/** The opening lines of `upgrade apply` up to the health check (1.18 docs; 1.30+ phases). */
export function applyHeader(newer) {
  return newer
    ? ['[upgrade] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...', "[upgrade] Use 'kubeadm init phase upload-config --config your-config-file' to re-upload it.", '[upgrade/preflight] Running preflight checks', '[upgrade] Running cluster health checks']
    : ['[upgrade/config] Making sure the configuration is correct:', '[upgrade/config] Reading configuration from the cluster...', "[upgrade/config] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -oyaml'", '[preflight] Running pre-flight checks.', '[upgrade] Running cluster health checks'];
}

/** The closing lines of a successful `upgrade apply`, in the wording of the kubeadm that runs. */
export function successLines(target, newer) {
  return newer
    ? [`[upgrade] SUCCESS! A control plane node of your cluster was upgraded to "${target.full}".`, '', '[upgrade] Now please proceed with upgrading the rest of the nodes by following the right order.']
    : [`[upgrade/successful] SUCCESS! Your cluster was upgraded to "${target.full}". Enjoy!`, '', "[upgrade/kubelet] Now that your control plane is upgraded, please proceed with upgrading your kubelets if you haven't already done so."];
}

/** The backup line of one rewritten manifest. */
export const movedLine = (component, backup) => `[upgrade/staticpods] Moved new manifest to "${MANIFESTS}/${component}.yaml" and backed up old manifest to "${backup}/${component}.yaml"`;

/**
 * kubeadm's version policy (policy.go EnforceVersionPolicies): mandatory errors stop at once,
 * skippable ones unless --force. `cluster`, `kubeadm` and `target` are kubeVersion() values.
 */
export function versionPolicy(cluster, kubeadm, target) {
  const q = `"${target.full}"`;
  const mandatory = [];
  const skippable = [];
  const cmp = (a, b) => a.minor - b.minor || a.patch - b.patch;
  if (cmp(target, cluster) < 0) mandatory.push(`Specified version to upgrade to ${q} is lower than the cluster version "${cluster.full}". Downgrades are not supported yet`);
  if (target.minor > cluster.minor + 1) mandatory.push(`Specified version to upgrade to ${q} is too high; kubeadm can upgrade only 1 minor version at a time`);
  if (target.minor > kubeadm.minor) mandatory.push(`Specified version to upgrade to ${q} is at least one minor release higher than the kubeadm minor release (${target.minor} > ${kubeadm.minor}). Such an upgrade is not supported`);
  else if (cmp(target, kubeadm) > 0) skippable.push(`Specified version to upgrade to ${q} is higher than the kubeadm version "${kubeadm.full}". Upgrade kubeadm first using the tool you used to install kubeadm`);
  return { mandatory, skippable };
}

/** The FATAL kubeadm prints for policy errors, or undefined; `newer`: the 1.30+ phase wording. */
export function policyFatal({ mandatory, skippable }, force, newer) {
  const arg = newer ? 'the version argument' : 'the --version argument';
  const list = (errs) => errs.map((e) => `\t- ${e}\n`).join('');
  if (mandatory.length) return `${newer ? 'error execution phase preflight: ' : '[upgrade/version] FATAL: '}${arg} is invalid due to these fatal errors:\n\n${list(mandatory)}\nPlease fix the misalignments highlighted above and try upgrading again`;
  if (skippable.length && !force) return `${newer ? 'error execution phase preflight: ' : '[upgrade/version] FATAL: '}${arg} is invalid due to these errors:\n\n${list(skippable)}\nCan be bypassed if you pass the --force flag`;
  return undefined;
}

async function get(conn, path) {
  const r = await apiRequest(conn, 'GET', path);
  return r.status === 200 ? r.body : undefined;
}

async function clusterVersion(conn) {
  try {
    return (await get(conn, '/version'))?.gitVersion;
  } catch {
    return undefined;
  }
}

/** Rewrites one static pod manifest's image (and the lab API server's version flag). */
function rewriteManifest(component, image, target) {
  const path = `${MANIFESTS}/${component}.yaml`;
  if (!existsSync(path)) return false;
  const pod = YAML.parse(readFileSync(path, 'utf8'));
  const c = pod.spec.containers[0];
  c.image = image;
  if (component === 'kube-apiserver') c.command = c.command.map((a) => (a.startsWith('--lab-version=') ? `--lab-version=${target.full}` : a));
  writeFileSync(path, YAML.stringify(pod));
  return true;
}

function backupDir() {
  const t = new Date().toISOString().replace(/T/, '-').replace(/:/g, '-').slice(0, 19);
  const dir = `/etc/kubernetes/tmp/kubeadm-backup-manifests-${t}`;
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(MANIFESTS)) copyFileSync(`${MANIFESTS}/${f}`, `${dir}/${f}`);
  return dir;
}

/** The restarted API server at the new version and healthy (its storage loaded: /healthz ok). */
async function waitVersion(conn, want, seconds) {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    try {
      if ((await clusterVersion(conn)) === want && (await apiRequest(conn, 'GET', '/healthz')).status === 200) return true;
    } catch {
      /* restarting */
    }
    await sleep(500);
  }
  return false;
}

/** A write kubeadm's apiclient retries until the server takes it (it fails the phase otherwise). */
async function write(conn, method, path, body) {
  const r = await apiRequest(conn, method, path, body);
  if (r.status >= 200 && r.status < 300) return r;
  if (method === 'POST' && r.status === 409) return r;
  fatal(`unable to ${method === 'POST' ? 'create' : 'update'} ${path}: ${r.body?.message ?? r.status}`);
}

async function updateObject(conn, path, change) {
  const obj = await get(conn, path);
  if (!obj) return;
  change(obj);
  await write(conn, 'PUT', path, obj);
}

async function confirm() {
  process.stdout.write('[upgrade/confirm] Are you sure you want to proceed with the upgrade? [y/N]: ');
  const answer = await new Promise((r) => process.stdin.once('data', (d) => r(String(d).trim())).once('end', () => r('')));
  if (!/^y(es)?$/i.test(answer)) fatal('won\'t proceed; the user didn\'t answer (Y|y) in order to continue');
}

/** `kubeadm upgrade apply vX.Y.Z [-y] [-f]` on the first control plane. */
export async function upgradeApply({ kubeadm, versionArg, yes, force }) {
  const newer = kubeadm.minor >= 30;
  if (!versionArg) fatal(newer ? 'error execution phase preflight: missing required argument: version' : '[upgrade/version] FATAL: missing one or more required arguments. Required arguments: [version]');
  const target = kubeVersion(versionArg.replace(/^v/, ''));
  const admin = loadKubeconfig('/etc/kubernetes/admin.conf');
  for (const line of applyHeader(newer)) out(line);
  const current = await clusterVersion(admin);
  if (!current) fatal(`[upgrade/health] FATAL: [preflight] Some fatal errors occurred:\n\t[ERROR APIServerHealth]: the API Server is unhealthy; /healthz didn't return "ok"`);
  out(`[upgrade/version] You have chosen to ${newer ? 'upgrade' : 'change'} the cluster version to "${target.full}"`);
  out(`[upgrade/versions] Cluster version: ${current}`);
  out(`[upgrade/versions] kubeadm version: ${kubeadm.full}`);
  const problem = policyFatal(versionPolicy(kubeVersion(current.replace(/^v/, '')), kubeadm, target), force, newer);
  if (problem) fatal(problem);
  if (!yes) await confirm();

  const cfgMap = await get(admin, '/api/v1/namespaces/kube-system/configmaps/kubeadm-config');
  const clusterCfg = YAML.parse(cfgMap?.data?.ClusterConfiguration ?? '{}') ?? {};
  const images = imageList(target.full, clusterCfg.imageRepository, kubeadm.full);
  const img = (c) => images.find((i) => i.includes(`/${c}:`));
  out(`[upgrade/apply] Upgrading your Static Pod-hosted control plane to version "${target.full}"...`);
  const backup = backupDir();
  const etcdImage = img('etcd');
  if (etcdImage && rewriteManifest('etcd', etcdImage, target)) out(movedLine('etcd', backup));
  for (const c of CONTROL_PLANE) {
    out(`[upgrade/staticpods] Preparing for "${c}" upgrade`);
    if (!rewriteManifest(c, img(c), target)) continue;
    out(movedLine(c, backup));
    out('[upgrade/staticpods] Waiting for the kubelet to restart the component');
    out('[upgrade/staticpods] This might take a minute or longer depending on the component/version gap (timeout 5m0s)');
    if (c === 'kube-apiserver' && !(await waitVersion(admin, target.full, scaled(300)))) {
      fatal(`[upgrade/apply] FATAL: couldn't upgrade control plane. kubeadm has tried to recover everything into the earlier state. Errors faced: timed out waiting for the condition`);
    }
    out(`[upgrade/staticpods] Component "${c}" upgraded successfully!`);
  }
  out('[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace');
  await updateObject(admin, '/api/v1/namespaces/kube-system/configmaps/kubeadm-config', (cm) => {
    cm.data.ClusterConfiguration = YAML.stringify({ ...clusterCfg, kubernetesVersion: target.full });
  });
  const cmName = kubeletConfigMap(target);
  out(`[kubelet] Creating a ConfigMap "${cmName}" in namespace kube-system with the configuration for the kubelets in the cluster`);
  const kubeletCfg = readFileSync('/var/lib/kubelet/config.yaml', 'utf8');
  const cmBody = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: cmName, namespace: 'kube-system' }, data: { kubelet: kubeletCfg } };
  const created = await write(admin, 'POST', '/api/v1/namespaces/kube-system/configmaps', cmBody);
  if (created.status === 409) await write(admin, 'PUT', `/api/v1/namespaces/kube-system/configmaps/${cmName}`, cmBody);
  out(`[kubelet-start] Downloading configuration for the kubelet from the "${cmName}" ConfigMap in the kube-system namespace`);
  out('[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"');
  await updateObject(admin, '/apis/apps/v1/namespaces/kube-system/deployments/coredns', (d) => {
    d.spec.template.spec.containers[0].image = img('coredns');
  });
  out('[addons] Applied essential addon: CoreDNS');
  await updateObject(admin, '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy', (d) => {
    d.spec.template.spec.containers[0].image = img('kube-proxy');
  });
  out('[addons] Applied essential addon: kube-proxy');
  out('');
  for (const line of successLines(target, newer)) out(line);
}

/**
 * `kubeadm upgrade node`: on a further control plane its manifests follow the cluster's version;
 * on every node the kubelet configuration is downloaded from the cluster. Uses the node's own
 * credentials (kubelet.conf), as kubeadm does on a worker.
 */
export async function upgradeNode({ kubeadm }) {
  const isControlPlane = existsSync(`${MANIFESTS}/kube-apiserver.yaml`);
  const conn = loadKubeconfig(isControlPlane && existsSync('/etc/kubernetes/admin.conf') ? '/etc/kubernetes/admin.conf' : '/etc/kubernetes/kubelet.conf');
  out('[upgrade] Reading configuration from the cluster...');
  out("[upgrade] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -oyaml'");
  const cfgMap = await get(conn, '/api/v1/namespaces/kube-system/configmaps/kubeadm-config').catch(() => undefined);
  if (!cfgMap) fatal('unable to fetch the kubeadm-config ConfigMap: failed to get config map: Get "' + conn.server + '/api/v1/namespaces/kube-system/configmaps/kubeadm-config?timeout=10s": dial tcp: connect: connection refused');
  const clusterCfg = YAML.parse(cfgMap.data?.ClusterConfiguration ?? '{}') ?? {};
  const target = kubeVersion(String(clusterCfg.kubernetesVersion ?? kubeadm.full).replace(/^v/, ''));
  if (isControlPlane) {
    const images = imageList(target.full, clusterCfg.imageRepository, kubeadm.full);
    const backup = backupDir();
    out(`[upgrade] Upgrading your Static Pod-hosted control plane instance to version "${target.full}"...`);
    for (const c of CONTROL_PLANE) {
      if (rewriteManifest(c, images.find((i) => i.includes(`/${c}:`)), target)) {
        out(movedLine(c, backup));
        out(`[upgrade/staticpods] Component "${c}" upgraded successfully!`);
      }
    }
  } else out('[upgrade] Skipping phase. Not a control plane node.');
  const cmName = kubeletConfigMap(kubeadm);
  const cm = await get(conn, `/api/v1/namespaces/kube-system/configmaps/${cmName}`);
  if (!cm) fatal(`configmaps "${cmName}" not found`);
  out(`[kubelet-start] Downloading configuration for the kubelet from the "${cmName}" ConfigMap in the kube-system namespace`);
  out('[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"');
  writeFileSync('/var/lib/kubelet/config.yaml', cm.data.kubelet);
  out('[upgrade] The configuration for this node was successfully updated!');
  out('[upgrade] Now you should go ahead and upgrade the kubelet package using your package manager.');
}
