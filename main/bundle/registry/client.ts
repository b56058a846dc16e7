import type { ImageRef } from '../../../common/bundle/imageRef';
import { fetchBearerToken, parseBearerChallenge } from './auth';

/**
 * A registry v2 API client for one repository (OCI distribution spec v1.1.0,
 * https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md: `GET /v2/<name>/
 * manifests/<reference>`, `GET /v2/<name>/blobs/<digest>`). HTTPS, except for loopback hosts and
 * hosts the user named as plain HTTP — Docker's rule (`localhost` and `127.0.0.0/8` are insecure
 * registries by default; others must be listed, dockerd's `--insecure-registry`) and oras's
 * `--plain-http`. A 401 with a Bearer challenge is answered once with a token (auth.ts), which is
 * kept for every later request of this repository.
 */
export interface RegistryOptions {
  /** Registry hosts (`host:port`) reached over plain HTTP. */
  plainHttp?: readonly string[];
  signal?: AbortSignal;
}

function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\./.test(name);
}

export class RegistryRepo {
  private token: string | undefined;
  readonly base: string;

  constructor(
    readonly ref: ImageRef,
    private readonly opts: RegistryOptions = {},
  ) {
    const plain = isLoopback(ref.registry) || (opts.plainHttp ?? []).includes(ref.registry);
    this.base = `${plain ? 'http' : 'https'}://${ref.registry}/v2/${ref.repository}`;
  }

  /** Headers for a request: the token once one was needed. */
  authHeaders(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  /** GET `<base><path>`, answering a Bearer challenge once. */
  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const url = `${this.base}${path}`;
    const send = (): Promise<Response> =>
      fetch(url, {
        headers: { ...headers, ...this.authHeaders() },
        ...(this.opts.signal ? { signal: this.opts.signal } : {}),
      });
    let res = await send();
    if (res.status === 401 && !this.token) {
      const challenge = parseBearerChallenge(res.headers.get('www-authenticate'));
      if (!challenge) return res;
      await res.body?.cancel();
      this.token = await fetchBearerToken(challenge, this.ref.repository, this.opts.signal);
      res = await send();
    }
    return res;
  }

  blobUrl(digest: string): string {
    return `${this.base}/blobs/${digest}`;
  }
}
