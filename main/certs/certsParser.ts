import { parseOpensslEndDate } from '../../common/certs/certificateList';
import { parseCheckExpiration, type CheckExpiration } from '../../common/certs/checkExpiration';

/** What scripts/certs.sh printed on one node. */
export interface NodeCertsOutput {
  kubelet: { source: 'kubelet-client' | 'kubelet-serving'; path: string; expiresAt?: string }[];
  /** Present when the script ran kubeadm (a control plane). */
  kubeadm?: { table?: CheckExpiration; exitCode: number; text: string };
}

export function parseNodeCerts(stdout: string): NodeCertsOutput {
  const kubelet: NodeCertsOutput['kubelet'] = [];
  for (const m of stdout.matchAll(/^@@KL:cert (kubelet-client|kubelet-serving) (\S+) (.*)$/gm)) {
    const expiresAt = parseOpensslEndDate(m[3] ?? '');
    kubelet.push({
      source: m[1] === 'kubelet-client' ? 'kubelet-client' : 'kubelet-serving',
      path: m[2] ?? '',
      ...(expiresAt ? { expiresAt } : {}),
    });
  }
  const start = stdout.indexOf('@@KL:kubeadm\n');
  const exit = /^@@KL:kubeadm-exit (\d+)$/m.exec(stdout);
  if (start < 0 || !exit) return { kubelet };
  const text = stdout.slice(start + '@@KL:kubeadm\n'.length, exit.index);
  const table = parseCheckExpiration(text);
  return { kubelet, kubeadm: { ...(table ? { table } : {}), exitCode: Number(exit[1]), text } };
}
