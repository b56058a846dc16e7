/**
 * The renderer's Content-Security-Policy, one string for both faces: the desktop window sets it
 * as a response header, the web host sends it with every page. `connect-src` must allow the web
 * bridge's WebSocket back to the same host; nothing else leaves the page.
 *
 * `style-src 'unsafe-inline'` is a reviewed decision (issue 14): xterm.js adds `<style>` elements
 * at run time (its theme and DOM renderer), whose text changes with the terminal's size and
 * colours, so neither a hash nor a nonce can cover them. Inline CSS cannot take anything out of
 * the page: every way CSS fetches is governed by a directive here that allows only the app itself
 * or data: — `url()` images and cursors by img-src, `@font-face` by font-src, `@import` by
 * style-src ('self'), everything else by default-src 'none' — so an injected style can restyle
 * the page but not exfiltrate it. Scripts get no inline allowance at all.
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
