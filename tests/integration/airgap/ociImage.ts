// A small, real image written by kubelab's own bundle code (writeOciArchive): one gzip layer whose
// diff_id is its tar's digest, an OCI config for linux/amd64 and an OCI manifest, in the blob-store
// layout (blobs/sha256/<hex>) the bundle build keeps. What the air-gapped suite pushes to a node.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeOciArchive } from '../../../main/bundle/registry/ociArchive';
import type { Descriptor, PulledImage } from '../../../main/bundle/registry/pullImage';
import { TarFileWriter } from '../../../main/bundle/tarFile';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function blob(blobs: string, data: Buffer, mediaType: string): Descriptor {
  writeFileSync(join(blobs, 'sha256', sha(data)), data);
  return { mediaType, digest: `sha256:${sha(data)}`, size: data.length };
}

/** Writes `out`, the archive of `image`; returns what it holds. */
export async function writeImageArchive(
  dir: string,
  image: string,
  out: string,
): Promise<PulledImage> {
  const blobs = join(dir, 'blobs');
  mkdirSync(join(blobs, 'sha256'), { recursive: true });
  const layerPath = join(dir, `${sha(Buffer.from(image))}.layer.tar`);
  const tar = await TarFileWriter.create(layerPath, new Date(0));
  await tar.addBuffer('image-name', Buffer.from(`${image}\n`));
  await tar.close();
  const layerTar = readFileSync(layerPath);
  const layer = blob(blobs, gzipSync(layerTar), 'application/vnd.oci.image.layer.v1.tar+gzip');
  const config = blob(
    blobs,
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [`sha256:${sha(layerTar)}`] },
      }),
    ),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifestType = 'application/vnd.oci.image.manifest.v1+json';
  const manifest = blob(
    blobs,
    Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: manifestType, config, layers: [layer] }),
    ),
    manifestType,
  );
  const pulled = { manifest, config, layers: [layer] };
  await writeOciArchive(out, image, pulled, blobs, new Date(0));
  return pulled;
}
