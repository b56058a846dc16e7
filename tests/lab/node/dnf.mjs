#!/usr/bin/env node
// Lab dnf / yum (Rocky 9: yum is dnf 4) and rpm -q. Repos come from the node's
// /etc/yum.repos.d/*.repo (INI: [id] name, baseurl | mirrorlist, enabled, exclude, ...); known URLs
// map to the lab's package catalogs, the legacy packages.cloud.google.com repo (removed
// 2024-03-04) fails with a 404 on repomd.xml, unknown hosts fail as without network. Every
// transaction loads every enabled repo's metadata (skip_if_unavailable=False, the EL9 default), so
// one bad repo fails every install, as for real.
// Message sources:
// - metadata errors: kubernetes/release#3485 and kubernetes/kubernetes#123666 (404 for
//   packages.cloud.google.com .../repodata/repomd.xml), kubernetes/release#3584 (layout:
//   "Errors during downloading metadata for repository 'kubernetes':\n  - Status code: ...\n
//   Error: Failed to download metadata for repo 'kubernetes': Cannot download repomd.xml: ...");
//   libcurl's CURLE_COULDNT_RESOLVE_HOST text as librepo prints it ("Curl error (6): Couldn't
//   resolve host name for <url> [Could not resolve host: <host>]").
// - unknown / excluded packages: dnf's ci-dnf-stack features (rpm-software-management/ci-dnf-stack
//   #697): stdout "No match for argument: X" or "All matches were filtered out by exclude filtering
//   for argument: X", stderr "Error: Unable to find a match: X", exit 1.
// - `exclude=` in a repo and `--disableexcludes=<repo>|all|main`: dnf.conf(5); the Kubernetes
//   install docs' kubernetes.repo uses `exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni`.
// - versionlock: dnf-plugins-core "DNF versionlock Plugin" (python3-dnf-plugin-versionlock; lines
//   "name-epoch:version-release.*" in /etc/dnf/plugins/versionlock.list; other versions excluded);
//   without the plugin: "No such command: versionlock. Please use /usr/bin/dnf --help" and
//   "It could be a DNF plugin command, try: \"dnf install 'dnf-command(versionlock)'\"".
// - pkgs.k8s.io rpm versions (./k8s-packages.mjs): `<v>-150500.1.1`, some `-150500.2.1` (e.g. kubeadm-1.28.2-150500.1.1.x86_64); legacy
//   el7 repo: `<v>-0`; Docker CE for EL9: `3:24.0.7-1.el9`.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { basename } from 'node:path';
import { packageBinary } from './k8s.mjs';
import { legacyVersions, pkgsVersions } from './k8s-packages.mjs';

const tool = process.env.LAB_TOOL ?? basename(process.argv[1]);
const argv = process.argv.slice(2);
const out = (s = '') => process.stdout.write(s + '\n');
const err = (s) => process.stderr.write(s + '\n');
const PKGS = '/var/lib/lab-pkgs';
const LOCKLIST = '/etc/dnf/plugins/versionlock.list';
mkdirSync(PKGS, { recursive: true });

const installed = (p) => (existsSync(`${PKGS}/${p}`) ? readFileSync(`${PKGS}/${p}`, 'utf8').trim() : undefined);
const BIN = { chrony: ['chronyc'], kubeadm: ['kubeadm'], kubelet: ['kubelet'], kubectl: ['kubectl'], 'docker-ce': ['docker', 'dockerd'], 'containerd.io': ['containerd', 'ctr'], 'cri-tools': ['crictl'], 'conntrack-tools': ['conntrack'] };
const DEPS = { kubelet: ['conntrack-tools', 'ebtables-legacy', 'ethtool', 'socat', 'kubernetes-cni'], kubeadm: ['cri-tools', 'kubelet', 'kubectl'], 'docker-ce': ['docker-ce-cli', 'containerd.io', 'container-selinux'] };
const SIZE = { kubeadm: '10 M', kubelet: '21 M', kubectl: '10 M', 'kubernetes-cni': '7.0 M', 'cri-tools': '6.9 M', 'docker-ce': '25 M', 'docker-ce-cli': '7.2 M', 'containerd.io': '33 M' };

