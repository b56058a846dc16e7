/**
 * Shapes for the plan's free-text fields. Plan values reach the nodes only as environment
 * variables that kubelab quotes (design §2), but they also land in YAML, repo files and log
 * lines, and a user may copy them into a shell. So each field accepts only the characters its
 * kind of value can contain, and anything that looks like shell syntax is refused with a reason.
 */

/** Characters with a meaning to a POSIX shell (or to YAML / repo files when unquoted). */
const SHELL_META = /[\s;&|`$<>\\"'(){}[\]*?!#~^]/;

/** True for C0 controls and DEL (NUL, ESC, newline…), which no plan field may contain. */
export function hasControlChar(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Explains the first shell metacharacter in `value`, or undefined when there is none. */
export function shellMetaProblem(value: string): string | undefined {
  if (hasControlChar(value)) return 'must not contain control characters (refused)';
  const match = SHELL_META.exec(value);
  if (!match) return undefined;
  const ch = match[0];
  const shown = /\s/.test(ch) ? 'whitespace' : `"${ch}"`;
  return `must not contain ${shown} (shell metacharacters are refused)`;
}

/** RFC 1123 label: lowercase letters, digits and '-', 1–63 chars, alphanumeric at both ends. */
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** RFC 1123 subdomain (what kubeadm's --service-dns-domain and hostnames accept). */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && value.split('.').every((label) => DNS_LABEL.test(label));
}

/** An http(s) URL with a plain host, an optional port and a conservative path. */
const URL_RE =
  /^https?:\/\/[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?(\/[A-Za-z0-9._~:/%+@=,-]*)?$/;

export function isHttpUrl(value: string): boolean {
  return URL_RE.test(value);
}

/**
 * An image repository as kubeadm's --image-repository takes it: `host[:port]/path…`, lowercase
 * path components as the OCI distribution spec allows (`registry.k8s.io`,
 * `registry.cn-hangzhou.aliyuncs.com/google_containers`).
 */
const REPO_RE = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;

export function isImageRepository(value: string): boolean {
  return REPO_RE.test(value);
}

/** A registry host (optionally with a port and a path prefix), for image mirrors. */
export function isRegistryHost(value: string): boolean {
  return REPO_RE.test(value);
}

/** `host` or `host:port` where host is a DNS name or an IPv4 address. */
export function isHostPort(value: string): boolean {
  const match = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value);
  if (!match) return false;
  const port = match[2] === undefined ? 1 : Number(match[2]);
  return isDnsSubdomain(match[1] ?? '') && port >= 1 && port <= 65535;
}

/** kubeadm preflight check names: `Swap`, `FileContent--proc-sys-net-ipv4-ip_forward`, `all`. */
export function isPreflightCheckName(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value);
}
