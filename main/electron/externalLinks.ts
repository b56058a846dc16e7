/**
 * Hosts the app may open in the user's browser (documentation the UI links to). Everything else
 * is refused: a compromised renderer must not be able to launch arbitrary URLs or schemes. Only
 * https: every host here serves it, and a plain http link could be rewritten on the way (the
 * user's browser would open whatever a network attacker put there).
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
    url.protocol === 'https:' &&
    !url.username &&
    !url.password &&
    url.port === '' &&
    EXTERNAL_LINK_HOSTS.has(url.hostname)
  );
}
