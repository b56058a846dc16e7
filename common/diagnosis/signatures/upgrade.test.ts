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

/** The drain step's last lines when a budget blocks (main/steps/upgradeDrain.test.ts). */
const DRAIN_BLOCKED = [
  'error when evicting pods/"web-5d8f7c9b6-x2x7q" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.',
  "[kubelab] blocked: pod default/web-5d8f7c9b6-x2x7q: Cannot evict pod as it would violate the pod's disruption budget.",
  '[kubelab] blocking PodDisruptionBudget: default/web-pdb',
  "[kubelab] error: kubectl drain node1 did not finish within 10s: a PodDisruptionBudget refuses to let default/web-5d8f7c9b6-x2x7q go; node1's kubelet was not upgraded.",
].join('\n');

describe('a drain a PodDisruptionBudget blocks', () => {
  it('is named on the drain step’s own line, with the three choices in both languages', () => {
    const [d] = classify(DRAIN_BLOCKED).diagnoses;
    expect(d?.signatureId).toBe('upgrade-drain-blocked');
    expect(d?.evidence.line).toBe(4);
    for (const text of [d?.fix.text.en ?? '', d?.fix.text.zh ?? '']) {
      expect(text).toContain('--drain-blocked wait');
      expect(text).toContain('--drain-blocked skip');
      expect(text).toContain('--drain-blocked force');
      expect(text).toContain('kubectl drain --disable-eviction');
    }
  });
});
