// Reading an image archive the way `ctr images import` and `docker load` do, for the lab's image
// store (node/docker.mjs). The archive is a tar (kubelab's bundle writes one per image:
// main/bundle/registry/ociArchive.ts — an OCI image layout plus Docker's manifest.json).
//
// The tar walk follows Go's archive/tar (the reader both tools use): a header block that is cut
// short is io.ErrUnexpectedEOF ("unexpected EOF"); a header whose checksum does not match is
// ErrHeader ("archive/tar: invalid tar header"); a file cut at a header boundary, or inside an
// entry's padding, simply ends (io.EOF). containerd's importer (images/archive/importer.go at
// v1.6.20) writes every regular file into its content store as it reads it, so an entry whose
// data is cut short fails there: `failed to ingest "<name>": failed to read expected number of
// bytes: unexpected EOF` (content/helpers.go Copy, at v1.6.20).
// Every message below was checked against Debian's containerd 1.6.20 (`ctr -n k8s.io images
// import` on truncated copies of a kubelab-built archive); tests/unit/lab/imageArchive.test.ts
// runs the real ctr beside this file on the same archives.
import { existsSync, readFileSync } from 'node:fs';

const BLOCK = 512;

/** A Go error as the tools print it after their own prefix. */
export class ArchiveError extends Error {}

function octal(buf, at, len) {
  const s = buf.subarray(at, at + len).toString('latin1').replace(/\0.*$/s, '').trim();
  return s ? parseInt(s, 8) : 0;
}

function checksumOk(h) {
  let unsigned = 0;
  for (let i = 0; i < BLOCK; i++) unsigned += i >= 148 && i < 156 ? 32 : h[i];
  return octal(h, 148, 8) === unsigned;
}

/**
 * The archive's regular files in order: { name, data } for every whole entry, and `cut` (the
 * name of the entry whose data the file ends inside) when the file is truncated there.
 */
export function readTar(bytes) {
  const files = [];
  let at = 0;
  for (;;) {
    if (at >= bytes.length) return { files };
    if (bytes.length - at < BLOCK) throw new ArchiveError('unexpected EOF');
    const h = bytes.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) {
      // Two zero blocks end the archive; a second one cut short is still an unexpected EOF.
      if (bytes.length - at - BLOCK > 0 && bytes.length - at - BLOCK < BLOCK) throw new ArchiveError('unexpected EOF');
      return { files };
    }
    if (!checksumOk(h)) throw new ArchiveError('archive/tar: invalid tar header');
    const prefix = h.subarray(345, 500).toString('latin1').replace(/\0.*$/s, '');
    const base = h.subarray(0, 100).toString('latin1').replace(/\0.*$/s, '');
    const name = (prefix ? `${prefix}/${base}` : base).replace(/^\.\//, '');
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156] || 48);
    at += BLOCK;
    if (type === '0' || type === '\0') {
      if (bytes.length - at < size) return { files, cut: name };
      files.push({ name, data: bytes.subarray(at, at + size) });
    }
    at += Math.ceil(size / BLOCK) * BLOCK;
  }
}

export const readTarFile = (path) => readTar(readFileSync(path));

const sha = (hex) => `sha256:${hex}`;
const blobPath = (digest) => `blobs/sha256/${digest.replace(/^sha256:/, '')}`;

/** A platform of an image config ("linux/amd64"), as `ctr images ls` shows it. */
function platformOf(config) {
  return config?.os && config?.architecture ? `${config.os}/${config.architecture}${config.variant ? `/${config.variant}` : ''}` : '';
}

/**
 * `ctr images import` of an OCI image layout (what kubelab's bundle holds). Names, as containerd's
 * archive importer gives them (images/archive/importer.go, reference.go at v1.6.20): the
 * `io.containerd.image.name` annotation; else, with --base-name, base + ":" + the
 * `org.opencontainers.image.ref.name` tag; with --digests also `import-<date>@<digest>`. Returns
 * the images in index order: { name, digest, mediaType, size, config, platform, layers }.
 */
export function ociImages(tar, { baseName = '', digests = false, date = new Date() } = {}) {
  const byName = new Map(tar.files.map((f) => [f.name, f.data]));
  if (!byName.has('oci-layout')) {
    // A Docker-format archive (manifest.json only): containerd makes a manifest of its own for it,
    // whose digest the lab does not reproduce.
    if (byName.has('manifest.json')) throw new ArchiveError('lab ctr: Docker-format archives without oci-layout are not imitated');
    throw new ArchiveError('unrecognized image format');
  }
  const layout = JSON.parse(byName.get('oci-layout').toString('utf8'));
  if (layout.imageLayoutVersion !== '1.0.0') throw new ArchiveError(`unsupported OCI version ${layout.imageLayoutVersion}`);
  const indexData = byName.get('index.json');
  if (!indexData) throw new ArchiveError('missing index.json in OCI layout 1.0.0');
  const index = JSON.parse(indexData.toString('utf8'));
  const images = [];
  for (const m of index.manifests ?? []) {
    const manifestData = byName.get(blobPath(m.digest));
    if (!manifestData) throw new ArchiveError(`content digest ${m.digest}: not found`);
    const manifest = JSON.parse(manifestData.toString('utf8'));
    const configData = byName.get(blobPath(manifest.config?.digest ?? ''));
    if (!configData) throw new ArchiveError(`content digest ${manifest.config?.digest}: not found`);
    const missing = (manifest.layers ?? []).find((l) => !byName.has(blobPath(l.digest)));
    if (missing) throw new ArchiveError(`content digest ${missing.digest}: not found`);
    const config = JSON.parse(configData.toString('utf8'));
    const names = [];
    const annotated = m.annotations?.['io.containerd.image.name'];
    const tag = m.annotations?.['org.opencontainers.image.ref.name'];
    if (annotated) names.push(annotated);
    else if (baseName && tag) names.push(`${baseName}:${tag}`);
    if (digests) names.push(`import-${date.toISOString().slice(0, 10)}@${m.digest}`);
    const size = manifestData.length + configData.length + (manifest.layers ?? []).reduce((n, l) => n + (l.size ?? 0), 0);
    for (const name of names) {
      images.push({ name, digest: m.digest, mediaType: m.mediaType ?? manifest.mediaType, size, config: manifest.config.digest, platform: platformOf(config), layers: (manifest.layers ?? []).map((l) => l.digest) });
    }
  }
  return images;
}

