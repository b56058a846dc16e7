/**
 * Registry token authentication (https://distribution.github.io/distribution/spec/auth/token/):
 * a registry that wants a token answers 401 with `WWW-Authenticate: Bearer realm="…",
 * service="…",scope="…"`; the client GETs `realm?service=…&scope=repository:<name>:pull`
 * (anonymously: a bundle pulls public images) and sends the answer's `token` (or its OAuth2 alias
 * `access_token`) as `Authorization: Bearer …` from then on. Docker Hub, registry.k8s.io's
 * backends, quay.io and ghcr.io all work this way for anonymous pulls.
 */
export interface BearerChallenge {
  realm: string;
  service?: string;
  scope?: string;
}

/** The Bearer challenge of a WWW-Authenticate header, or undefined for another scheme. */
export function parseBearerChallenge(header: string | null): BearerChallenge | undefined {
  if (!header || !/^\s*bearer\s/i.test(header)) return undefined;
  const params = new Map<string, string>();
  for (const m of header.replace(/^\s*bearer\s+/i, '').matchAll(/(\w+)="([^"]*)"/g)) {
    const [, key, value] = m;
    if (key !== undefined && value !== undefined) params.set(key.toLowerCase(), value);
  }
  const realm = params.get('realm');
  if (!realm) return undefined;
  const service = params.get('service');
  const scope = params.get('scope');
  return { realm, ...(service ? { service } : {}), ...(scope ? { scope } : {}) };
}

const TOKEN_TIMEOUT_MS = 30_000;

export async function fetchBearerToken(
  challenge: BearerChallenge,
  repository: string,
  signal?: AbortSignal,
): Promise<string> {
  const url = new URL(challenge.realm);
  if (challenge.service) url.searchParams.set('service', challenge.service);
  url.searchParams.set('scope', challenge.scope ?? `repository:${repository}:pull`);
  const timeout = AbortSignal.timeout(TOKEN_TIMEOUT_MS);
  const res = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  if (!res.ok) throw new Error(`token from ${url.origin}${url.pathname}: HTTP ${res.status}`);
  const body = (await res.json()) as { token?: unknown; access_token?: unknown };
  const token = typeof body.token === 'string' ? body.token : body.access_token;
  if (typeof token !== 'string' || !token) {
    throw new Error(`token from ${url.origin}${url.pathname}: the answer holds no token`);
  }
  return token;
}
