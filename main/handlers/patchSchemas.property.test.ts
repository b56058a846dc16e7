import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { nodesRequests, NodePatchSchema } from '../../common/contracts/nodes';
import type { NodeSpec } from '../../common/model/node';
import { SettingsPatchSchema, type Settings } from '../../common/model/settings';
import { guidePlan } from '../../common/plan/presets';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { saveProject } from '../store/projectFile';
import { FileProjectStore } from '../store/projectStore';

/**
 * Property tests for every patch/update schema (issue 14, defect 3): through the contract gate
 * (dispatch, as every face calls it) a patch of one field changes that field and leaves every
 * other field byte-identical in the saved file. Random but seeded inputs (a small generator, so a
 * failure names the seed and can be replayed).
 */

const ROOT = join(__dirname, '..', '..');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** mulberry32: a tiny deterministic PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(readonly next: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)] as T;
  }
  bool(): boolean {
    return this.next() < 0.5;
  }
  text(alphabet: string, lo: number, hi: number): string {
    const chars = [...alphabet];
    let s = '';
    for (let n = this.int(lo, hi); n > 0; n--) s += this.pick(chars);
    return s;
  }
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = `${LOWER}0123456789`;

function name(g: Gen, taken: Set<string>): string {
  for (;;) {
    const n = g.pick([ALNUM, 'ABC']) + g.text(`${ALNUM}-_.节点`, 0, 20);
    if (!taken.has(n.toLowerCase())) {
      taken.add(n.toLowerCase());
      return n;
    }
  }
}

function address(g: Gen, taken: Set<string>): string {
  for (;;) {
    const a = g.bool()
      ? `10.${g.int(0, 255)}.${g.int(0, 255)}.${g.int(1, 254)}`
      : `${g.pick([...LOWER])}${g.text(ALNUM, 0, 8)}.lab.example`;
    if (!taken.has(a)) {
      taken.add(a);
      return a;
    }
  }
}

const labels = (g: Gen): Record<string, string> => {
  const out: Record<string, string> = {};
  for (let n = g.int(0, 3); n > 0; n--) {
    const prefix = g.bool() ? `${g.pick([...LOWER])}${g.text(ALNUM, 0, 6)}.io/` : '';
    out[`${prefix}${g.pick([...LOWER])}${g.text(`${ALNUM}-_.`, 0, 10)}${g.pick([...ALNUM])}`] =
      g.bool() ? '' : `${g.pick([...ALNUM])}${g.text(`${ALNUM}-_.`, 0, 12)}${g.pick([...ALNUM])}`;
  }
  return out;
};

const user = (g: Gen): string => g.pick([...`${LOWER}_`]) + g.text(`${ALNUM}_.-`, 0, 15);
const keyPath = (g: Gen): string => `~/.ssh/${g.text(ALNUM, 1, 8)}${g.bool() ? ' copy' : ''}`;
const fingerprint = (g: Gen): string =>
  `SHA256:${g.text('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 43, 43)}`;

function project(g: Gen): { nodes: NodeSpec[]; names: Set<string>; addrs: Set<string> } {
  const names = new Set<string>();
  const addrs = new Set<string>();
  const nodes: NodeSpec[] = [];
  for (let i = 0, n = g.int(2, 5); i < n; i++) {
    const spec: NodeSpec = {
      id: `n${i}`,
      name: name(g, names),
      address: address(g, addrs),
      port: g.pick([22, 2222, g.int(1, 65535)]),
      user: user(g),
      auth: g.pick(['password', 'key', 'agent'] as const),
      role: g.pick(['control-plane', 'worker'] as const),
      labels: labels(g),
    };
    if (g.bool()) spec.keyPath = keyPath(g);
    if (i > 0 && g.bool()) spec.jumpHost = 'n0';
    if (g.bool()) spec.hostKey = { algorithm: 'ssh-ed25519', fingerprint: fingerprint(g) };
    nodes.push(spec);
  }
  return { nodes, names, addrs };
}

const FIELDS = Object.keys(NodePatchSchema.shape) as Array<keyof typeof NodePatchSchema.shape>;

/** A valid new value for one field of `node` (different from the old one where it can be). */
function patchValue(
  g: Gen,
  field: (typeof FIELDS)[number],
  node: NodeSpec,
  ctx: ReturnType<typeof project>,
): unknown {
  switch (field) {
    case 'name':
      return name(g, ctx.names);
    case 'address':
      return address(g, ctx.addrs);
    case 'port':
      return node.port === 22 ? g.int(1024, 65535) : 22;
    case 'user':
      return user(g);
    case 'auth':
      return g.pick(['password', 'key', 'agent'].filter((a) => a !== node.auth));
    case 'keyPath':
      return keyPath(g);
    case 'role':
      return node.role === 'worker' ? 'control-plane' : 'worker';
    case 'labels':
      return labels(g);
    case 'jumpHost':
      return node.id === 'n0' ? undefined : 'n0';
  }
}

const yamlOf = (v: unknown): string => stringify(v ?? null);