/**
 * `docker load` of the same archive (Docker 19.03–24 read its manifest.json: moby
 * image/tarexport/load.go): each RepoTag is loaded and printed "Loaded image: <familiar name>"
 * (reference.FamiliarString: docker.io/library/ dropped), an untagged image "Loaded image ID:
 * sha256:<config>". Returns [{ ref, id, line }].
 */
export function dockerImages(tar) {
  const byName = new Map(tar.files.map((f) => [f.name, f.data]));
  const manifestData = byName.get('manifest.json');
  if (!manifestData) throw new ArchiveError('lab docker: archives without manifest.json (legacy "repositories" layout) are not imitated');
  const loaded = [];
  // A file cut at an entry boundary untars without error and lacks what manifest.json names: the
  // daemon's read of it in its temporary folder (load.go: safePath(tmpDir, …), os.ReadFile / Open)
  // fails as os errors print. The folder's random suffix is the lab's; not checked against a daemon.
  const tmp = `/var/lib/docker/tmp/docker-import-${String(process.pid).padStart(9, '1')}`;
  for (const entry of JSON.parse(manifestData.toString('utf8'))) {
    const configData = byName.get(entry.Config);
    if (!configData) throw new ArchiveError(`open ${tmp}/${entry.Config}: no such file or directory`);
    const missing = (entry.Layers ?? []).find((l) => !byName.has(l));
    if (missing) throw new ArchiveError(`open ${tmp}/${missing}: no such file or directory`);
    const id = entry.Config.replace(/^.*\//, '').replace(/\.json$/, '');
    if (!(entry.RepoTags ?? []).length) loaded.push({ ref: undefined, id, line: `Loaded image ID: ${sha(id)}` });
    for (const tag of entry.RepoTags ?? []) {
      const familiar = tag.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
      loaded.push({ ref: tag, id, line: `Loaded image: ${familiar}` });
    }
  }
  return loaded;
}

/**
 * The whole of `ctr images import FILE` past dialling the daemon (cmd/ctr/commands/images/import.go
 * at v1.6.20): the images it names, and what it prints — `unpacking <name> (<digest>)...done` per
 * image, or `ctr: <error>` on stderr with exit 1. `held` is the set of digests the node's store
 * already has (a blob cut short that is already held is skipped by the importer, so the short read
 * surfaces as the tar reader's "unexpected EOF").
 */
export function ctrImport(file, { held = new Set(), baseName = '', digests = false, date = new Date() } = {}) {
  let stdout = '';
  try {
    // import.go: os.Open(context.Args().First()); no argument is the empty name.
    if (!file || !existsSync(file)) throw new ArchiveError(`open ${file ?? ''}: no such file or directory`);
    const tar = readTarFile(file);
    if (tar.cut) {
      const digest = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(tar.cut)?.[1];
      throw new ArchiveError(digest && held.has(`sha256:${digest}`) ? 'unexpected EOF' : `failed to ingest "${tar.cut}": failed to read expected number of bytes: unexpected EOF`);
    }
    const images = ociImages(tar, { baseName, digests, date });
    for (const img of images) stdout += `unpacking ${img.name} (${img.digest})...done\n`;
    return { code: 0, stdout, stderr: '', images };
  } catch (e) {
    if (!(e instanceof ArchiveError)) throw e;
    return { code: 1, stdout, stderr: `ctr: ${e.message}\n`, images: [] };
  }
}

/** `docker load -i FILE` past the daemon check: lines printed, images loaded, or the error. */
export function dockerLoad(file) {
  if (!file || !existsSync(file)) return { code: 1, stdout: '', stderr: `open ${file ?? ''}: no such file or directory\n`, images: [] };
  try {
    const tar = readTarFile(file);
    if (tar.cut) throw new ArchiveError('unexpected EOF');
    const images = dockerImages(tar);
    return { code: 0, stdout: images.map((l) => `${l.line}\n`).join(''), stderr: '', images };
  } catch (e) {
    if (!(e instanceof ArchiveError)) throw e;
    const untar = /^(unexpected EOF|archive\/tar)/.test(e.message);
    return { code: 1, stdout: '', stderr: `${untar ? `Error processing tar file(exit status 1): ${e.message}` : e.message}\n`, images: [] };
  }
}
