/**
 * Whether a URL is the app's own page. The window navigates and IPC senders are trusted only for
 * these. A string prefix is not enough: `file:///…/out/renderer` also prefixes a sibling folder
 * `file:///…/out/renderer-evil/`. Both URLs are parsed (the WHATWG parser resolves `..` and
 * `%2e%2e`), then the scheme and host must be equal and the path must be the base folder itself
 * or inside it, with a separator after the base.
 */
export type AppUrlCheck = (url: string) => boolean;

/** An encoded `/` or `\` could be decoded to a separator after our check: refuse it outright. */
const ENCODED_SEPARATOR = /%(2f|5c)/i;

/**
 * `base` is the folder the renderer is loaded from (`file:///opt/kubelab/out/renderer`) or the
 * dev server's origin (`http://localhost:5173`); a trailing slash is optional.
 */
export function appUrlCheck(base: string): AppUrlCheck {
  const root = new URL(base);
  const folder = root.pathname.endsWith('/') ? root.pathname : `${root.pathname}/`;
  return (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.protocol !== root.protocol || url.host !== root.host) return false;
    if (url.username || url.password || ENCODED_SEPARATOR.test(url.pathname)) return false;
    return url.pathname === folder.slice(0, -1) || url.pathname.startsWith(folder);
  };
}
