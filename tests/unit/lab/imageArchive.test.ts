import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOciArchive } from '../../../main/bundle/registry/ociArchive';
import type { Descriptor, PulledImage } from '../../../main/bundle/registry/pullImage';
import { TarFileWriter } from '../../../main/bundle/tarFile';
import { ctrImport, dockerLoad, readTar } from '../../lab/node/image-archive.mjs';

/**
 * The practice lab's `ctr images import` and `docker load` (tests/lab/node/image-archive.mjs, used
 * by node/docker.mjs) on an archive written by kubelab's own bundle code (writeOciArchive), whole
 * and cut short. Every ctr case is also run through Debian's real containerd 1.6.20 (`ctr` against
 * a `containerd` of its own, in a scratch root/state with the native snapshotter: .ci/run installs
 * the package), and the lab must print exactly what it prints.
 */
const NAME = 'registry.k8s.io/pause:3.9';
const dir = mkdtempSync(join(tmpdir(), 'kubelab-image-archive-'));
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
let archive = '';
let pulled: PulledImage;

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const out = join(dir, 'layer.tar');
  const tar = await TarFileWriter.create(out, new Date(0));
  for (const [name, body] of Object.entries(files)) await tar.addBuffer(name, Buffer.from(body));
  await tar.close();
  return readFileSync(out);
}

/** A blob in the bundle's blob store layout (blobs/sha256/<hex>), described for a manifest. */
function blob(blobs: string, data: Buffer, mediaType: string): Descriptor {
  writeFileSync(join(blobs, 'sha256', sha(data)), data);
  return { mediaType, digest: `sha256:${sha(data)}`, size: data.length };
}

/** Where the header of the entry named `name` starts (entries are 512-byte aligned). */
function headerOf(bytes: Buffer, name: string): number {
  for (let at = 0; at < bytes.length; at += 512) {
    if (bytes.subarray(at, at + name.length).toString('latin1') === name) return at;
  }
  throw new Error(`${name} not in the archive`);
}

function cut(name: string, length: number): string {
  const path = join(dir, name);
  writeFileSync(path, readFileSync(archive).subarray(0, length));
  return path;
}

beforeAll(async () => {
  const blobs = join(dir, 'blobs');
  mkdirSync(join(blobs, 'sha256'), { recursive: true });
  // A real image: a gzip layer whose diff_id is its tar's digest, so containerd can unpack it.
  const layerTar = await tarOf({ pause: 'the pause binary stands here\n'.repeat(400) });
  const layer = blob(blobs, gzipSync(layerTar), 'application/vnd.oci.image.layer.v1.tar+gzip');
  const configJson = {
    architecture: 'amd64',
    os: 'linux',
    config: { Entrypoint: ['/pause'] },
    rootfs: { type: 'layers', diff_ids: [`sha256:${sha(layerTar)}`] },
  };
  const config = blob(
    blobs,
    Buffer.from(JSON.stringify(configJson)),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifestJson = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config,
    layers: [layer],
  };
  const manifest = blob(blobs, Buffer.from(JSON.stringify(manifestJson)), manifestJson.mediaType);
  pulled = { manifest, config, layers: [layer] };
  archive = join(dir, 'pause.oci.tar');
  await writeOciArchive(archive, NAME, pulled, blobs, new Date(0));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lab ctr images import and docker load', () => {
  it('reads the tar the bundle writes: the OCI layout, manifest.json and every blob', () => {
    const tar = readTar(readFileSync(archive));
    expect(tar.cut).toBeUndefined();
    expect(tar.files.map((f) => f.name)).toEqual([
      'oci-layout',
      'index.json',
      'manifest.json',
      ...[pulled.manifest, pulled.config, ...pulled.layers].map(
        (d) => `blobs/sha256/${d.digest.slice(7)}`,
      ),
    ]);
  });

  it('ctr: one "unpacking <name> (<manifest digest>)...done" and the image recorded', () => {
    const r = ctrImport(archive);
    expect(r).toMatchObject({
      code: 0,
      stderr: '',
      stdout: `unpacking ${NAME} (${pulled.manifest.digest})...done\n`,
    });
    expect(r.images).toEqual([
      {
        name: NAME,
        digest: pulled.manifest.digest,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        size: pulled.manifest.size + pulled.config.size + (pulled.layers[0]?.size ?? 0),
        config: pulled.config.digest,
        platform: 'linux/amd64',
        layers: pulled.layers.map((l) => l.digest),
      },
    ]);
  });

  it('ctr: --base-name and --digests name the image as containerd does', () => {
    const date = new Date('2026-12-08T01:00:00Z');
    const r = ctrImport(archive, { digests: true, date });
    expect(r.images.map((i) => i.name)).toEqual([
      NAME,
      `import-2026-12-08@${pulled.manifest.digest}`,
    ]);
  });

  it('ctr: a file cut inside a blob, at an entry boundary, garbage, empty or missing fails, exit 1', () => {
    const bytes = readFileSync(archive);
    const layerHex = pulled.layers[0]?.digest.slice(7) ?? '';
    const inLayer = cut('in-layer.tar', headerOf(bytes, `blobs/sha256/${layerHex}`) + 512 + 100);
    expect(ctrImport(inLayer)).toMatchObject({
      code: 1,
      stderr: `ctr: failed to ingest "blobs/sha256/${layerHex}": failed to read expected number of bytes: unexpected EOF\n`,
    });
    // The same cut when the store already holds that blob: skipped, so the tar reader's own error.
    expect(ctrImport(inLayer, { held: new Set([pulled.layers[0]?.digest ?? '']) }).stderr).toBe(
      'ctr: unexpected EOF\n',
    );
    const atBlobs = cut('at-blobs.tar', headerOf(bytes, 'blobs/sha256/'));
    expect(ctrImport(atBlobs).stderr).toBe(
      `ctr: content digest ${pulled.manifest.digest}: not found\n`,
    );
    const garbage = join(dir, 'garbage.tar');
    writeFileSync(garbage, Buffer.alloc(1024, 7));
    expect(ctrImport(garbage).stderr).toBe('ctr: archive/tar: invalid tar header\n');
    expect(ctrImport(cut('empty.tar', 0)).stderr).toBe('ctr: unrecognized image format\n');
    expect(ctrImport(join(dir, 'absent.tar'))).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `ctr: open ${join(dir, 'absent.tar')}: no such file or directory\n`,
    });
  });

  it('docker load: "Loaded image: <name>" from manifest.json; a cut file fails in the untar', () => {
    const r = dockerLoad(archive);
    expect(r).toMatchObject({ code: 0, stdout: `Loaded image: ${NAME}\n`, stderr: '' });
    expect(r.images[0]?.id).toBe(pulled.config.digest.slice(7));
    const bytes = readFileSync(archive);
    const inLayer = cut(
      'in-layer.tar',
      headerOf(bytes, `blobs/sha256/${pulled.layers[0]?.digest.slice(7) ?? ''}`) + 600,
    );
    expect(dockerLoad(inLayer)).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'Error processing tar file(exit status 1): unexpected EOF\n',
    });
    const garbage = join(dir, 'garbage.tar');
    writeFileSync(garbage, Buffer.alloc(1024, 7));
    expect(dockerLoad(garbage).stderr).toBe(
      'Error processing tar file(exit status 1): archive/tar: invalid tar header\n',
    );
  });
});

