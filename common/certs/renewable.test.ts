import { describe, expect, it } from 'vitest';
import { certsToRenew, renewCommand, RenewCertsParamsSchema } from './renewable';

describe('what a renewal covers', () => {
  it('all: kubeadm’s handlers of that version, super-admin.conf from 1.29', () => {
    expect(certsToRenew({}, 28).map((c) => c.name)).not.toContain('super-admin.conf');
    expect(certsToRenew({}, 29).map((c) => c.name)).toContain('super-admin.conf');
    expect(certsToRenew({}, 18)).toHaveLength(10);
  });

  it('chosen ones in kubeadm’s order, each once', () => {
    const p = RenewCertsParamsSchema.parse({ certs: ['scheduler.conf', 'apiserver'] });
    expect(certsToRenew(p, 25).map((c) => c.path)).toEqual([
      '/etc/kubernetes/pki/apiserver.crt',
      '/etc/kubernetes/scheduler.conf',
    ]);
  });

  it('`alpha certs` before 1.20, `certs` from 1.20; `all` unless names are given', () => {
    expect(renewCommand({}, 19)).toEqual({ group: 'alpha certs', args: ['all'] });
    expect(renewCommand({}, 20)).toEqual({ group: 'certs', args: ['all'] });
    expect(renewCommand({ certs: ['etcd-peer'] }, 30)).toEqual({
      group: 'certs',
      args: ['etcd-peer'],
    });
  });

  it('an unknown certificate name is refused, naming it', () => {
    const r = RenewCertsParamsSchema.safeParse({ certs: ['apiserver', 'ca'] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['certs', 1]);
  });
});
