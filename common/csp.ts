/**
 * The renderer's Content-Security-Policy, one string for both faces: the desktop window sets it
 * as a response header, the web host sends it with every page. `connect-src` must allow the web
 * bridge's WebSocket back to the same host; nothing else leaves the page.
 */
export function contentSecurityPolicy(connectSrc: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${connectSrc.length ? ` ${connectSrc.join(' ')}` : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
