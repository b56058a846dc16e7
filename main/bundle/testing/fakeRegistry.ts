import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback registry v2 for tests, answering as the distribution spec says: manifests by tag
 * or digest (an OCI index naming an amd64 and an arm64 image), blobs by digest with Range, and —
 * when `token` is set — 401 + `WWW-Authenticate: Bearer realm=…,service=…,scope=…` until the
 * request carries the token its `/token` endpoint hands out. Faults for tests: `corrupt` (a
 * digest whose blob is served with a flipped byte) and `cutAfter` (a blob's first N bytes, then
 * the connection ends).
 */
export interface FakeImage {
  repository: string;
  tag: string;
  /** Per architecture: the layer bytes (one layer each). */
  layers: Record<string, Buffer>;
}

export interface FakeRegistry {
  host: string;
  requests: { path: string; range?: string; auth?: string }[];
  corrupt: Set<string>;
  cutAfter: Map<string, number>;
  /** Layer digests per `<repository>:<tag>/<arch>`. */
  layerOf(repository: string, tag: string, arch: string): string;
  /** Serves more images (their names may depend on the registry's host). */
  add(images: FakeImage[]): void;
  close(): Promise<void>;
}

const digestOf = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export function fakeImage(repository: string, tag: string, size = 4096): FakeImage {
  return {
    repository,
    tag,
    layers: { amd64: randomBytes(size), arm64: randomBytes(size) },
  };
}

export async function startFakeRegistry(
  images: FakeImage[],
  opts: { token?: string } = {},
): Promise<FakeRegistry> {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, { body: Buffer; type: string }>();
  const layerDigests = new Map<string, string>();
  const put = (b: Buffer): string => {
    const d = digestOf(b);
    blobs.set(d, b);
    return d;
  };
  const add = (list: FakeImage[]): void => {
    for (const img of list) {
      const entries = [];
      for (const [arch, layer] of Object.entries(img.layers)) {
        const config = Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', rootfs: {} }));
        const layerDigest = put(layer);
        layerDigests.set(`${img.repository}:${img.tag}/${arch}`, layerDigest);
        const manifest = Buffer.from(
          JSON.stringify({
            schemaVersion: 2,
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            config: {
              mediaType: 'application/vnd.oci.image.config.v1+json',
              digest: put(config),
              size: config.length,
            },
            layers: [
              {
                mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
                digest: layerDigest,
                size: layer.length,
              },
            ],
          }),
        );
        const md = digestOf(manifest);
        manifests.set(`${img.repository}@${md}`, {
          body: manifest,
          type: 'application/vnd.oci.image.manifest.v1+json',
        });
        entries.push({
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: md,
          size: manifest.length,
          platform: { architecture: arch, os: 'linux' },
        });
      }
      const index = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: entries,
        }),
      );
      manifests.set(`${img.repository}@${img.tag}`, {
        body: index,
        type: 'application/vnd.oci.image.index.v1+json',
      });
    }
  };
  add(images);
  const state: Omit<FakeRegistry, 'host' | 'close' | 'layerOf' | 'add'> = {
    requests: [],
    corrupt: new Set(),
    cutAfter: new Map(),
  };
  let host = '';
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    state.requests.push({
      path,
      ...(req.headers.range ? { range: req.headers.range } : {}),
      ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
    });
    if (path === '/token') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: opts.token }));
      return;
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(path);
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) {
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="http://${host}/token",service="fake-registry",scope="repository:${m?.[1] ?? ''}:pull"`,
      });
      res.end();
      return;
    }
    if (!m) {
      res.writeHead(404);
      res.end();
      return;
    }
    const [, repository, kind, reference] = m;
    if (kind === 'manifests') {
      const found = manifests.get(`${repository}@${reference}`);
      if (!found) {
        res.writeHead(404);
        res.end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
        return;
      }
      res.writeHead(200, { 'content-type': found.type, 'content-length': found.body.length });
      res.end(found.body);
      return;
    }
    let blob = blobs.get(reference ?? '');
    if (!blob) {
      res.writeHead(404);
      res.end();
      return;
    }
    if (state.corrupt.has(reference ?? '')) {
      blob = Buffer.from(blob);
      blob[0] = (blob[0] ?? 0) ^ 0xff;
    }
    const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const body = blob.subarray(from);
    res.writeHead(from > 0 ? 206 : 200, {
      'content-length': body.length,
      ...(from > 0 ? { 'content-range': `bytes ${from}-${blob.length - 1}/${blob.length}` } : {}),
    });
    const cut = state.cutAfter.get(reference ?? '');
    if (cut !== undefined && from === 0) {
      state.cutAfter.delete(reference ?? '');
      res.write(body.subarray(0, cut), () => res.destroy());
      return;
    }
    res.end(body);
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...state,
    host,
    add,
    layerOf: (repository, tag, arch) => layerDigests.get(`${repository}:${tag}/${arch}`) ?? '',
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
