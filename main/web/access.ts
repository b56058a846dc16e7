import { timingSafeEqual } from 'node:crypto';

/** Constant-time token comparison, so the token cannot be guessed byte by byte. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The Host header values this server answers to: the exact host:port it was opened on, under the
 * names a user can type for it. Refusing other Host values stops DNS-rebinding pages; requiring
 * Origin to equal `http://<Host>` on upgrades stops cross-site WebSocket hijacking.
 */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set([host.includes(':') ? `[${host}]` : host]);
  if (isLoopback(host)) {
    names.add('127.0.0.1');
    names.add('localhost');
    names.add('[::1]');
  }
  return new Set([...names].map((name) => `${name}:${port}`));
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
