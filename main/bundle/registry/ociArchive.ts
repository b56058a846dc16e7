import { join } from 'node:path';
import { parseImageRef } from '../../../common/bundle/imageRef';
import { TarFileWriter } from '../tarFile';
import type { Descriptor, PulledImage } from './pullImage';

/**
 * One pulled image as a tar in the OCI image layout (image-spec v1.1.0, image-layout.md:
 * `oci-layout` with `imageLayoutVersion` 1.0.0, `index.json`, `blobs/sha256/<hex>`), which
 * `ctr -n k8s.io images import` reads, named by the `io.containerd.image.name` annotation
 * (containerd's archive importer) and `org.opencontainers.image.ref.name` (the tag, image-spec
 * annotations.md). A Docker `manifest.json` beside it lets `docker load` read the same file —
 * what `docker save` itself writes since Docker 25 (moby image/tarexport/save.go) —, for the
 * Docker-runtime plans (1.18–1.23) whose daemons predate OCI-layout loading.
 */
export async function writeOciArchive(
  out: string,
  image: string,
  pulled: PulledImage,
  blobs: string,
  mtime: Date,
): Promise<void> {
  const ref = parseImageRef(image);
  const tagged = !ref.reference.includes(':');
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        ...pulled.manifest,
        annotations: {
          'io.containerd.image.name': image,
          ...(tagged ? { 'org.opencontainers.image.ref.name': ref.reference } : {}),
        },
      },
    ],
  };
  const blobName = (d: Descriptor): string => `blobs/sha256/${d.digest.slice('sha256:'.length)}`;
  const dockerManifest = [
    {
      Config: blobName(pulled.config),
      RepoTags: tagged ? [image] : [],
      Layers: pulled.layers.map(blobName),
    },
  ];
  const tar = await TarFileWriter.create(out, mtime);
  try {
    await tar.addBuffer('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
    await tar.addBuffer('index.json', Buffer.from(JSON.stringify(index)));
    await tar.addBuffer('manifest.json', Buffer.from(JSON.stringify(dockerManifest)));
    const seen = new Set<string>();
    for (const d of [pulled.manifest, pulled.config, ...pulled.layers]) {
      if (seen.has(d.digest)) continue;
      seen.add(d.digest);
      await tar.addFile(blobName(d), join(blobs, 'sha256', d.digest.slice(7)), d.size);
    }
  } finally {
    await tar.close();
  }
}
