/**
 * Hosts the app may open in the user's browser (documentation the UI links to). Everything else
 * is refused: a compromised renderer must not be able to launch arbitrary URLs or schemes.
 */
export const EXTERNAL_LINK_HOSTS = new Set([
  'kubernetes.io',
  'github.com',
  'docs.docker.com',
  'docs.tigera.io',
  'mirrors.aliyun.com',
]);

export function isAllowedExternalLink(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'https:' || url.protocol === 'http:') && EXTERNAL_LINK_HOSTS.has(url.hostname)
  );
}
