import ipaddr from 'ipaddr.js';
import type { NodeSpec } from '../../common/model/node';

/** One refused input, naming the field the way the form and the CLI do. */
export interface FieldProblem {
  field: string;
  message: string;
}

const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** Why `address` is not an IPv4 address, an IPv6 address or a DNS name; undefined if it is one. */
export function addressProblem(address: string): string | undefined {
  const a = address.trim();
  if (!a) return 'must not be empty';
  if (a.includes(':')) {
    const bare = a.replace(/^\[(.*)\]$/, '$1');
    return ipaddr.IPv6.isValid(bare) && !bare.includes('%')
      ? undefined
      : `"${a}" is not a valid IPv6 address`;
  }
  if (/^[0-9.]+$/.test(a)) {
    return ipaddr.IPv4.isValidFourPartDecimal(a) ? undefined : `"${a}" is not a valid IPv4 address`;
  }
  if (a.length > 253) return 'a DNS name is at most 253 characters';
  const labels = a.replace(/\.$/, '').split('.');
  if (!labels.every((l) => DNS_LABEL.test(l))) {
    return `"${a}" is not a valid IPv4/IPv6 address or DNS name (letters, digits, dashes and dots only)`;
  }
  if (/^\d+$/.test(labels[labels.length - 1] ?? ''))
    return `"${a}" is not a valid DNS name (numeric top-level label)`;
  return undefined;
}

/** A canonical form so `192.168.1.1`, `::ffff:…` spellings and case differences compare equal. */
export function normalizeAddress(address: string): string {
  const a = address.trim().replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(a)) {
    const parsed = ipaddr.parse(a);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
      return (parsed as ipaddr.IPv6).toIPv4Address().toString();
    }
    return parsed.toNormalizedString();
  }
  return a.toLowerCase().replace(/\.$/, '');
}

const USER = /^[a-z_][a-z0-9_.-]*\$?$/i;

export function userProblem(user: string): string | undefined {
  if (!user.trim()) return 'must not be empty';
  if (user.length > 32) return 'must be at most 32 characters';
  if (!USER.test(user)) return `"${user}" is not a valid user name (letters, digits, _ . - only)`;
  return undefined;
}

/** Every problem with `spec` in the context of the `others` already in the inventory. */
export function validateNode(spec: NodeSpec, others: NodeSpec[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string | undefined): void => {
    if (message) problems.push({ field, message });
  };
  const rest = others.filter((o) => o.id !== spec.id);
  if (!spec.name.trim()) add('name', 'must not be empty');
  // eslint-disable-next-line no-control-regex
  else if (/[\x00-\x1f\x7f]/.test(spec.name)) add('name', 'must not contain control characters');
  const dupName = rest.find((o) => o.name.toLowerCase() === spec.name.trim().toLowerCase());
  if (dupName) add('name', `"${spec.name}" is already used by another node`);
  const bad = addressProblem(spec.address);
  add('address', bad);
  if (!bad) {
    const norm = normalizeAddress(spec.address);
    const dup = rest.find((o) => normalizeAddress(o.address) === norm && o.port === spec.port);
    if (dup) add('address', `${spec.address}:${spec.port} is already node "${dup.name}"`);
  }
  if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65535)
    add('port', 'must be from 1 to 65535');
  add('user', userProblem(spec.user));
  if (spec.keyPath !== undefined && (spec.keyPath.includes('\0') || /[\n\r]/.test(spec.keyPath)))
    add('keyPath', 'must be a file path');
  if (spec.jumpHost !== undefined) {
    const jump = rest.find((o) => o.id === spec.jumpHost);
    if (spec.jumpHost === spec.id) add('jumpHost', 'a node cannot be its own jump host');
    else if (!jump) add('jumpHost', `no node with id "${spec.jumpHost}"`);
    else if (jump.jumpHost)
      add('jumpHost', `"${jump.name}" itself goes through a jump host; only one hop is supported`);
  }
  for (const key of Object.keys(spec.labels)) {
    if (
      !/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(
        key,
      )
    ) {
      add(`labels.${key}`, 'is not a valid Kubernetes label key');
    }
  }
  return problems;
}

/** A DNS-label id from a name, unique among `taken`: "Master 1" → "master-1", then "master-1-2". */
export function deriveId(name: string, taken: Set<string>): string {
  let base = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 55)
    .replace(/-+$/, '');
  if (!base) base = 'node';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
