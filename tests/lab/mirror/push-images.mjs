#!/usr/bin/env node
// Pushes small generated images to the lab mirror host's docker-registry, the way `docker push`
// does it over the registry API (OCI distribution spec v1.1.0, "Push": POST /v2/<name>/blobs/
// uploads/ → 202 + Location, PUT <location>&digest=<digest> with the blob, then PUT /v2/<name>/
// manifests/<reference>). Each image is one gzip layer holding /lab-image (its own name), an
// image config (image-spec config.md) and an OCI manifest, published under its tag as an image
// index with a linux/amd64 entry, as multi-arch images are.
//
// Usage: push-images.mjs http://HOST:PORT REPOSITORY:TAG...
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

const [base, ...images] = process.argv.slice(2);
if (!base || images.length === 0) {
  console.error('usage: push-images.mjs http://HOST:PORT REPOSITORY:TAG...');
  process.exit(2);
}
const digest = (b) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A one-file ustar (POSIX.1-1988) archive: the layer's uncompressed content. */
function tarOf(name, body) {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([header, body, pad, Buffer.alloc(1024)]);
}

async function pushBlob(repo, blob) {
  const d = digest(blob);
  const head = await fetch(`${base}/v2/${repo}/blobs/${d}`, { method: 'HEAD' });
  if (head.ok) return d;
  const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`${repo}: upload start HTTP ${start.status}`);
  const location = new URL(start.headers.get('location'), base);
  location.searchParams.set('digest', d);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: blob,
  });
  if (put.status !== 201) throw new Error(`${repo}: blob ${d} HTTP ${put.status} ${await put.text()}`);
  return d;
}

async function putManifest(repo, reference, mediaType, body) {
  const res = await fetch(`${base}/v2/${repo}/manifests/${reference}`, {
    method: 'PUT',
    headers: { 'content-type': mediaType },
    body,
  });
  if (res.status !== 201) throw new Error(`${repo}:${reference}: manifest HTTP ${res.status} ${await res.text()}`);
}

for (const image of images) {
  const colon = image.lastIndexOf(':');
  const repo = image.slice(0, colon);
  const tag = image.slice(colon + 1);
  const tar = tarOf('lab-image', Buffer.from(`${image}\n`));
  const layer = gzipSync(tar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/lab-image'] },
      rootfs: { type: 'layers', diff_ids: [digest(tar)] },
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: await pushBlob(repo, config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: await pushBlob(repo, layer), size: layer.length }],
    }),
  );
  await putManifest(repo, digest(manifest), 'application/vnd.oci.image.manifest.v1+json', manifest);
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: digest(manifest),
          size: manifest.length,
          platform: { architecture: 'amd64', os: 'linux' },
        },
      ],
    }),
  );
  await putManifest(repo, tag, 'application/vnd.oci.image.index.v1+json', index);
}
console.log(`pushed ${images.length} images to ${base}`);
