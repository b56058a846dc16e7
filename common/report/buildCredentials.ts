import type { Project } from '../model/project';
import type { Verification } from '../model/verification';
import { apiEndpoint } from './buildSummary';
import type { Report, ReportExpiry } from './model';
import type { Translate } from './strings';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function plus(iso: string, ms: number): string | undefined {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t + ms).toISOString() : undefined;
}

/**
 * Expiry dates: read from the cluster when verification has them, else kubeadm's defaults from
 * the time `kubeadm init` ran — bootstrap token 24 h, uploaded certificate key 2 h (only with
 * more than one control plane, where kubelab uploads it), certificates 1 year, CAs 10 years.
 */
export function buildExpiry(project: Project, v: Verification | undefined): ReportExpiry[] {
  const c = v?.credentials;
  if (c) {
    const out: ReportExpiry[] = [];
    for (const t of c.tokens) {
      if (t.expiresAt) {
        out.push({
          item: 'bootstrap-token',
          name: t.id,
          expiresAt: t.expiresAt,
          source: 'cluster',
        });
      }
    }
    if (c.certificateKeyExpiresAt) {
      out.push({
        item: 'certificate-key',
        name: 'kubeadm-certs',
        expiresAt: c.certificateKeyExpiresAt,
        source: 'cluster',
      });
    }
    for (const cert of c.certificates) {
      out.push({
        item: cert.authority ? 'certificate-authority' : 'certificate',
        name: cert.name,
        expiresAt: cert.expiresAt,
        source: 'cluster',
      });
    }
    return out;
  }
  const init = project.runState?.tasks.find((t) => t.stepId === 'kubeadm-init' && t.finishedAt);
  const at = init?.finishedAt;
  if (!at) return [];
  const est = (item: ReportExpiry['item'], name: string, ms: number): ReportExpiry[] => {
    const expiresAt = plus(at, ms);
    return expiresAt ? [{ item, name, expiresAt, source: 'estimated' }] : [];
  };
  const multiCp = project.nodes.filter((n) => n.role === 'control-plane').length > 1;
  return [
    ...est('bootstrap-token', 'kubeadm init', DAY),
    ...(multiCp ? est('certificate-key', 'kubeadm-certs', 2 * HOUR) : []),
    ...est(
      'certificate',
      'apiserver, apiserver-kubelet-client, front-proxy-client, etcd/*',
      365 * DAY,
    ),
    ...est('certificate-authority', 'ca, front-proxy-ca, etcd/ca', 3650 * DAY),
  ];
}

/** How to add a node later, with placeholders where the secrets would be. */
export function buildAddNode(project: Project, t: Translate): Report['addNode'] {
  const endpoint = apiEndpoint(project).replace(/^https:\/\//, '');
  return {
    joinCommand:
      `kubeadm join ${endpoint} --token <redacted> ` +
      '--discovery-token-ca-cert-hash sha256:<redacted>',
    tokenCommand: 'kubeadm token create --ttl 24h --print-join-command',
    certificateKeyCommand: 'kubeadm init phase upload-certs --upload-certs',
    steps: [
      t('addNode.intro'),
      t('addNode.step1'),
      t('addNode.step2'),
      t('addNode.step3'),
      t('addNode.step4'),
      t('addNode.step5'),
    ],
  };
}
