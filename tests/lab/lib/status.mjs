#!/usr/bin/env node
// Prints the running lab's nodes: a table or JSON (status --json). The project file: project.mjs.
// Usage: status.mjs <stateDir> table|--json <rootPassword> <user> <userPassword>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [state, mode, rootPassword, user, userPassword] = process.argv.slice(2);
const scenario = JSON.parse(readFileSync(join(state, 'scenario.json'), 'utf8'));
const keyPath = join(state, 'ssh', 'id_ed25519');
const knownHostsPath = join(state, 'ssh', 'known_hosts');

const nodes = scenario.nodes.map((n) => {
  const dir = join(state, 'nodes', n.name);
  // As `ssh-keygen -lf ssh_host_ed25519_key.pub` prints it: "256 SHA256:... root@host (ED25519)".
  const fpLine = readFileSync(join(dir, 'fingerprint'), 'utf8').trim();
  const pub = readFileSync(join(dir, 'upper', 'etc', 'ssh', 'ssh_host_ed25519_key.pub'), 'utf8').trim();
  const [alg, key] = pub.split(' ');
  return {
    name: n.name,
    hostname: n.hostname,
    address: n.ip,
    port: 22,
    role: n.role,
    os: n.os,
    later: n.later === true,
    users: [
      { user: 'root', password: rootPassword, sudo: false },
      { user, password: userPassword, sudo: true },
    ],
    keyPath,
    hostKey: { algorithm: alg, publicKey: `${alg} ${key}`, fingerprint: fpLine.split(' ')[1] },
    hostKeyFingerprint: fpLine,
    netns: `${process.env.LAB_NS_PREFIX ?? 'klab-'}${n.name}`,
  };
});

if (mode === '--json') {
  const out = {
    up: true,
    scenario: scenario.name,
    subnet: scenario.subnet,
    gateway: scenario.gateway,
    cluster: scenario.cluster,
    keyPath,
    knownHostsPath,
    nodes,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
} else {
  const rows = [['NAME', 'ADDRESS', 'PORT', 'ROLE', 'OS', 'USERS', 'HOST KEY']];
  for (const n of nodes) {
    rows.push([n.name + (n.later ? ' (later)' : ''), n.address, '22', n.role, n.os, `root/${rootPassword} ${user}/${userPassword}`, n.hostKey.fingerprint]);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) process.stdout.write(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i] + 2))).join('') + '\n');
  process.stdout.write(`scenario: ${scenario.name}  subnet: ${scenario.subnet}  key: ${keyPath}  known_hosts: ${knownHostsPath}\n`);
}
