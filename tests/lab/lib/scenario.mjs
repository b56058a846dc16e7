#!/usr/bin/env node
// Reads a lab scenario (YAML) and resolves it: node addresses, flavours and quirks.
// Usage: scenario.mjs resolve <file.yaml> <subnet-override|-> -> prints resolved JSON
//        scenario.mjs nodes <resolved.json>                   -> "name<TAB>ip<TAB>hostname<TAB>os<TAB>index" lines
//        scenario.mjs get <resolved.json> <node> <key>       -> one quirk value (empty if unset)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(resolve(here, '../../../package.json'));
const YAML = require('yaml');

const OS = {
  'ubuntu-20.04': { family: 'debian', codename: 'focal' },
  'ubuntu-22.04': { family: 'debian', codename: 'jammy' },
  'rocky-9': { family: 'rhel', codename: 'blue onyx' },
};

function ipToInt(ip) {
  return ip.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
}
function intToIp(n) {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

function resolveScenario(file, subnetOverride) {
  const doc = YAML.parse(readFileSync(file, 'utf8')) ?? {};
  const subnet = subnetOverride && subnetOverride !== '-' ? subnetOverride : (doc.subnet ?? '172.31.250.0/24');
  const [base, bitsStr] = subnet.split('/');
  const bits = Number(bitsStr);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(base) || !(bits >= 16 && bits <= 28)) throw new Error(`bad subnet ${subnet}`);
  const net = ipToInt(base) & (bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0);
  const nodes = (doc.nodes ?? []).map((n, i) => {
    const os = n.os ?? doc.os ?? 'ubuntu-20.04';
    if (!OS[os]) throw new Error(`unknown os ${os} for node ${n.name}`);
    if (!/^[a-z0-9-]{1,20}$/.test(n.name)) throw new Error(`bad node name ${n.name}`);
    return {
      ...n,
      index: i + 1,
      os,
      family: OS[os].family,
      codename: OS[os].codename,
      hostname: n.hostname ?? n.name,
      ip: intToIp(net + 10 + i + 1),
      role: n.role ?? 'worker',
    };
  });
  return {
    name: doc.name,
    description: doc.description ?? '',
    subnet: `${intToIp(net)}/${bits}`,
    gateway: intToIp(net + 1),
    prefix: bits,
    cluster: doc.cluster ?? {},
    nodes,
  };
}

const [cmd, a, b, c] = process.argv.slice(2);
if (cmd === 'resolve') {
  process.stdout.write(JSON.stringify(resolveScenario(a, b), null, 2) + '\n');
} else if (cmd === 'nodes') {
  const s = JSON.parse(readFileSync(a, 'utf8'));
  for (const n of s.nodes) process.stdout.write([n.name, n.ip, n.hostname, n.os, n.index].join('\t') + '\n');
} else if (cmd === 'get') {
  const s = JSON.parse(readFileSync(a, 'utf8'));
  const n = b === '-' ? s : s.nodes.find((x) => x.name === b);
  const v = n ? c.split('.').reduce((o, k) => (o == null ? undefined : o[k]), n) : undefined;
  process.stdout.write(v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
} else if (cmd === 'env') {
  // Shell-safe LAB_* assignments for one node (its quirks) plus the cluster-wide settings.
  const s = JSON.parse(readFileSync(a, 'utf8'));
  const n = s.nodes.find((x) => x.name === b);
  if (!n) throw new Error(`no node ${b}`);
  const q = (v) => `'${String(v).replace(/'/g, `'\\''`)}'`;
  const key = (k) => 'LAB_' + k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
  const out = [];
  const emit = (prefix, obj) => {
    for (const [k, v] of Object.entries(obj)) {
      if (v == null) continue;
      const val = Array.isArray(v) ? v.join(' ') : typeof v === 'object' ? JSON.stringify(v) : v;
      out.push(`${key(prefix + k)}=${q(val)}`);
    }
  };
  emit('', n);
  emit('cluster_', s.cluster ?? {});
  out.push(`LAB_SUBNET=${q(s.subnet)}`, `LAB_SCENARIO=${q(s.name)}`);
  out.push(`LAB_PEERS=${q(s.nodes.map((x) => `${x.name}=${x.ip}`).join(' '))}`);
  process.stdout.write(out.join('\n') + '\n');
} else {
  process.stderr.write('usage: scenario.mjs resolve|nodes|get ...\n');
  process.exit(2);
}
