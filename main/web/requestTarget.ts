/** The parts of a request target the web host reads. */
export interface RequestTarget {
  pathname: string;
  searchParams: URLSearchParams;
}

function parse(input: string, base?: string): URL | undefined {
  try {
    return new URL(input, base);
  } catch {
    return undefined;
  }
}

/**
 * Reads a request line's target without ever throwing: whatever a client sends, the answer is a
 * target or `undefined` (the caller answers 400). `new URL()` throws on input such as
 * `http://a:99999/`, and an exception there once ended `kubelab serve` (issue 14).
 *
 * - origin-form (`/path?query`) is what browsers send to an origin server;
 * - absolute-form (`http://host:port/path`) must be accepted too (RFC 9112 §3.2.2,
 *   https://www.rfc-editor.org/rfc/rfc9112#section-3.2.2), and then the target's authority, not
 *   the Host header, names the server; it is accepted only when both agree, so the Host check
 *   that stops DNS rebinding sees the name the request really addresses;
 * - authority-form, asterisk-form, protocol-relative (`//host/`) and anything else: undefined.
 */
export function parseRequestTarget(
  raw: string | undefined,
  hostHeader: string | undefined,
): RequestTarget | undefined {
  if (!raw) return undefined;
  if (raw.startsWith('/')) {
    if (raw.startsWith('//')) return undefined;
    const url = parse(raw, 'http://origin-form.invalid');
    return url ? { pathname: url.pathname, searchParams: url.searchParams } : undefined;
  }
  if (!/^(https?|wss?):\/\//i.test(raw)) return undefined;
  const url = parse(raw);
  if (!url || url.username || url.password) return undefined;
  if (!hostHeader || url.host !== authorityOf(hostHeader)) return undefined;
  return { pathname: url.pathname, searchParams: url.searchParams };
}

/** A Host header as WHATWG URL would write it (lower-case name, default port dropped). */
function authorityOf(hostHeader: string): string | undefined {
  return parse(`http://${hostHeader}/`)?.host;
}
