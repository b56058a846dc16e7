import ipaddr from 'ipaddr.js';
import type { NodeInput } from '../../common/contracts/nodes';
import type { NodeRole } from '../../common/model/node';
import { csvRows } from './inventoryImportCsv';
import { looksLikeKubespray, parseKubespray } from './inventoryImportKubespray';

/**
 * Reading node lists people already have: the guide's `master1: 192.168.100.111` lines, a CSV
 * export, or the `Host` blocks of ~/.ssh/config. Parsing only; the inventory service applies
 * defaults and validates each result, reporting problems by line.
 */
export interface Draft {
  line: number;
  input: Partial<NodeInput> & { name: string; address: string };
}
export interface ImportProblem {
  line: number;
  field?: string;
  message: string;
}
export interface Parsed {
  drafts: Draft[];
  problems: ImportProblem[];
}
export type ImportFormat = 'list' | 'csv' | 'ssh-config' | 'kubespray';

export function detectFormat(text: string): ImportFormat {
  if (looksLikeKubespray(text)) return 'kubespray';
  if (/^\s*Host\s+\S/im.test(text)) return 'ssh-config';
  const first = text.split('\n').find((l) => l.trim() && !l.trim().startsWith('#')) ?? '';
  return first.includes(',') ? 'csv' : 'list';
}

/** The guide names its control plane "master1"; anything like it is a control-plane node. */
export function guessRole(name: string): NodeRole {
  return /master|control|(^|[-_.])cp\d*($|[-_.])/i.test(name) ? 'control-plane' : 'worker';
}

/** An IP literal, as /etc/hosts puts first: `192.168.100.116 node1`. */
function isIpLiteral(text: string): boolean {
  return ipaddr.isValid(text.replace(/^\[|\]$/g, ''));
}

/**
 * `name: address [anything]` (ASCII or full-width colon), `name address`, or the /etc/hosts order
 * `address name` (recognised when the first word is an IP literal and the second is not).
 */
export function parseList(text: string): Parsed {
  const out: Parsed = { drafts: [], problems: [] };
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#')) return;
    const m = /^([^\s:：]+)\s*(?:[:：]\s*|\s+)([^\s(（]+)/.exec(line);
    if (!m?.[1] || !m[2]) {
      out.problems.push({ line: i + 1, message: `expected "name: address", got "${line}"` });
      return;
    }
    const [name, address] =
      isIpLiteral(m[1]) && !isIpLiteral(m[2]) && !/[:：]/.test(line) ? [m[2], m[1]] : [m[1], m[2]];
    out.drafts.push({ line: i + 1, input: { name, address, role: guessRole(name) } });
  });
  return out;
}

const CSV_ALIASES: Record<string, string> = {
  name: 'name',
  hostname: 'name',
  address: 'address',
  host: 'address',
  ip: 'address',
  port: 'port',
  user: 'user',
  username: 'user',
  auth: 'auth',
  role: 'role',
  keypath: 'keyPath',
  key: 'keyPath',
  identityfile: 'keyPath',
  labels: 'labels',
  jumphost: 'jumpHost',
};

export function parseCsv(text: string): Parsed {
  const out: Parsed = { drafts: [], problems: [] };
  const read = csvRows(text);
  if ('problem' in read) {
    out.problems.push(read.problem);
    return out;
  }
  const rows = read.rows;
  if (rows.length === 0) return out;
  const head = (rows[0]?.fields ?? []).map((h) => h.toLowerCase().replace(/[\s_-]/g, ''));
  const hasHeader = head.some((h) => h === 'address' || h === 'host' || h === 'ip');
  const columns = hasHeader
    ? head.map((h) => CSV_ALIASES[h] ?? '')
    : ['name', 'address', 'port', 'user', 'role'];
  if (hasHeader) {
    head.forEach((h, i) => {
      if (!CSV_ALIASES[h])
        out.problems.push({
          line: rows[0]?.line ?? 1,
          message: `unknown column "${h}" (column ${i + 1}) ignored`,
        });
    });
  }
  for (const row of hasHeader ? rows.slice(1) : rows) {
    const f = row.fields;
    const rec: Record<string, string> = {};
    columns.forEach((c, i) => {
      if (c && f[i] !== undefined && f[i] !== '') rec[c] = f[i] as string;
    });
    const name = rec.name ?? rec.address ?? '';
    const input: Draft['input'] = { name, address: rec.address ?? '' };
    if (rec.port !== undefined) {
      const port = Number(rec.port);
      if (!/^\d+$/.test(rec.port))
        out.problems.push({
          line: row.line,
          field: 'port',
          message: `"${rec.port}" is not a port number`,
        });
      input.port = port;
    }
    if (rec.user) input.user = rec.user;
    if (rec.auth) input.auth = rec.auth as NodeInput['auth'];
    input.role = (rec.role as NodeRole | undefined) ?? guessRole(name);
    if (rec.keyPath) input.keyPath = rec.keyPath;
    if (rec.jumpHost) input.jumpHost = rec.jumpHost;
    if (rec.labels) {
      input.labels = Object.fromEntries(
        rec.labels
          .split(/[;|]/)
          .filter(Boolean)
          .map((kv) => {
            const [k = '', ...v] = kv.split('=');
            return [k.trim(), v.join('=').trim()];
          }),
      );
    }
    out.drafts.push({ line: row.line, input });
  }
  return out;
}

/** `Host` blocks without wildcards; HostName, User, Port, IdentityFile and a one-hop ProxyJump. */
export function parseSshConfig(text: string): Parsed {
  const out: Parsed = { drafts: [], problems: [] };
  let current: { line: number; aliases: string[]; opts: Record<string, string> } | undefined;
  const blocks: Array<NonNullable<typeof current>> = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(\S+)\s*(?:=\s*|\s+)(.*)$/.exec(line);
    if (!m?.[1]) return;
    const key = m[1].toLowerCase();
    const value = (m[2] ?? '').trim().replace(/^"(.*)"$/, '$1');
    if (key === 'host') {
      current = { line: i + 1, aliases: value.split(/\s+/), opts: {} };
      blocks.push(current);
    } else if (key === 'match') {
      current = undefined; // Match blocks are conditional; not something to import
    } else if (current && !(key in current.opts)) {
      current.opts[key] = value; // first value wins, as in ssh
    }
  });
  const concrete = blocks.filter((b) => b.aliases.every((a) => !/[*?!]/.test(a)));
  const names = new Set(concrete.map((b) => b.aliases[0]));
  for (const b of concrete) {
    const name = b.aliases[0] ?? '';
    const o = b.opts;
    const input: Draft['input'] = { name, address: o.hostname ?? name, role: guessRole(name) };
    if (o.user) input.user = o.user;
    if (o.port) input.port = Number(o.port);
    if (o.identityfile) {
      input.auth = 'key';
      input.keyPath = o.identityfile;
    }
    if (o.proxyjump && o.proxyjump.toLowerCase() !== 'none') {
      if (names.has(o.proxyjump)) input.jumpHost = o.proxyjump;
      else
        out.problems.push({
          line: b.line,
          field: 'jumpHost',
          message: `ProxyJump "${o.proxyjump}" must name another Host in this file (one hop)`,
        });
    }
    out.drafts.push({ line: b.line, input });
  }
  return out;
}

export function parseImport(format: ImportFormat, text: string): Parsed {
  if (format === 'csv') return parseCsv(text);
  if (format === 'ssh-config') return parseSshConfig(text);
  if (format === 'kubespray') return parseKubespray(text);
  return parseList(text);
}