// ------------------------------------------------------------------ options
const opts = { y: false, disableexcludes: [], enablerepo: [], disablerepo: [], repofrompath: [], only: [], showduplicates: false, quiet: false };
const pos = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
  if (a === '-y' || a === '--assumeyes') opts.y = true;
  else if (a === '-q' || a === '--quiet') opts.quiet = true;
  else if (a.startsWith('--disableexcludes') || a.startsWith('--disableexcludepkgs')) opts.disableexcludes.push(...val().split(','));
  else if (a.startsWith('--enablerepo')) opts.enablerepo.push(...val().split(','));
  else if (a.startsWith('--disablerepo')) opts.disablerepo.push(...val().split(','));
  else if (a === '--showduplicates') opts.showduplicates = true;
  // dnf(8): --repofrompath <repo>,<path/url> adds a repository for this run; --repo/--repoid
  // <id> enables just that one (a shortcut for --disablerepo="*" --enablerepo=<id>).
  else if (a.startsWith('--repofrompath')) opts.repofrompath.push(val());
  else if (a === '--repo' || a.startsWith('--repo=') || a === '--repoid' || a.startsWith('--repoid=')) opts.only.push(...val().split(','));
  else if (a === '--add-repo') pos.push('--add-repo', argv[++i]);
  else if (a.startsWith('--add-repo=')) pos.push('--add-repo', a.slice(11));
  else if (a.startsWith('--set-enabled') || a.startsWith('--set-disabled') || a === '--nogpgcheck' || a === '--nobest' || a === '--allowerasing' || a === '--setopt' || a.startsWith('--setopt=')) {
    if (a === '--setopt') i++;
    pos.push(a);
  } else if (a.startsWith('-')) {
    /* other flags are accepted and ignored */
  } else pos.push(a);
}

// ------------------------------------------------------------------ repos
const vars = (s) => s.replace(/\$releasever/g, '9').replace(/\$basearch/g, 'x86_64').replace(/\$rltype/g, '').replace(/\$arch/g, 'x86_64');

function repos() {
  const dir = '/etc/yum.repos.d';
  const list = [];
  if (!existsSync(dir)) return list;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.repo')).sort()) {
    let cur;
    readFileSync(`${dir}/${f}`, 'utf8').split('\n').forEach((raw) => {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line.startsWith(';')) return;
      const sec = /^\[([^\]]+)\]$/.exec(line);
      if (sec) {
        cur = { id: sec[1], file: f, enabled: true, exclude: [] };
        list.push(cur);
        return;
      }
      const kv = /^([A-Za-z_]+)\s*=\s*(.*)$/.exec(line);
      if (!kv || !cur) return;
      const [, k, v] = kv;
      if (k === 'enabled') cur.enabled = v === '1' || v === 'true' || v === 'yes';
      else if (k === 'exclude' || k === 'excludepkgs') cur.exclude.push(...v.split(/[\s,]+/).filter(Boolean));
      else cur[k] = vars(v);
    });
  }
  for (const spec of opts.repofrompath) {
    const comma = spec.indexOf(',');
    const id = spec.slice(0, comma);
    list.push({ id, name: id, baseurl: vars(spec.slice(comma + 1)), file: '', enabled: true, exclude: [] });
  }
  if (opts.only.length) for (const r of list) r.enabled = opts.only.includes(r.id);
  for (const r of list) {
    if (opts.enablerepo.includes(r.id) || opts.enablerepo.includes('*')) r.enabled = true;
    if (opts.disablerepo.includes(r.id) || opts.disablerepo.includes('*')) r.enabled = false;
  }
  return list;
}

const k8sNew = (minor) => pkgsVersions(Number(minor), 'rpm');
const legacy = legacyVersions('rpm');

