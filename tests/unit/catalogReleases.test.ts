// The generated catalog against its sources: every patch release it has, every published
// `kubeadm config images list` output the source snapshot holds, and the generator's refusal
// when the sources disagree (scripts/catalog/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubeadmImages, resolveVersion, type ResolvedVersion } from '../../common/catalog/images';
import { KUBERNETES_MINORS, newestVersion } from '../../common/catalog/kubernetesVersions';
import { KUBEADM_RELEASES, kubeadmRelease, RELEASE_CATALOG } from '../../common/catalog/releases';
import {
  format,
  generate,
  type ChangePoint,
  type ConstantsSource,
  type ObservedSource,
} from '../../scripts/catalog/generate.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const constants = readJson('scripts/catalog/sources/kubeadm-constants.json') as ConstantsSource;
const observed = readJson('scripts/catalog/sources/observed-lists.json') as ObservedSource;

function v(text: string): ResolvedVersion {
  const r = resolveVersion(text);
  if (!r) throw new Error(`not in catalog: ${text}`);
  return r;
}

function minorPatch(version: string): [number, number] {
  const [, minor, patch] = version.split('.').map(Number);
  return [minor ?? 0, patch ?? 0];
}

/** The value a source's change points give for a patch (independent of the generator). */
function pointAt(points: readonly ChangePoint[], patch: number): string | undefined {
  return points.filter((p) => p.from <= patch).at(-1)?.value;
}

describe('the generated catalog', () => {
  it('is what `npm run catalog:update` makes of the committed sources', () => {
    const fresh = generate(constants, observed, RELEASE_CATALOG.generatedAt);
    const committed = readFileSync(join(ROOT, 'common/catalog/data/kubeadm-releases.json'), 'utf8');
    expect(committed).toBe(format(fresh));
  });

  it('has every patch from .0 to the newest published of every minor, 1.18 to 1.37', () => {
    const minors = Object.keys(constants.minors).map(Number);
    expect(minors).toEqual(Array.from({ length: 20 }, (_, i) => 18 + i));
    let count = 0;
    for (const minor of minors) {
      const src = constants.minors[String(minor)];
      if (!src) throw new Error(`no source for 1.${minor}`);
      for (let patch = 0; patch <= src.published; patch++) {
        expect(kubeadmRelease(minor, patch), `1.${minor}.${patch}`).toBeDefined();
        count++;
      }
    }
    expect(KUBEADM_RELEASES).toHaveLength(count);
  });

  it('walks every release: kubelab images = kubeadm’s list from the sources’ constants', () => {
    for (const release of KUBEADM_RELEASES) {
      const [minor, patch] = minorPatch(release.version);
      const src = constants.minors[String(minor)];
      if (!src) throw new Error(`no source for 1.${minor}`);
      const repo = pointAt(src.registry, patch) ?? '';
      const tag = `v${release.version}`;
      const dnsRepo = minor >= 21 ? `${repo}/coredns` : repo;
      const dns = `${dnsRepo}/coredns:${pointAt(src.coredns, patch)}`;
      const pause = `${repo}/pause:${pointAt(src.pause, patch)}`;
      const etcd = `${repo}/etcd:${pointAt(src.etcd, patch)}`;
      const core = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy'];
      const head = core.map((c) => `${repo}/${c}:${tag}`);
      const want = minor >= 29 ? [...head, dns, pause, etcd] : [...head, pause, etcd, dns];
      expect(kubeadmImages(v(release.version)), release.version).toEqual(want);
    }
  });

  it('prints exactly every published `kubeadm config images list` in the sources', () => {
    expect(observed.lists.length).toBeGreaterThanOrEqual(10);
    for (const o of observed.lists) {
      // kubeadm's own constants decide the tags; the listed version only the core images' tag.
      const kubeadm = kubeadmRelease(...minorPatch(o.kubeadm));
      if (!kubeadm) throw new Error(`kubeadm ${o.kubeadm} not in the catalog`);
      const listed = { ...v(o.kubernetesVersion), release: kubeadm };
      const label = `${o.kubernetesVersion} (${o.source})`;
      expect(kubeadmImages(listed, o.imageRepository), label).toEqual(o.images);
    }
  });

  it('names a source for every value it holds', () => {
    for (const r of KUBEADM_RELEASES) {
      for (const s of r.sources)
        expect(RELEASE_CATALOG.sources[s], `${r.version} ${s}`).toBeTruthy();
    }
  });
});

describe('catalog:update refuses disagreeing sources', () => {
  const clone = (): ConstantsSource => structuredClone(constants);

  it('names the version, the field and both sources when a published list disagrees', () => {
    const bad = clone();
    const m26 = bad.minors['26'];
    if (!m26) throw new Error('no 1.26');
    m26.etcd = [{ from: 0, value: '3.5.5-0', source: 'hub-mirrors' }];
    expect(() => generate(bad, observed, 'x')).toThrow(
      /sources disagree on 1\.26\.0 \(kubeadm 1\.26\.0\) etcd: https:\/\/learnk8s\.io.* lists 3\.5\.6-0, the change points \(hub-mirrors\) give 3\.5\.5-0/,
    );
  });

  it('refuses change points out of order and unknown sources', () => {
    const bad = clone();
    const m = bad.minors['28'];
    if (!m) throw new Error('no 1.28');
    m.etcd = [...m.etcd, { from: 3, value: '3.5.99-0', source: 'hub-mirrors' }];
    expect(() => generate(bad, observed, 'x')).toThrow(/1\.28 etcd: change points out of order/);
    const unknown = clone();
    const u = unknown.minors['35'];
    if (!u) throw new Error('no 1.35');
    u.pause = [{ from: 0, value: '3.10.1', source: 'a-blog' }];
    expect(() => generate(unknown, observed, 'x')).toThrow(/1\.35\.0: unknown source "a-blog"/);
  });
});

describe('versions to 1.37', () => {
  it('offers 1.35, 1.36 and 1.37, the newest as the modern default', () => {
    expect(KUBERNETES_MINORS.map((m) => m.minor).slice(-3)).toEqual([35, 36, 37]);
    expect(newestVersion()).toBe('1.37.2');
    expect(v('1.37.1').verified).toBe(true);
    expect(kubeadmImages(v('1.35'))).toContain('registry.k8s.io/coredns/coredns:v1.13.1');
  });

  it('lets a patch newer than the catalog through, marked inferred from the newest it has', () => {
    const newer = v('1.37.9');
    expect(newer.inferred).toBe(true);
    expect(newer.verified).toBe(false);
    expect(newer.release.version).toBe('1.37.2');
    expect(kubeadmImages(newer)[0]).toBe('registry.k8s.io/kube-apiserver:v1.37.9');
  });

  it('follows the patch-level CoreDNS and etcd changes the minor-level table missed', () => {
    expect(kubeadmImages(v('1.31.0'))).toContain('registry.k8s.io/coredns/coredns:v1.11.1');
    expect(kubeadmImages(v('1.31.1'))).toContain('registry.k8s.io/coredns/coredns:v1.11.3');
    expect(kubeadmImages(v('1.28.13'))).toContain('registry.k8s.io/etcd:3.5.12-0');
    expect(kubeadmImages(v('1.28.14'))).toContain('registry.k8s.io/etcd:3.5.15-0');
    expect(kubeadmImages(v('1.32.10'))).toContain('registry.k8s.io/etcd:3.5.24-0');
    expect(kubeadmImages(v('1.34.2'))).toContain('registry.k8s.io/etcd:3.6.5-0');
  });
});
