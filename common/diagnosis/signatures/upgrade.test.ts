import { describe, expect, it } from 'vitest';
import { classify } from '../matcher';

/** The lab kubeadm's failed apply (tests/lab/node/upgrade.mjs), the ≤1.29 wording. */
const LAB_APPLY_FAILURE = [
  '[upgrade/apply] Upgrading your Static Pod-hosted control plane to version "v1.19.16"...',
  "[upgrade/apply] FATAL: couldn't upgrade control plane. kubeadm has tried to recover everything into the earlier state. Errors faced: timed out waiting for the condition",
].join('\n');

describe('a control plane upgrade kubeadm rolled back', () => {
  it('is named, with the backups to restore from in both languages', () => {
    const [d] = classify(LAB_APPLY_FAILURE).diagnoses;
    expect(d?.signatureId).toBe('upgrade-rolled-back');
    expect(d?.evidence.line).toBe(2);
    for (const text of [d?.fix.text.en ?? '', d?.fix.text.zh ?? '']) {
      expect(text).toContain('/etc/kubernetes/tmp/kubeadm-backup-manifests-');
      expect(text).toContain('/etc/kubernetes/tmp/kubeadm-backup-etcd-');
      expect(text).toContain('/etc/kubernetes-backup-');
      expect(text).toContain('etcd snapshot before the hop saved as');
    }
  });

  it('ranks below a line that says why the new component failed', () => {
    const text = `${LAB_APPLY_FAILURE}\n[ERROR Swap]: running with swap on is not supported`;
    expect(classify(text).diagnoses.map((d) => d.signatureId)).toEqual([
      'swap-on',
      'upgrade-rolled-back',
    ]);
  });
});