describe('patch schemas: a patch of one field changes only that field in the saved file', () => {
  it('no patch schema fills in a field the caller did not give', () => {
    expect(NodePatchSchema.parse({})).toEqual({});
    expect(SettingsPatchSchema.parse({})).toEqual({});
    const importDefaults = nodesRequests['nodes.import'].payload.shape.defaults;
    expect(importDefaults.parse({})).toEqual({});
    expect(nodesRequests['nodes.update'].payload.parse({ id: 'a', patch: {} })).toEqual({
      id: 'a',
      patch: {},
    });
  });

  it('every .partial() in the sources is one of the schemas checked here', () => {
    // A new partial schema must be added to these properties (zod 4 fills defaults into partials).
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (entry === 'node_modules') continue;
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry)) {
          readFileSync(path, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (/\.partial\(/.test(line) && !/^\s*(\*|\/\/)/.test(line))
                found.push(`${relative(ROOT, path)}:${i + 1}`);
            });
        }
      }
    };
    for (const top of ['common', 'main', 'renderer', 'preload']) walk(join(ROOT, top));
    expect(found.map((f) => f.replace(/:\d+$/, '')).sort()).toEqual([
      'common/contracts/nodes.ts', // NodePatchSchema
      'common/contracts/nodes.ts', // nodes.import defaults
      'common/model/settings.ts', // SettingsPatchSchema
      'common/upgrade/hopSafety.ts', // reading `kubectl get nodes -o json` (no defaults, no patch)
      'main/store/jsonSettingsStore.ts', // reading a settings file (no defaults in SettingsSchema)
    ]);
  });

  it('nodes.update: 150 random one-field patches leave every other byte of the file alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-patch-'));
    dirs.push(dir);
    const file = join(dir, 'kubelab.yaml');
    for (let seed = 1; seed <= 150; seed++) {
      const g = new Gen(rng(seed));
      const ctx = project(g);
      await saveProject(file, { schemaVersion: 1, nodes: ctx.nodes, plan: guidePlan() });
      const store = new FileProjectStore();
      await store.open(file);
      const face = g.pick(['web', 'desktop', 'cli'] as const);
      const { handlers } = createBackend({
        face,
        settingsStore: new JsonSettingsStore(join(dir, 'settings.json')),
        projectStore: store,
      });
      const node = g.pick(ctx.nodes);
      let field = g.pick(FIELDS);
      let value = patchValue(g, field, node, ctx);
      if (value === undefined) {
        field = 'role';
        value = patchValue(g, field, node, ctx);
      }
      const before = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      const result = await dispatch(
        handlers,
        'nodes.update',
        { id: node.id, patch: { [field]: value } },
        { face },
      );
      const why = `seed ${seed}: ${face} nodes.update ${node.id} ${field}=${JSON.stringify(value)}`;
      expect(result, why).toMatchObject({ ok: true });
      const after = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      const nodesBefore = before.nodes as Array<Record<string, unknown>>;
      const nodesAfter = after.nodes as Array<Record<string, unknown>>;
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (key !== 'nodes') expect(yamlOf(after[key]), `${why}: ${key}`).toBe(yamlOf(before[key]));
      }
      expect(nodesAfter.length, why).toBe(nodesBefore.length);
      nodesBefore.forEach((old, i) => {
        const now = nodesAfter[i] ?? {};
        if (old.id !== node.id) {
          expect(yamlOf(now), `${why}: node ${String(old.id)}`).toBe(yamlOf(old));
          return;
        }
        expect(now[field], why).toEqual(value);
        const moved = field === 'address' || field === 'port';
        for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
          if (key === field) continue;
          if (key === 'hostKey' && moved) {
            expect(now.hostKey, `${why}: a new address or port drops the pin`).toBeUndefined();
            continue;
          }
          expect(yamlOf(now[key]), `${why}: ${key}`).toBe(yamlOf(old[key]));
        }
      });
    }
  }, 120_000);

  it('settings.set: a patch of one setting leaves the other byte-identical', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-settings-patch-'));
    dirs.push(dir);
    const path = join(dir, 'settings.json');
    const keys = Object.keys(SettingsPatchSchema.shape) as Array<keyof Settings>;
    const values: { [K in keyof Settings]: ReadonlyArray<Settings[K]> } = {
      language: ['en', 'zh-CN'],
      theme: ['light', 'dark', 'system'],
    };
    for (let seed = 1; seed <= 40; seed++) {
      const g = new Gen(rng(seed));
      const start: Settings = { language: g.pick(values.language), theme: g.pick(values.theme) };
      await new JsonSettingsStore(path).write(start);
      const { handlers } = createBackend({
        face: 'web',
        settingsStore: new JsonSettingsStore(path),
      });
      const key = g.pick(keys);
      const value = g.pick(values[key]);
      const result = await dispatch(handlers, 'settings.set', { [key]: value }, { face: 'web' });
      expect(result, `seed ${seed}`).toMatchObject({ ok: true });
      const saved = JSON.parse(await readFile(path, 'utf8')) as Settings;
      for (const k of keys) {
        expect(JSON.stringify(saved[k]), `seed ${seed}: ${k}`).toBe(
          JSON.stringify(k === key ? value : start[k]),
        );
      }
    }
  }, 60_000);
});
