import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseCheckExpiration,
  parseKubeadmDate,
  type KubeadmCertificate,
} from '../../../common/certs/checkExpiration';

/** Parser of `kubeadm (alpha) certs check-expiration` on every published output collected. */
const DIR = new URL('../../fixtures/real/check-expiration/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, DIR), 'utf8');
const parse = (name: string): KubeadmCertificate[] => {
  const parsed = parseCheckExpiration(fixture(name));
  if (!parsed) throw new Error(`${name}: no table`);
  return parsed.certificates;
};
const byName = (rows: KubeadmCertificate[], name: string): KubeadmCertificate | undefined =>
  rows.find((r) => r.name === name);

/** The certificates kubeadm ≥ 1.15 lists in its first table, in its order (certlist.go). */
const LEAVES = [
  'admin.conf',
  'apiserver',
  'apiserver-etcd-client',
  'apiserver-kubelet-client',
  'controller-manager.conf',
  'etcd-healthcheck-client',
  'etcd-peer',
  'etcd-server',
  'front-proxy-client',
  'scheduler.conf',
];

describe('kubeadm certs check-expiration, published outputs', () => {
  it('every fixture names its source and parses into rows of known names', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.txt'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      expect(fixture(f).split('\n')[0]).toMatch(/^# source: https:\/\/github\.com\/\S+ \(.+\)$/);
      const rows = parse(f);
      expect(rows.length, f).toBeGreaterThanOrEqual(8);
      for (const r of rows) {
        expect([...LEAVES, 'super-admin.conf', 'ca', 'etcd-ca', 'front-proxy-ca']).toContain(
          r.name,
        );
        expect(r.missing || r.expiresAt !== undefined, `${f} ${r.name}`).toBe(true);
      }
    }
  });

  it('GA 1.33: both tables, super-admin.conf, CA column and the padded EXTERNALLY MANAGED', () => {
    const parsed = parseCheckExpiration(fixture('ga-1.33-super-admin-nectar.txt'));
    expect(parsed?.form).toBe('tables');
    const rows = parsed?.certificates ?? [];
    expect(rows.filter((r) => !r.authority).map((r) => r.name)).toEqual([
      ...LEAVES,
      'super-admin.conf',
    ]);
    expect(rows.filter((r) => r.authority).map((r) => r.name)).toEqual([
      'ca',
      'etcd-ca',
      'front-proxy-ca',
    ]);
    expect(byName(rows, 'apiserver-etcd-client')).toEqual({
      name: 'apiserver-etcd-client',
      authority: false,
      missing: false,
      expiresAt: '2026-08-19T09:03:00.000Z',
      residual: '360d',
      signedBy: 'etcd-ca',
      externallyManaged: false,
    });
    expect(byName(rows, 'front-proxy-ca')).toEqual({
      name: 'front-proxy-ca',
      authority: true,
      missing: false,
      expiresAt: '2035-08-17T09:03:00.000Z',
      residual: '9y',
      externallyManaged: false,
    });
  });

  it('alpha 1.15: one table, no CA column, a Go bool for EXTERNALLY MANAGED', () => {
    const parsed = parseCheckExpiration(fixture('alpha-1.15-devops-note.txt'));
    expect(parsed?.form).toBe('alpha-1.15');
    const rows = parsed?.certificates ?? [];
    expect(rows.map((r) => r.name)).toEqual(LEAVES);
    expect(rows.every((r) => !r.authority && r.signedBy === undefined)).toBe(true);
    expect(byName(rows, 'admin.conf')).toMatchObject({
      expiresAt: '2020-05-15T13:03:00.000Z',
      residual: '364d',
      externallyManaged: false,
    });
  });

  it('alpha 1.20 with external etcd: !MISSING! rows in both tables, blank CA of kubeconfigs', () => {
    const rows = parse('alpha-1.20-missing-etcd-99year.txt');
    expect(rows.filter((r) => r.missing).map((r) => r.name)).toEqual([
      'apiserver-etcd-client',
      'etcd-healthcheck-client',
      'etcd-peer',
      'etcd-server',
      'etcd-ca',
    ]);
    expect(byName(rows, 'etcd-ca')).toEqual({ name: 'etcd-ca', authority: true, missing: true });
    expect(byName(rows, 'admin.conf')?.signedBy).toBeUndefined();
    expect(byName(rows, 'apiserver')?.signedBy).toBe('ca');
    expect(byName(rows, 'scheduler.conf')?.expiresAt).toBe('2120-10-23T04:50:00.000Z');
  });

  it('expired: <invalid> residual kept beside a date in the past, a live one next to it', () => {
    const rows = parse('ga-invalid-missing-etcd-akash.txt');
    expect(byName(rows, 'admin.conf')).toMatchObject({
      residual: '<invalid>',
      expiresAt: '2023-02-20T17:12:00.000Z',
    });
    expect(byName(rows, 'apiserver')?.residual).toBe('10d');
    expect(rows.filter((r) => r.authority).map((r) => [r.name, r.missing])).toEqual([
      ['ca', false],
      ['etcd-ca', true],
      ['front-proxy-ca', false],
    ]);
    const cloudstack = parse('ga-invalid-cloudstack-9418.txt');
    expect(cloudstack).toHaveLength(8);
    expect(cloudstack.every((r) => r.residual === '<invalid>')).toBe(true);
  });
});

describe('parseCheckExpiration on what is not a table', () => {
  it('says nothing rather than an empty list', () => {
    expect(parseCheckExpiration('')).toBeUndefined();
    expect(
      parseCheckExpiration('error: failed to load existing certificate ca: open ca.crt'),
    ).toBeUndefined();
  });
  it('rejects dates that are not kubeadm’s layout', () => {
    expect(parseKubeadmDate('Aug 19, 2026 09:03 UTC')).toBe('2026-08-19T09:03:00.000Z');
    expect(parseKubeadmDate('Aug 19 2026 09:03 UTC')).toBeUndefined();
    expect(parseKubeadmDate('Foo 19, 2026 09:03 UTC')).toBeUndefined();
  });
});
