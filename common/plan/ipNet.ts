import ipaddr from 'ipaddr.js';

/**
 * Strict IP and CIDR parsing for the plan. ipaddr.js alone accepts IPv4 forms such as `10.1` or
 * `0x0a.0.0.1` that kubeadm and the shell scripts would read differently, so IPv4 must be four
 * decimal parts; CIDRs must also be in canonical form (network address, no host bits).
 */

export type Ip = ipaddr.IPv4 | ipaddr.IPv6;

export interface Cidr {
  text: string;
  address: Ip;
  prefix: number;
  kind: 'ipv4' | 'ipv6';
}

/** Parses an IP address (IPv4 four-part decimal, or IPv6 without a zone); undefined if invalid. */
export function parseIp(value: string): Ip | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return ipaddr.IPv4.parse(value);
  if (!value.includes('%') && ipaddr.IPv6.isValid(value)) return ipaddr.IPv6.parse(value);
  return undefined;
}

export type CidrProblem = 'invalid' | 'not-canonical';

/** Parses `a.b.c.d/n` or an IPv6 CIDR; reports host bits as `not-canonical` with the fix. */
export function parseCidr(
  value: string,
): { ok: true; cidr: Cidr } | { ok: false; problem: CidrProblem; canonical?: string } {
  const slash = value.indexOf('/');
  if (slash < 0) return { ok: false, problem: 'invalid' };
  const addressText = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  const address = parseIp(addressText);
  if (!address || !/^\d{1,3}$/.test(prefixText)) return { ok: false, problem: 'invalid' };
  const prefix = Number(prefixText);
  const max = address.kind() === 'ipv4' ? 32 : 128;
  if (prefix > max) return { ok: false, problem: 'invalid' };
  const network = networkAddress(address, prefix);
  if (network.toString() !== address.toString()) {
    return { ok: false, problem: 'not-canonical', canonical: `${network.toString()}/${prefix}` };
  }
  return { ok: true, cidr: { text: value, address, prefix, kind: address.kind() } };
}

function networkAddress(address: Ip, prefix: number): Ip {
  const bytes = address.toByteArray();
  const out = bytes.map((byte, i) => {
    const bitsHere = Math.min(8, Math.max(0, prefix - i * 8));
    const mask = bitsHere === 0 ? 0 : (0xff << (8 - bitsHere)) & 0xff;
    return byte & mask;
  });
  return ipaddr.fromByteArray(out);
}

/** True when the two networks share at least one address (same family only). */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.kind !== b.kind) return false;
  const shorter = Math.min(a.prefix, b.prefix);
  return sameFamilyMatch(a.address, b.address, shorter);
}

/** True when `ip` lies inside `cidr`. */
export function cidrContains(cidr: Cidr, ip: Ip): boolean {
  if (ip.kind() !== cidr.kind) return false;
  return sameFamilyMatch(ip, cidr.address, cidr.prefix);
}

function sameFamilyMatch(a: Ip, b: Ip, bits: number): boolean {
  if (a.kind() === 'ipv4' && b.kind() === 'ipv4') {
    return (a as ipaddr.IPv4).match(b as ipaddr.IPv4, bits);
  }
  if (a.kind() === 'ipv6' && b.kind() === 'ipv6') {
    return (a as ipaddr.IPv6).match(b as ipaddr.IPv6, bits);
  }
  return false;
}
