// import-images (issue 22): each archive's image is read from its index.json, imported with the
// runtime's own tool, and an image the runtime lists is not imported again.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeScript } from './scriptStep';

const SCRIPT = composeScript(
  readFileSync(join(import.meta.dirname, 'scripts', 'import-images.sh'), 'utf8'),
);
const dir = mkdtempSync(join(tmpdir(), 'kubelab-import-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IMAGES = [
  'registry.aliyuncs.com/google_containers/kube-apiserver:v1.27.16',
  'docker.io/flannel/flannel:v0.25.6',
];

/** An archive as ociArchive.ts writes it (the index.json part is what the script reads). */
function archive(bundle: string, image: string, file: string): void {
  const src = join(dir, `src-${file}`);
  mkdirSync(src, { recursive: true });
  const index = {
    schemaVersion: 2,
    manifests: [{ digest: 'sha256:00', annotations: { 'io.containerd.image.name': image } }],
  };
  writeFileSync(join(src, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(src, 'index.json'), JSON.stringify(index));
  const out = join(bundle, 'images', 'amd64', file);
  mkdirSync(join(bundle, 'images', 'amd64'), { recursive: true });
  const r = spawnSync('tar', ['-cf', out, '-C', src, 'oci-layout', 'index.json']);
  expect(r.status).toBe(0);
}

/** Runs one mode with fake ctr/docker/crictl keeping the imported names in a state file. */
function run(bundle: string, mode: string, runtime: string): { code: number; out: string } {
  const state = join(bundle, 'runtime-state');
  const fakes = `
uname() { echo x86_64; }
ctr() { [[ $1 == -n && $2 == k8s.io && $3 == images && $4 == import ]] || return 2
  tar -xOf "$5" index.json | grep -o '"io.containerd.image.name":"[^"]*"' | cut -d'"' -f4 >>"${state}"
  echo "unpacking $(tail -1 "${state}") (sha256:00)...done"; }
docker() { if [[ $1 == load && $2 == -i ]]; then
    n=$(tar -xOf "$3" index.json | grep -o '"io.containerd.image.name":"[^"]*"' | cut -d'"' -f4)
    n=\${n#docker.io/}; echo "$n" >>"${state}"; echo "Loaded image: $n"
  elif [[ $1 == images ]]; then echo 'REPOSITORY TAG IMAGE ID CREATED SIZE'
    [[ -f "${state}" ]] && awk '{ i = match($0, /:[^:\\/]*$/); print substr($0, 1, i - 1), substr($0, i + 1), "abc", "1", "1MB" }' "${state}"
  fi; }
crictl() { [[ $1 == images ]] || return 2; echo 'IMAGE TAG IMAGE ID SIZE'
  [[ -f "${state}" ]] && awk '{ i = match($0, /:[^:\\/]*$/); print substr($0, 1, i - 1), substr($0, i + 1), "abc", "1MB" }' "${state}"; }
`;
  const r = spawnSync('bash', ['-c', `${fakes}\n${SCRIPT}`], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      KL_MODE: mode,
      KL_STEP: 'import-images',
      BUNDLE_DIR: bundle,
      RUNTIME: runtime,
      KL_STATE_DIR: join(bundle, 'state'),
    },
  });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

describe('import-images', { timeout: 60_000 }, () => {
  for (const runtime of ['containerd', 'docker']) {
    it(`imports every archive once with ${runtime === 'docker' ? 'docker load' : 'ctr'}`, () => {
      const bundle = join(dir, runtime);
      IMAGES.forEach((img, i) => archive(bundle, img, `${i}.oci.tar`));
      const before = run(bundle, 'check', runtime);
      expect(before.code).toBe(100);
      expect(before.out).toContain(`images to import: ${IMAGES.join(' ')}`);
      const first = run(bundle, 'apply', runtime);
      expect(first.out).toContain(`importing ${IMAGES[0]}`);
      expect(first.code).toBe(0);
      expect(run(bundle, 'check', runtime).code).toBe(0);
      // Idempotent: nothing is imported the second time.
      const second = run(bundle, 'apply', runtime);
      expect(second.code).toBe(0);
      expect(second.out).not.toContain('importing');
      expect(readFileSync(join(bundle, 'runtime-state'), 'utf8').trim().split('\n')).toHaveLength(
        2,
      );
    });
  }

  it('says to push the bundle first when the node has none', () => {
    const bundle = join(dir, 'empty');
    mkdirSync(bundle, { recursive: true });
    const r = run(bundle, 'check', 'containerd');
    expect(r.code).toBe(100);
    expect(r.out).toContain('push the bundle first (kubelab bundle push)');
  });
});