/** The lab's catalog for a repo URL: package -> versions (newest first); undefined: unknown host. */
function catalog(url) {
  if (/rockylinux\.org|mirrors\.aliyun\.com\/rockylinux|dl\.rockylinux\.org/.test(url)) {
    return {
      curl: ['7.76.1-26.el9_3.2'], 'yum-utils': ['4.3.0-11.el9'], 'dnf-plugins-core': ['4.3.0-11.el9'], 'python3-dnf-plugin-versionlock': ['4.3.0-11.el9'],
      'device-mapper-persistent-data': ['0.9.0-13.el9'], lvm2: ['2.03.21-3.el9'], 'iproute-tc': ['6.2.0-5.el9'], 'conntrack-tools': ['1.4.7-2.el9'], socat: ['1.7.4.1-5.el9'],
      'ebtables-legacy': ['2.0.11-9.el9'], ethtool: ['6.2-1.el9'], 'container-selinux': ['3:2.221.0-1.el9'], chrony: ['4.3-1.el9'], firewalld: ['1.2.1-1.el9'],
      'iptables-nft': ['1.8.8-6.el9_1'], tar: ['2:1.34-6.el9_1'], wget: ['1.21.1-7.el9'], vim: ['2:8.2.2637-20.el9_1'], 'bash-completion': ['1:2.11-5.el9'],
    };
  }
  if (/docker-ce\/linux\/(centos|rhel)|download\.docker\.com\/linux\/(centos|rhel)/.test(url)) {
    const dv = ['3:24.0.7-1.el9', '3:20.10.24-3.el9', '3:19.03.15-3.el8'];
    return { 'docker-ce': dv, 'docker-ce-cli': ['1:24.0.7-1.el9', '1:20.10.24-3.el9', '1:19.03.15-3.el8'], 'containerd.io': ['1.6.28-3.1.el9', '1.6.9-3.1.el9', '1.4.13-3.1.el8'] };
  }
  if (/mirrors\.aliyun\.com\/kubernetes\/yum\/repos\/kubernetes-el7/.test(url)) {
    return { kubeadm: legacy, kubelet: legacy, kubectl: legacy, 'kubernetes-cni': ['1.2.0-0', '0.8.7-0'], 'cri-tools': ['1.26.0-0', '1.13.0-0'] };
  }
  const m = /(?:pkgs\.k8s\.io\/core:\/stable:\/|kubernetes-new\/core\/stable\/)v1\.(\d+)\/rpm/.exec(url);
  if (m) return { kubeadm: k8sNew(m[1]), kubelet: k8sNew(m[1]), kubectl: k8sNew(m[1]), 'kubernetes-cni': ['1.2.0-150500.2.1'], 'cri-tools': [`1.${m[1]}.0-150500.1.1`] };
  return undefined;
}

/** Loads every enabled repo's metadata; on the first failure prints dnf's error and exits 1. */
function loadRepos({ skipBroken = false } = {}) {
  const rs = repos().filter((r) => r.enabled);
  const loaded = [];
  for (const r of rs) {
    const base = (r.baseurl ?? r.mirrorlist ?? r.metalink ?? '').split(/\s+/)[0];
    const title = (r.name ?? r.id).padEnd(50).slice(0, 50);
    if (!base) {
      err(`Error: Cannot find a valid baseurl for repo: ${r.id}`);
      process.exit(1);
    }
    const repomd = `${base.replace(/\/+$/, '')}/repodata/repomd.xml`;
    let host = '';
    try {
      host = new URL(base).hostname;
    } catch {
      err(`Error: Cannot find a valid baseurl for repo: ${r.id}`);
      process.exit(1);
    }
    if (/^(packages\.cloud\.google\.com|yum\.kubernetes\.io)$/.test(host)) {
      out(`${title}  0.0  B/s |   0  B     00:00    `);
      err(`Errors during downloading metadata for repository '${r.id}':`);
      err(`  - Status code: 404 for ${repomd} (IP: 142.250.191.46)`);
      err(`Error: Failed to download metadata for repo '${r.id}': Cannot download repomd.xml: Cannot download repodata/repomd.xml: All mirrors were tried`);
      if (!skipBroken) process.exit(1);
      continue;
    }
    const cat = catalog(base);
    if (!cat) {
      const curlErr = `Curl error (6): Couldn't resolve host name for ${r.mirrorlist ? base : repomd} [Could not resolve host: ${host}]`;
      out(`${title}  0.0  B/s |   0  B     00:00    `);
      err(`Errors during downloading metadata for repository '${r.id}':`);
      err(`  - ${curlErr}`);
      err(`Error: Failed to download metadata for repo '${r.id}': Cannot download repomd.xml: ${curlErr}`);
      if (!skipBroken) process.exit(1);
      continue;
    }
    if (!opts.quiet) out(`${title}  ${((r.id.length * 37) % 90) + 10} kB/s | ${((r.id.length * 53) % 900) + 20} kB     00:00    `);
    loaded.push({ ...r, cat });
  }
  return loaded;
}