describe('the lab ctr against Debian’s real ctr 1.6.20 on the same files', () => {
  let daemon: ChildProcess | undefined;
  const state = join(dir, 'containerd');
  const socket = join(state, 'state', 'c.sock');

  beforeAll(async () => {
    expect(existsSync('/usr/bin/containerd'), 'Debian’s containerd (.ci/run installs it)').toBe(
      true,
    );
    mkdirSync(state, { recursive: true });
    const off = ['cri', 'overlayfs', 'btrfs', 'zfs', 'devmapper', 'aufs'].map((p) =>
      p === 'cri' ? 'io.containerd.grpc.v1.cri' : `io.containerd.snapshotter.v1.${p}`,
    );
    writeFileSync(
      join(state, 'config.toml'),
      `version = 2\nroot = "${state}/root"\nstate = "${state}/state"\ndisabled_plugins = ${JSON.stringify(off)}\n[grpc]\n  address = "${socket}"\n`,
    );
    daemon = spawn('/usr/bin/containerd', ['--config', join(state, 'config.toml')], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 100 && !existsSync(socket); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(socket), 'containerd did not start').toBe(true);
  }, 10_000);

  afterAll(() => {
    daemon?.kill('SIGTERM');
  });

  const real = (file: string): { code: number | null; stdout: string; stderr: string } => {
    const r = spawnSync('/usr/bin/ctr', ['-a', socket, '-n', 'k8s.io', 'images', 'import', file], {
      encoding: 'utf8',
      env: { ...process.env, CONTAINERD_SNAPSHOTTER: 'native' },
      timeout: 20_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('prints the same for an empty store: cut at the blobs, garbage, empty, cut in a blob, whole, again', () => {
    const bytes = readFileSync(archive);
    const layer = pulled.layers[0]?.digest ?? '';
    const garbage = join(dir, 'garbage.tar');
    writeFileSync(garbage, Buffer.alloc(1024, 7));
    // In this order: what a failed import ingested stays in the store, as in the lab's `held`.
    const cases = [
      cut('oracle-at-blobs.tar', headerOf(bytes, 'blobs/sha256/')),
      garbage,
      cut('oracle-empty.tar', 0),
      cut('oracle-in-layer.tar', headerOf(bytes, `blobs/sha256/${layer.slice(7)}`) + 512 + 100),
      archive,
      archive,
    ];
    for (const file of cases) {
      const lab = ctrImport(file);
      expect({ file, ...lab, images: undefined }).toEqual({
        file,
        ...real(file),
        images: undefined,
      });
    }
  });
});
