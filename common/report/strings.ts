import type { ReportLang } from './model';
import { zhCN } from './stringsZh';

/**
 * Every word a report prints, in English and Simplified Chinese. The zh-CN table is typed by the
 * English one, so a missing translation is a compile error. `{name}` placeholders are filled by
 * `fmt`.
 */
const en = {
  title: 'Cluster report',
  generatedBy: 'Generated {at} by {generator}',
  notChecked: 'not checked',
  none: 'none',
  yes: 'yes',
  no: 'no',
  'section.summary': 'Cluster summary',
  'section.nodes': 'Nodes',
  'section.topology': 'Topology',
  'section.components': 'System components and health',
  'section.timeline': 'Install timeline',
  'section.preflight': 'Preflight results',
  'section.network': 'Network matrices',
  'section.warnings': 'Warnings',
  'section.kubeadmConfig': 'Generated kubeadm configuration',
  'section.addNode': 'How to add a node',
  'section.expiry': 'Token, certificate-key and certificate expiry',
  'summary.projectName': 'Project',
  'summary.clusterName': 'Cluster name',
  'summary.kubernetesVersion': 'Kubernetes version',
  'summary.endpoint': 'API endpoint',
  'summary.runtime': 'Container runtime',
  'summary.cni': 'Pod network (CNI)',
  'summary.mirrorProfile': 'Mirror profile',
  'summary.imageRepository': 'Image repository',
  'summary.podCidr': 'Pod CIDR',
  'summary.serviceCidr': 'Service CIDR',
  'summary.dnsDomain': 'DNS domain',
  'summary.controlPlaneMode': 'Control-plane mode',
  'summary.nodes': 'Nodes',
  // Counts are chosen per number (pluralNodes): "1 worker", never "1 workers".
  'summary.nodesValue': '{cp}, {workers}',
  'summary.cp.one': '{n} control-plane node',
  'summary.cp.other': '{n} control-plane nodes',
  'summary.workers.one': '{n} worker',
  'summary.workers.other': '{n} workers',
  // The plan's values as the Plan screen names them, not their ids.
  'value.runtime.docker': 'Docker',
  'value.runtime.containerd': 'containerd',
  'value.runtime.cri-dockerd': 'Docker via cri-dockerd',
  'value.mirrorProfile.upstream': 'Upstream (registry.k8s.io, pkgs.k8s.io)',
  'value.mirrorProfile.china': 'Mirrors in China (Aliyun)',
  'value.controlPlaneMode.static-pod': 'Static Pods (kubeadm default)',
  'value.controlPlaneMode.self-hosted': 'Self-hosted',
  'summary.outcome': 'Install outcome',
  'summary.healthy': 'Healthy',
  'node.name': 'Name',
  'node.hostname': 'Hostname',
  'node.address': 'Address',
  'node.role': 'Role',
  'node.os': 'OS',
  'node.kernel': 'Kernel',
  'node.osKernel': 'OS / kernel',
  'node.cpus': 'CPUs',
  'node.memory': 'Memory',
  'node.resources': 'CPUs / memory',
  'node.runtime': 'Runtime',
  'node.kubelet': 'Kubelet',
  'node.packages': 'Packages (as the repository resolved them)',
  'node.versions': 'Runtime / kubelet',
  'node.status': 'Status',
  'role.control-plane': 'control plane',
  'role.worker': 'worker',
  'health.ready': 'Ready',
  'health.not-ready': 'NotReady',
  'health.installed': 'installed',
  'health.failed': 'failed',
  'health.pending': 'pending',
  'health.unknown': 'unknown',
  'outcome.succeeded': 'succeeded',
  'outcome.failed': 'failed',
  'outcome.cancelled': 'cancelled',
  'outcome.running': 'running',
  'outcome.not-run': 'not run',
  'component.kind': 'Kind',
  'component.name': 'Name',
  'component.node': 'Node',
  'component.status': 'Status',
  'component.detail': 'Detail',
  'kind.api-server': 'API server',
  'kind.pod': 'system pod',
  'kind.dns': 'DNS',
  'probe.ok': 'ok',
  'probe.failed': 'failed',
  'probe.unknown': 'unknown',
  'timeline.node': 'Node',
  'timeline.step': 'Step',
  'timeline.status': 'Status',
  'timeline.attempts': 'Attempts',
  'timeline.start': 'Started',
  'timeline.duration': 'Duration',
  'timeline.error': 'Error / note',
  'timeline.run': 'Run {runId}: {start} → {end} ({duration}); retries: {retries}',
  'timeline.fixes': 'Fixes applied',
  'timeline.legend': 'Steps',
  'timeline.fix': 'Fix',
  'timeline.commands': 'Commands',
  'task.pending': 'pending',
  'task.running': 'running',
  'task.done': 'done',
  'task.already-done': 'already done',
  'task.failed': 'failed',
  'task.skipped': 'skipped',
  'task.cancelled': 'cancelled',
  'preflight.check': 'Check',
  'preflight.nodes': 'Nodes',
  'preflight.result': 'Result',
  'preflight.message': 'Message',
  'preflight.evidence': 'Evidence',
  'preflight.counts': '{block} blocking, {warn} warnings, {pass} passed, {unknown} unknown',
  'preflight.passedHidden': '{n} passed checks are not listed.',
  'preflight.fail.block': 'blocking',
  'preflight.fail.warn': 'warning',
  'preflight.pass': 'pass',
  'preflight.unknown': 'unknown',
  'network.before-install': 'Before install: node to node',
  'network.after-install': 'After install: pod to pod',
  'network.fromTo': 'from \\ to',
  'network.broken': 'broken pairs: {n}',
  'network.allOk': 'every pair ok',
  'network.brokenList': 'Broken pairs',
  'network.tooLarge': 'Only broken pairs are listed for {n} nodes.',
  'warning.source.plan': 'plan',
  'warning.source.preflight': 'preflight',
  'warning.source.install': 'install',
  'warning.source.verification': 'verification',
  'warning.source.expiry': 'expiry',
  'warning.retried': '{step} needed {n} attempts on {node}.',
  'warning.failed': '{step} failed on {node}: {error}',
  'warning.notReady': 'Node {node} is {status}.',
  'warning.pod': 'System pod {ns}/{name} is {status} ({restarts} restarts).',
  'warning.readyz': 'The API server /readyz check failed: {detail}',
  'warning.dns': 'DNS lookup of {name} failed: {detail}',
  'warning.broken': '{probe}: {from} → {to} failed{detail}.',
  'warning.expiresSoon': '{item} {name} expires {at}.',
  'addNode.intro':
    'The join command below has its secrets removed. Mint a fresh token on a control-plane node; it prints the complete command to run on the new machine.',
  'addNode.step1':
    'Add the machine in kubelab (Nodes), run Preflight on it and let kubelab prepare it (same runtime and package versions), or do it by hand as in the install timeline.',
  'addNode.step2':
    'On a control-plane node, mint a fresh token (valid 24 hours): the command prints the whole join command.',
  'addNode.step3': 'Run that join command on the new machine as root.',
  'addNode.step4':
    'For another control-plane node, also upload the certificates (the key is deleted after 2 hours) and add --control-plane --certificate-key to the join command.',
  'addNode.step5': 'Check on the control plane: kubectl get nodes -o wide.',
  'addNode.join': 'Join command (redacted)',
  'addNode.token': 'Mint a fresh token',
  'addNode.certKey': 'Upload certificates (control-plane join)',
  'expiry.item': 'Item',
  'expiry.name': 'Name',
  'expiry.expiresAt': 'Expires',
  'expiry.source': 'Source',
  'expiry.bootstrap-token': 'bootstrap token',
  'expiry.certificate-key': 'certificate key',
  'expiry.certificate': 'certificate',
  'expiry.certificate-authority': 'certificate authority',
  'expiry.cluster': 'read from the cluster',
  'expiry.estimated': 'estimated (kubeadm defaults from the init time)',
  'kubeadmConfig.unavailable':
    'Not available: the plan’s Kubernetes version is not in kubelab’s catalog.',
  'topology.endpoint': 'API endpoint',
  'section.ha': 'High availability',
  'ha.endpoint': 'Control-plane endpoint',
  'ha.topology': 'Topology',
  'ha.stacked-etcd': 'stacked etcd (an etcd member on each control plane)',
  'ha.external-etcd': 'external etcd',
  'ha.loadBalancer': 'Load balancer',
  'ha.kube-vip': 'kube-vip (static pod, ARP, leader election)',
  'ha.haproxy-keepalived': 'haproxy + keepalived on the control planes',
  'ha.external': 'external load balancer',
  'ha.none': 'none',
  'ha.vip': 'Virtual IP',
  'ha.controlPlanes': 'Control planes',
  'ha.etcdMembers': 'etcd members',
  'ha.etcdValue': '{n} (tolerates {f} failed)',
  'ha.vipHolder': 'Holds the VIP',
  'ha.seenAt': '{holder} (as of {at})',
  'ha.node': 'Node',
  'ha.apiServer': 'API server (kube-apiserver pod)',
  'ha.member': 'etcd member',
  'ha.health': 'Health',
  'ha.withDetail': '{status} ({detail})',
  'gantt.axis': 'minutes since the run started',
  'section.lastBackup': 'Last etcd backup',
  'section.removedNodes': 'Removed machines',
  'backup.none':
    'No etcd snapshot has been downloaded to this computer: back up with kubelab etcd backup.',
  'backup.time': 'Taken',
  'backup.revision': 'Revision',
  'backup.size': 'Size',
  'backup.sha256': 'SHA-256',
  'backup.file': 'File',
  'backup.versions': 'etcd / Kubernetes',
  'backup.node': 'Taken on',
  'removed.none': 'No machine has been removed from the cluster.',
  'removed.node': 'Machine',
  'removed.at': 'Removed',
  'removed.how': 'How',
  'removed.reset': 'drained, reset and cleaned',
  'removed.unreachable':
    'unreachable: removed from the cluster only, its Kubernetes state is still on it',
};

export type StringKey = keyof typeof en;

const TABLES: Record<ReportLang, Record<StringKey, string>> = { en, 'zh-CN': zhCN };

export type Translate = (key: StringKey, vars?: Record<string, string | number>) => string;

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function fmt(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

export function translator(lang: ReportLang): Translate {
  const table = TABLES[lang];
  return (key, vars) => fmt(table[key], vars);
}

/** "1 worker" / "2 workers": the summary's node counts, each with its own plural. */
export function nodesValue(t: Translate, controlPlanes: number, workers: number): string {
  const count = (key: 'cp' | 'workers', n: number): string =>
    t(`summary.${key}.${n === 1 ? 'one' : 'other'}`, { n });
  return t('summary.nodesValue', {
    cp: count('cp', controlPlanes),
    workers: count('workers', workers),
  });
}

/** Looks up a dynamic key (`task.<status>`), falling back to the raw value for unknown codes. */
export function translateCode(t: Translate, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return Object.hasOwn(en, key) ? t(key as StringKey) : code;
}