function locks() {
  if (!existsSync(LOCKLIST)) return [];
  return readFileSync(LOCKLIST, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}
const lockFor = (name) => locks().map((l) => /^(.+)-(?:\d+:)?([^-]+-[^-]+)\.\*$/.exec(l)).find((m) => m && m[1] === name)?.[2];
const plugin = (cmd) => {
  if (!installed('python3-dnf-plugin-versionlock')) {
    err(`No such command: ${cmd}. Please use /usr/bin/${tool} --help`);
    err(`It could be a DNF plugin command, try: "dnf install 'dnf-command(${cmd})'"`);
    process.exit(1);
  }
};
const evr = (v) => (v.includes(':') ? v : `0:${v}`);
const noEpoch = (v) => v.replace(/^\d+:/, '');

/** "kubeadm", "kubeadm-1.28.2", "kubeadm-1.28.2-150500.1.1", "kubeadm-1.28.2-150500.1.1.x86_64". */
function resolveSpec(spec, loaded) {
  const s = spec.replace(/\.(x86_64|noarch)$/, '');
  const all = [];
  for (const r of loaded) for (const [name, vs] of Object.entries(r.cat)) for (const v of vs ?? []) all.push({ name, v, repo: r });
  let hits = all.filter((c) => c.name === s);
  // dnf(8) "Specifying Packages": name-[epoch:]version-release[.arch] and name-version; an epoch
  // given must be the package's own (docker-ce-3:19.03.15-3.el8 is what `dnf list` prints back).
  if (!hits.length) {
    hits = all.filter((c) => {
      if (!s.startsWith(`${c.name}-`)) return false;
      const want = s.slice(c.name.length + 1);
      if (/^\d+:/.test(want)) return c.v === want || (!/^\d+:/.test(c.v) && `0:${c.v}` === want);
      return noEpoch(c.v) === want || noEpoch(c.v).startsWith(`${want}-`);
    });
  }
  if (!hits.length) return { error: 'nomatch' };
  const kept = hits.filter((c) => {
    const disabled = opts.disableexcludes.includes('all') || opts.disableexcludes.includes(c.repo.id);
    if (!disabled && c.repo.exclude.some((g) => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(c.name))) return false;
    const lock = installed('python3-dnf-plugin-versionlock') ? lockFor(c.name) : undefined;
    return !lock || noEpoch(c.v) === lock;
  });
  if (!kept.length) return { error: 'excluded' };
  return { pick: kept[0] };
}

function lastCheck() {
  const d = new Date();
  const day = d.toLocaleString('en-US', { weekday: 'short', timeZone: 'UTC' });
  const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const h = d.getUTCHours() % 12 || 12;
  out(`Last metadata expiration check: 0:00:0${(d.getUTCSeconds() % 9) + 1} ago on ${day} ${String(d.getUTCDate()).padStart(2, '0')} ${mon} ${d.getUTCFullYear()} ${String(h).padStart(2, '0')}:${d.toISOString().slice(14, 19)} ${d.getUTCHours() < 12 ? 'AM' : 'PM'} UTC.`);
}

function install(specs) {
  if (process.getuid?.() !== 0) {
    err('Error: This command has to be run with superuser privileges (under the root user on most systems).');
    process.exit(1);
  }
  const loaded = loadRepos();
  lastCheck();
  const plan = new Map();
  const failed = [];
  for (const spec of specs) {
    const r = resolveSpec(spec, loaded);
    if (r.error === 'nomatch') {
      out(`No match for argument: ${spec}`);
      failed.push(spec);
      continue;
    }
    if (r.error === 'excluded') {
      out(`All matches were filtered out by exclude filtering for argument: ${spec}`);
      failed.push(spec);
      continue;
    }
    const { name, v, repo } = r.pick;
    if (installed(name) === v) {
      out(`Package ${name}-${noEpoch(v)}.x86_64 is already installed.`);
      continue;
    }
    plan.set(name, { v, repo: repo.id, dep: false });
  }
  if (failed.length) {
    err(`Error: Unable to find a match: ${failed.join(' ')}`);
    process.exit(1);
  }
  // Dependencies from any enabled repo (excludes apply to them too, so a --disableexcludes'd
  // kubeadm still gets its cri-tools from the same repo).
  const addDeps = (name) => {
    for (const d of DEPS[name] ?? []) {
      if (plan.has(d) || installed(d)) continue;
      const r = resolveSpec(d, loaded);
      if (r.pick) {
        plan.set(d, { v: r.pick.v, repo: r.pick.repo.id, dep: true });
        addDeps(d);
      }
    }
  };
  for (const name of [...plan.keys()]) addDeps(name);
  out('Dependencies resolved.');
  if (!plan.size) {
    out('Nothing to do.');
    out('Complete!');
    return;
  }
  const line = '='.repeat(80);
  const row = (a, b, c, d, e) => ` ${a.padEnd(28)}${b.padEnd(14)}${c.padEnd(26)}${d.padEnd(16)}${e}`;
  out(line);
  out(row('Package', 'Architecture', 'Version', 'Repository', 'Size'));
  out(line);
  const main = [...plan].filter(([, p]) => !p.dep);
  const deps = [...plan].filter(([, p]) => p.dep);
  out('Installing:');
  for (const [n, p] of main) out(row(n, 'x86_64', p.v, p.repo, SIZE[n] ?? '1.2 M'));
  if (deps.length) {
    out('Installing dependencies:');
    for (const [n, p] of deps) out(row(n, 'x86_64', p.v, p.repo, SIZE[n] ?? '1.2 M'));
  }
  out('');
  out('Transaction Summary');
  out(line);
  out(`Install  ${plan.size} Package${plan.size === 1 ? '' : 's'}`);
  out('');
  if (!opts.y) {
    out('Is this ok [y/N]: Operation aborted.');
    process.exit(1);
  }
  out('Downloading Packages:');
  out('Running transaction check');
  out('Transaction check succeeded.');
  out('Running transaction test');
  out('Transaction test succeeded.');
  out('Running transaction');
  let i = 0;
  for (const [n, p] of plan) out(`  Installing       : ${n}-${noEpoch(p.v)}.x86_64`.padEnd(70) + `${++i}/${plan.size} `);
  out('');
  out('Installed:');
  for (const [n, p] of plan) {
    writeFileSync(`${PKGS}/${n}`, p.v + '\n');
    for (const b of BIN[n] ?? []) {
      const target = packageBinary(b, p.v);
      if (!existsSync(target)) continue;
      rmSync(`/usr/local/bin/${b}`, { force: true });
      symlinkSync(target, `/usr/local/bin/${b}`);
    }
    // Unlike the .deb, the rpms start nothing: `systemctl enable --now docker` is the user's job.
    if (n === 'containerd.io' && !existsSync('/etc/containerd/config.toml')) {
      mkdirSync('/etc/containerd', { recursive: true });
      writeFileSync('/etc/containerd/config.toml', '#   Copyright 2018-2022 Docker Inc.\n\n#   Licensed under the Apache License, Version 2.0 (the "License");\n\ndisabled_plugins = ["cri"]\n\n#root = "/var/lib/containerd"\n#state = "/run/containerd"\n');
    }
    if (n === 'python3-dnf-plugin-versionlock' && !existsSync(LOCKLIST)) {
      mkdirSync('/etc/dnf/plugins', { recursive: true });
      writeFileSync(LOCKLIST, '');
    }
    out(`  ${n}-${noEpoch(p.v)}.x86_64`);
  }
  out('');
  out('Complete!');
}

function remove(specs) {
  let n = 0;
  for (const s of specs) {
    if (installed(s)) {
      rmSync(`${PKGS}/${s}`);
      for (const b of BIN[s] ?? []) rmSync(`/usr/local/bin/${b}`, { force: true });
      n++;
    } else out(`No match for argument: ${s}`);
  }
  out(n ? 'Complete!' : 'No packages marked for removal.');
  if (!n) {
    err('Error: No packages marked for removal.');
    process.exit(1);
  }
}

function list(what) {
  const loaded = loadRepos();
  lastCheck();
  const names = what.filter((w) => w !== 'available' && w !== 'installed' && w !== 'all');
  const rows = [];
  for (const r of loaded) for (const [name, vs] of Object.entries(r.cat)) {
    if (!vs || (names.length && !names.includes(name))) continue;
    for (const v of opts.showduplicates ? vs : vs.slice(0, 1)) rows.push([`${name}.x86_64`, v, installed(name) === v ? `@${r.id}` : r.id]);
  }
  if (!rows.length) {
    err('Error: No matching Packages to list');
    process.exit(1);
  }
  out('Available Packages');
  for (const r of rows) out(`${r[0].padEnd(40)}${r[1].padEnd(30)}${r[2]}`);
}

function configManager(rest) {
  if (rest[0] === '--add-repo') {
    const url = rest[1];
    out(`Adding repo from: ${url}`);
    const m = /^(https?:\/\/[^/]+.*\/docker-ce\/linux|https?:\/\/download\.docker\.com\/linux)\/(centos|rhel)\/docker-ce\.repo$/.exec(url);
    if (!m) {
      err(`Error: Configuration of repo failed: Curl error (6): Couldn't resolve host name for ${url} [Could not resolve host: ${new URL(url).hostname}]`);
      process.exit(1);
    }
    // download.docker.com/linux/centos/docker-ce.repo (stable section; test/nightly disabled).
    const base = `${m[1]}/${m[2]}`;
    writeFileSync('/etc/yum.repos.d/docker-ce.repo', `[docker-ce-stable]\nname=Docker CE Stable - $basearch\nbaseurl=${base}/$releasever/$basearch/stable\nenabled=1\ngpgcheck=1\ngpgkey=${base}/gpg\n\n[docker-ce-test]\nname=Docker CE Test - $basearch\nbaseurl=${base}/$releasever/$basearch/test\nenabled=0\ngpgcheck=1\ngpgkey=${base}/gpg\n`);
    return;
  }
  const set = rest.find((a) => a.startsWith('--set-enabled') || a.startsWith('--set-disabled'));
  if (set) {
    const on = set.startsWith('--set-enabled');
    for (const id of rest.filter((a) => !a.startsWith('-'))) {
      const r = repos().find((x) => x.id === id);
      if (!r) {
        err(`Error: No matching repo to modify: ${id}.`);
        process.exit(1);
      }
      const f = `/etc/yum.repos.d/${r.file}`;
      const text = readFileSync(f, 'utf8').replace(new RegExp(`(\\[${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\][^[]*?)enabled\\s*=\\s*\\S+`), `$1enabled=${on ? 1 : 0}`);
      writeFileSync(f, text);
    }
  }
}

function versionlock(rest) {
  plugin('versionlock');
  const sub = rest[0] ?? 'list';
  mkdirSync('/etc/dnf/plugins', { recursive: true });
  if (!existsSync(LOCKLIST)) writeFileSync(LOCKLIST, '');
  if (sub === 'list') {
    lastCheck();
    for (const l of locks()) out(l);
  } else if (sub === 'add') {
    lastCheck();
    for (const name of rest.slice(1)) {
      const v = installed(name);
      if (!v) {
        err(`Error: No package found for: ${name}`);
        process.exit(1);
      }
      const entry = `${name}-${evr(v)}.*`;
      if (locks().includes(entry)) {
        out(`Package already locked in equivalent form: ${entry}`);
        continue;
      }
      appendFileSync(LOCKLIST, `\n# Added lock on ${new Date().toUTCString()}\n${entry}\n`);
      out(`Adding versionlock on: ${entry}`);
    }
  } else if (sub === 'delete') {
    lastCheck();
    const names = rest.slice(1);
    const keep = readFileSync(LOCKLIST, 'utf8').split('\n').filter((l) => !names.some((n) => l.startsWith(`${n}-`)));
    for (const l of locks()) if (names.some((n) => l.startsWith(`${n}-`))) out(`Deleting versionlock for: ${l}`);
    writeFileSync(LOCKLIST, keep.join('\n'));
  } else if (sub === 'clear') writeFileSync(LOCKLIST, '');
}

if (tool === 'rpm') {
  // rpm -q NAME...: "name-version-release.arch" or "package NAME is not installed" (exit 1).
  let rc = 0;
  for (const p of pos) {
    const v = installed(p);
    if (v) out(`${p}-${noEpoch(v)}.x86_64`);
    else {
      out(`package ${p} is not installed`);
      rc = 1;
    }
  }
  process.exit(rc);
}

const [cmd, ...rest] = pos;
switch (cmd) {
  case 'install':
    install(rest);
    break;
  case 'remove':
  case 'erase':
    remove(rest);
    break;
  case 'makecache':
    loadRepos();
    out('Metadata cache created.');
    break;
  case 'repolist': {
    const rs = repos().filter((r) => r.enabled);
    out('repo id'.padEnd(30) + 'repo name');
    for (const r of rs) out(r.id.padEnd(30) + (r.name ?? r.id));
    break;
  }
  case 'list':
    list(rest);
    break;
  case 'config-manager':
    configManager(argv.slice(argv.indexOf('config-manager') + 1));
    break;
  case 'versionlock':
    versionlock(rest);
    break;
  case 'clean':
    out('0 files removed');
    break;
  case 'update':
  case 'upgrade':
    loadRepos();
    lastCheck();
    out('Dependencies resolved.');
    out('Nothing to do.');
    out('Complete!');
    break;
  default:
    err(`No such command: ${cmd ?? ''}. Please use /usr/bin/${tool} --help`);
    process.exit(1);
}
