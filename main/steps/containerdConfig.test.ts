// The container-runtime step's containerd files, rendered by its own script from containerd's
// published default configs: version 2 (containerd 1.6/1.7) and version 3 (containerd 2.x), both
// from containerd docs/cri/config.md (tests/fixtures/real/containerd/, source on each first line).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveVersion } from '../../common/catalog/images';
import { effectiveMirrors } from '../../common/plan/effectiveMirrors';
import { modernPlan } from '../../common/plan/presets';
import { containerdHostsEnv } from './container-runtime';
import { composeScript } from './scriptStep';

const SCRIPT = composeScript(
  readFileSync(join(import.meta.dirname, 'scripts', 'container-runtime.sh'), 'utf8'),
).replace(/^kl_main$/m, '');
const FIXTURES = join(import.meta.dirname, '../../tests/fixtures/real/containerd');
const published = (name: string) =>
  readFileSync(join(FIXTURES, name), 'utf8').split('\n').slice(1).join('\n');

// containerd 2.x's default also carries config_path in its transfer plugin (a different setting,
// the transfer service's own hosts directory); it must stay as it is.
const TRANSFER = "\n  [plugins.'io.containerd.transfer.v1.local']\n    config_path = ''\n";

const dir = mkdtempSync(join(tmpdir(), 'kubelab-containerd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = { ...modernPlan(), mirrorProfile: 'china' as const };
const version = resolveVersion(plan.kubernetesVersion);
if (!version) throw new Error('no version');
const HOSTS = containerdHostsEnv(effectiveMirrors(plan, version));

/** Runs `body` after the step's functions, with a fake `containerd config default`. */
function bash(defaultConfig: string, body: string, hostsDir = join(dir, 'certs.d')) {
  const file = join(dir, 'default.toml');
  writeFileSync(file, defaultConfig);
  const r = spawnSync('bash', ['-c', `${SCRIPT}\ncontainerd() { cat "$DEFAULT"; }\n${body}`], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      KL_MODE: 'check',
      KL_STEP: 'container-runtime',
      DEFAULT: file,
      SANDBOX_IMAGE: 'registry.k8s.io/pause:3.10',
      CONTAINERD_HOSTS_DIR: hostsDir,
      CONTAINERD_HOSTS: HOSTS,
    },
  });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

/** The lines of one TOML table (header to the next header). */
function table(toml: string, header: string): string[] {
  const lines = toml.split('\n');
  const at = lines.findIndex((l) => l.trim() === header);
  expect(at, header).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > at && l.trim().startsWith('['));
  return lines
    .slice(at + 1, end < 0 ? undefined : end)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

describe(
  'containerd config with registry mirrors (container-runtime step)',
  { timeout: 60_000 },
  () => {
    it('containerd 1.7 (version 2): config_path, SystemdCgroup and sandbox_image in the grpc.v1.cri tables', () => {
      const r = bash(published('config-default-v2.toml'), 'containerd_config');
      expect(r.code, r.err).toBe(0);
      expect(table(r.out, '[plugins."io.containerd.grpc.v1.cri".registry]')).toEqual([
        `config_path = "${join(dir, 'certs.d')}"`,
      ]);
      const options = table(
        r.out,
        '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]',
      );
      expect(options.filter((l) => l.startsWith('SystemdCgroup'))).toEqual([
        'SystemdCgroup = true',
      ]);
      expect(table(r.out, '[plugins."io.containerd.grpc.v1.cri"]')).toContain(
        'sandbox_image = "registry.k8s.io/pause:3.10"',
      );
      expect(r.out).toMatch(/^version = 2$/m);
    });

    it('containerd 2.x (version 3): config_path in cri.v1.images, SystemdCgroup added to cri.v1.runtime', () => {
      const r = bash(published('config-default-v3.toml') + TRANSFER, 'containerd_config');
      expect(r.code, r.err).toBe(0);
      expect(table(r.out, "[plugins.'io.containerd.cri.v1.images'.registry]")).toEqual([
        `config_path = "${join(dir, 'certs.d')}"`,
      ]);
      // The published 2.x default has no SystemdCgroup line at all: it must be written, once.
      const options = table(
        r.out,
        "[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]",
      );
      expect(options.filter((l) => l.startsWith('SystemdCgroup'))).toEqual([
        'SystemdCgroup = true',
      ]);
      expect(table(r.out, "[plugins.'io.containerd.cri.v1.images'.pinned_images]")).toEqual([
        "sandbox = 'registry.k8s.io/pause:3.10'",
      ]);
      expect(table(r.out, "[plugins.'io.containerd.transfer.v1.local']")).toContain(
        "config_path = ''",
      );
      // No version 2 plugin table in a version 3 file (containerd would ignore it with a warning).
      expect(r.out).not.toContain('"io.containerd.grpc.v1.cri".registry');
    });

    it('reads the registry config_path back and writes the hosts.toml files the check expects', () => {
      const hosts = join(dir, 'hosts-check');
      const r = bash(
        published('config-default-v3.toml') + TRANSFER,
        'containerd_config | registry_config_path; hosts_files_ok && echo STALE-OK; write_hosts_files; hosts_files_ok && echo FILES-OK',
        hosts,
      );
      expect(r.code, r.err).toBe(0);
      expect(r.out.split('\n')[0]).toBe(`=${hosts}`);
      expect(r.out).not.toContain('STALE-OK');
      expect(r.out).toContain('FILES-OK');
      expect(readFileSync(join(hosts, 'docker.io', 'hosts.toml'), 'utf8')).toBe(
        'server = "https://registry-1.docker.io"\n\n[host."https://docker.m.daocloud.io"]\n  capabilities = ["pull", "resolve"]\n',
      );
      writeFileSync(join(hosts, 'quay.io', 'hosts.toml'), 'server = "https://quay.io"\n');
      expect(bash('', 'hosts_files_ok && echo FILES-OK', hosts).out).not.toContain('FILES-OK');
    });
  },
);
