#!/usr/bin/env node
// Lab apt-get / apt-cache / apt-mark / apt-key / add-apt-repository. Repos come from the node's
// /etc/apt/sources.list{,.d/*.list}; known repository URLs map to the lab's package catalog,
// unknown hosts fail as without network, the legacy apt.kubernetes.io (removed 2024-03-04) gives
// apt's "does not have a Release file" error. Messages follow apt 2.0 (Ubuntu 20.04):
// https://manpages.ubuntu.com/manpages/focal/man8/apt-get.8.html, apt's po/apt-all.pot.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { basename } from 'node:path';
import { labEnv, packageBinary } from './k8s.mjs';
import { legacyVersions, pkgsVersions } from './k8s-packages.mjs';

const tool = process.env.LAB_TOOL ?? basename(process.argv[1]);
const args = process.argv.slice(2);
const out = (s = '') => process.stdout.write(s + '\n');
const err = (s) => process.stderr.write(s + '\n');
const PKGS = '/var/lib/lab-pkgs';
const INDEX = '/var/lib/apt/lists/lab-index.json';
const HOLD = '/var/lib/lab-pkgs-hold';
mkdirSync(PKGS, { recursive: true });

const codename = (readFileSync('/etc/os-release', 'utf8').match(/VERSION_CODENAME=(\w+)/) ?? [])[1] ?? 'focal';
const BIN = { chrony: ['chronyc'], kubeadm: ['kubeadm'], kubelet: ['kubelet'], kubectl: ['kubectl'], 'docker-ce': ['docker', 'dockerd'], 'docker.io': ['docker', 'dockerd', 'containerd', 'ctr'], 'containerd.io': ['containerd', 'ctr'], containerd: ['containerd', 'ctr'], 'cri-tools': ['crictl'], 'cri-dockerd': ['cri-dockerd'], conntrack: ['conntrack'], haproxy: ['haproxy'], keepalived: ['keepalived'] };
const DEPS = { kubelet: ['conntrack', 'ebtables', 'ethtool', 'socat', 'kubernetes-cni'], kubeadm: ['cri-tools', 'kubelet', 'kubectl'], 'docker-ce': ['docker-ce-cli', 'containerd.io'] };

/**
 * haproxy and keepalived as Ubuntu's archive publishes them (packages.ubuntu.com, focal-updates
 * and jammy-updates). "Installing" one exposes the real Debian binary on this machine
 * (/usr/sbin/haproxy, /usr/sbin/keepalived: .ci/run installs them), which the lab's systemctl
 * runs inside the node.
 */
function loadBalancerPackages() {
  return codename === 'jammy'
    ? { haproxy: ['2.4.24-0ubuntu0.22.04.1'], keepalived: ['1:2.2.4-0.2build1'] }
    : { haproxy: ['2.0.33-0ubuntu0.1'], keepalived: ['1:2.0.19-2ubuntu0.2'] };
}

/** The lab's package catalog per repository: package -> versions (newest first). */
function catalog(uri, suite) {
  const u = uri.replace(/\/+$/, '');
  if (/archive\.ubuntu\.com\/ubuntu|security\.ubuntu\.com\/ubuntu|mirrors\.aliyun\.com\/ubuntu/.test(u)) {
    const v = codename === 'jammy' ? '22.04' : '20.04';
    return { 'apt-transport-https': ['2.0.10'], 'ca-certificates': ['20230311ubuntu0.' + v + '.1'], curl: ['7.68.0-1ubuntu2.21'], 'software-properties-common': ['0.99.9.12'], gnupg: ['2.2.19-3ubuntu2.2'], 'lsb-release': ['11.1.0ubuntu2'], socat: ['1.7.3.3-2'], conntrack: ['1:1.4.5-2'], ebtables: ['2.0.11-3build1'], ethtool: ['1:5.4-1'], chrony: ['3.5-6ubuntu6.2'], 'docker.io': ['24.0.5-0ubuntu1~' + v + '.1'], containerd: ['1.7.2-0ubuntu1~' + v + '.1'], runc: ['1.1.7-0ubuntu1~' + v + '.1'], ...loadBalancerPackages() };
  }
  if (/docker-ce\/linux\/ubuntu|download\.docker\.com\/linux\/ubuntu/.test(u)) {
    const n = codename === 'jammy' ? '22.04' : '20.04';
    const dv = ['5:24.0.7-1~ubuntu.' + n + '~' + codename, '5:20.10.24~3-0~ubuntu-' + codename, '5:19.03.15~3-0~ubuntu-' + codename, '5:19.03.11~3-0~ubuntu-' + codename];
    // Scenario `containerd2` (cluster.containerd: 2 → LAB_CLUSTER_CONTAINERD): the repository as it
    // is since containerd 2.x, whose newest containerd.io is a 2.2 (`apt-cache madison containerd.io`
    // on download.docker.com lists e.g. 2.2.6-1~ubuntu.24.04~noble first).
    const two = labEnv().LAB_CLUSTER_CONTAINERD === '2' ? [`2.2.1-1~ubuntu.${n}~${codename}`] : [];
    return { 'docker-ce': dv, 'docker-ce-cli': dv, 'containerd.io': [...two, '1.6.28-1', '1.4.13-1', '1.2.13-2'] };
  }
  if (/mirrors\.aliyun\.com\/kubernetes\/apt|mirrors\.tuna\.tsinghua\.edu\.cn\/kubernetes\/apt/.test(u) && suite === 'kubernetes-xenial') {
    const v = legacyVersions('deb');
    return { kubeadm: v, kubelet: v, kubectl: v, 'kubernetes-cni': ['1.2.0-00', '0.8.7-00'], 'cri-tools': ['1.26.0-00'] };
  }
  const m = /(?:pkgs\.k8s\.io\/core:\/stable:\/|kubernetes-new\/core\/stable\/)v1\.(\d+)\/deb/.exec(u);
  if (m) {
    const v = pkgsVersions(Number(m[1]), 'deb');
    return { kubeadm: v, kubelet: v, kubectl: v, 'kubernetes-cni': ['1.2.0-2.1'], 'cri-tools': [`1.${m[1]}.0-1.1`] };
  }
  return undefined;
}

function sources() {
  const files = ['/etc/apt/sources.list', ...(existsSync('/etc/apt/sources.list.d') ? readdirSync('/etc/apt/sources.list.d').filter((f) => f.endsWith('.list')).map((f) => `/etc/apt/sources.list.d/${f}`) : [])];
  const list = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
      const line = raw.replace(/#.*/, '').trim();
      if (!line) return;
      const parts = line.replace(/\[[^\]]*\]\s*/, '').split(/\s+/);
      if (parts[0] !== 'deb' && parts[0] !== 'deb-src') return list.push({ error: `E: Type '${parts[0]}' is not known on line ${i + 1} in source list ${file}` });
      if (parts.length < 3 || !/^([a-z]+:\/\/|file:\/)/.test(parts[1])) return list.push({ error: `E: Malformed entry ${i + 1} in list file ${file} (${parts.length < 2 ? 'URI' : parts.length < 3 ? 'Suite' : 'URI parse'})` });
      if (!parts[2].endsWith('/') && parts.length < 4) return list.push({ error: `E: Malformed entry ${i + 1} in list file ${file} (Component)` });
      if (parts[0] === 'deb') list.push({ uri: parts[1], suite: parts[2], comps: parts.slice(3) });
    });
  }
  return list;
}

function update() {
  const src = sources();
  const bad = src.filter((s) => s.error);
  if (bad.length) {
    bad.forEach((b) => err(b.error));
    err('E: The list of sources could not be read.');
    process.exit(100);
  }
  const index = {};
  let n = 0;
  let errors = 0;
  const warnings = [];
  for (const s of src) {
    n++;
    const label = `${s.uri.replace(/\/$/, '')} ${s.suite}`;
    if (s.uri.startsWith('file:')) {
      // A local flat repository (bundle-repo's `deb [trusted=yes] file:DIR ./`): apt reads its
      // Packages index from disk ("Get:n file:DIR ./ InRelease" is skipped; apt prints no Get line
      // for a file: source). What it lists is what the node can install, network or not.
      const dir = s.uri.replace(/^file:/, '').replace(/\/$/, '');
      const file = `${dir}/${s.suite === './' ? '' : `${s.suite}/`}Packages`;
      if (!existsSync(file)) {
        out(`Err:${n} ${label} Packages`);
        out(`  File not found - ${file} (2: No such file or directory)`);
        warnings.push(`E: Failed to fetch ${s.uri.replace(/\/$/, '')}/${s.suite.replace(/^\.\//, '')}Packages  File not found - ${file} (2: No such file or directory)`);
        errors++;
        continue;
      }
      for (const stanza of readFileSync(file, 'utf8').split(/\n\s*\n/)) {
        const p = /^Package:\s*(\S+)/m.exec(stanza)?.[1];
        const v = /^Version:\s*(\S+)/m.exec(stanza)?.[1];
        if (p && v) (index[p] ??= []).push({ v, src: `${s.uri.replace(/\/$/, '')} ${s.suite} Packages` });
      }
      continue;
    }
    const host = new URL(s.uri).hostname;
    // Scenario `airgap` (node key offline → LAB_OFFLINE): no route out and no DNS. A repository
    // named by address is refused (the lab's iptables REJECT --reject-with tcp-reset toward the
    // mirror host), one named by host cannot be resolved. apt 2.0's wording (methods/connect.cc:
    // "Could not connect to %s:%s (%s). - %s (%d: %s)").
    if (labEnv().LAB_OFFLINE === 'true' && /^\d+\.\d+\.\d+\.\d+$/.test(host)) {
      const port = new URL(s.uri).port || (s.uri.startsWith('https:') ? '443' : '80');
      const why = `Could not connect to ${host}:${port} (${host}). - connect (111: Connection refused)`;
      // A flat repository ("deb URI /", pkgs.k8s.io's layout) is fetched at URI/InRelease and
      // named "URI  InRelease" (two spaces, as in published pkgs.k8s.io apt transcripts).
      const base = s.uri.replace(/\/$/, '');
      const flat = s.suite === '/' || s.suite === './';
      out(`Err:${n} ${flat ? `${base} ` : label} InRelease`);
      out(`  ${why}`);
      warnings.push(`W: Failed to fetch ${flat ? base : `${base}/dists/${s.suite}`}/InRelease  ${why}`);
      continue;
    }
    if (labEnv().LAB_OFFLINE === 'true') {
      out(`Err:${n} ${label} InRelease`);
      out(`  Temporary failure resolving '${host}'`);
      warnings.push(`W: Failed to fetch ${s.uri.replace(/\/$/, '')}/dists/${s.suite}/InRelease  Temporary failure resolving '${host}'`);
      continue;
    }
    if (/^(apt\.kubernetes\.io|packages\.cloud\.google\.com)$/.test(host)) {
      out(`Ign:${n} ${label} InRelease`);
      out(`Err:${++n} ${label} Release`);
      out('  404  Not Found [IP: 142.250.191.46 443]');
      errors++;
      warnings.push(`E: The repository '${label} Release' does not have a Release file.`, "N: Updating from such a repository can't be done securely, and is therefore disabled by default.", 'N: See apt-secure(8) manpage for repository creation and user configuration details.');
      continue;
    }
    const cat = catalog(s.uri, s.suite);
    if (!cat) {
      out(`Err:${n} ${label} InRelease`);
      out(`  Temporary failure resolving '${host}'`);
      warnings.push(`W: Failed to fetch ${s.uri.replace(/\/$/, '')}/dists/${s.suite}/InRelease  Temporary failure resolving '${host}'`);
      continue;
    }
    out(`Get:${n} ${label} InRelease [${(n * 7919) % 120 + 8}.${n} kB]`);
    // apt-cache madison's third column: "<uri> <suite>/<component> <arch> Packages", and for a flat
    // repository ("deb <uri> /") "<uri>  Packages" (pkgs.k8s.io transcripts, e.g.
    // "kubeadm | 1.29.4-2.1 | https://pkgs.k8s.io/core:/stable:/v1.29/deb  Packages").
    const base = s.uri.replace(/\/$/, '');
    const src = s.suite === '/' ? `${base}  Packages` : `${base} ${s.suite}/${s.comps[0] ?? ''} amd64 Packages`;
    for (const [p, vs] of Object.entries(cat)) for (const v of vs) (index[p] ??= []).push({ v, src });
  }
  mkdirSync('/var/lib/apt/lists', { recursive: true });
  writeFileSync(INDEX, JSON.stringify(index));
  out('Reading package lists...');
  if (warnings.length) {
    warnings.forEach((w) => err(w));
    if (warnings.some((w) => w.startsWith('W: Failed'))) err('W: Some index files failed to download. They have been ignored, or old ones used instead.');
  }
  process.exit(errors ? 100 : 0);
}

const index = () => (existsSync(INDEX) ? JSON.parse(readFileSync(INDEX, 'utf8')) : {});
const installed = (p) => (existsSync(`${PKGS}/${p}`) ? readFileSync(`${PKGS}/${p}`, 'utf8').trim() : undefined);

/**
 * A package file given by path (`apt-get install ./x.deb`, apt ≥ 1.1): the lab's package files
 * (tests/lab/www/…/*.deb) are their control stanza, "Package:" and "Version:" lines. apt announces
 * the substitution as apt 2.x does: "Note, selecting 'NAME' instead of 'PATH'".
 */
function localPackages(specs, plan, errors) {
  const rest = [];
  for (const s of specs) {
    if (!s.startsWith('/') && !s.startsWith('./')) {
      rest.push(s);
      continue;
    }
    if (!existsSync(s)) {
      errors.push(`E: Unsupported file ${s} given on commandline`);
      continue;
    }
    const text = readFileSync(s, 'utf8');
    const name = /^Package: (\S+)$/m.exec(text)?.[1];
    const version = /^Version: (\S+)$/m.exec(text)?.[1];
    if (!name || !version) {
      errors.push(`E: Invalid archive signature`);
      continue;
    }
    out(`Note, selecting '${name}' instead of '${s}'`);
    plan.set(name, version);
  }
  return rest;
}

async function doInstall(allSpecs) {
  const idx = index();
  const plan = new Map();
  const errors = [];
  const specs = localPackages(allSpecs, plan, errors);
  const explicit = new Map(specs.map((s) => [s.split('=')[0], s.split('=')[1]]));
  const want = (name, ver) => {
    if (!ver && explicit.has(name)) ver = explicit.get(name);
    if (plan.has(name) || (!ver && installed(name))) return;
    const cands = idx[name];
    if (!cands) return errors.push(`E: Unable to locate package ${name}`);
    const c = ver ? cands.find((x) => x.v === ver) : cands[0];
    if (!c) return errors.push(`E: Version '${ver}' for '${name}' was not found`);
    plan.set(name, c.v);
    for (const d of DEPS[name] ?? []) if (idx[d]) want(d);
  };
  for (const s of specs) {
    const [name, ver] = s.split('=');
    if (existsSync(`${HOLD}/${name}`) && ver && installed(name) && installed(name) !== ver && !args.includes('--allow-change-held-packages')) {
      errors.push(`E: Held packages were changed and -y was used without --allow-change-held-packages.`);
      continue;
    }
    want(name, ver);
  }
  out('Reading package lists...');
  out('Building dependency tree...');
  out('Reading state information...');
  if (errors.length) {
    errors.forEach((e) => err(e));
    process.exit(100);
  }
  if (!plan.size) {
    for (const s of specs) out(`${s.split('=')[0]} is already the newest version (${installed(s.split('=')[0])}).`);
    out('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.');
    return;
  }
  // apt lists a package that replaces an installed version as upgraded (a version lower than the
  // installed one is a downgrade, which apt words the same way with "DOWNGRADED"; not needed here).
  const upgraded = [...plan.keys()].filter((p) => installed(p));
  const fresh = [...plan.keys()].filter((p) => !installed(p));
  if (fresh.length) {
    out('The following NEW packages will be installed:');
    out('  ' + fresh.join(' '));
  }
  if (upgraded.length) {
    out('The following packages will be upgraded:');
    out('  ' + upgraded.join(' '));
  }
  out(`${upgraded.length} upgraded, ${fresh.length} newly installed, 0 to remove and 0 not upgraded.`);
  for (const [p, v] of plan) {
    const before = installed(p);
    writeFileSync(`${PKGS}/${p}`, v + '\n');
    for (const b of BIN[p] ?? []) {
      const target = packageBinary(b, v);
      if (!existsSync(target)) continue;
      rmSync(`/usr/local/bin/${b}`, { force: true });
      symlinkSync(target, `/usr/local/bin/${b}`);
    }
    // The packages' configuration directories (their conffiles are the plan's to write).
    if (p === 'haproxy' || p === 'keepalived') mkdirSync(`/etc/${p}`, { recursive: true });
    if (p === 'containerd.io' && !existsSync('/etc/containerd/config.toml')) {
      mkdirSync('/etc/containerd', { recursive: true });
      writeFileSync('/etc/containerd/config.toml', '#   Copyright 2018-2022 Docker Inc.\n\n#   Licensed under the Apache License, Version 2.0 (the "License");\n\ndisabled_plugins = ["cri"]\n\n#root = "/var/lib/containerd"\n#state = "/run/containerd"\n');
    }
    if (p === 'docker-ce' || p === 'docker.io') {
      writeFileSync('/var/lib/lab-systemd/docker.service.enabled', '');
      writeFileSync('/run/lab-systemd/docker.service.active', '');
      writeFileSync('/run/lab-systemd/containerd.service.active', '');
    }
    if (p === 'containerd.io' || p === 'containerd') {
      writeFileSync('/var/lib/lab-systemd/containerd.service.enabled', '');
      writeFileSync('/run/lab-systemd/containerd.service.active', '');
    }
    if (p === 'kubelet') writeFileSync('/var/lib/lab-systemd/kubelet.service.enabled', '');
    // The cri-dockerd .deb's postinst (debhelper) enables cri-docker.service and its socket.
    if (p === 'cri-dockerd') for (const u of ['cri-docker.service', 'cri-docker.socket']) writeFileSync(`/var/lib/lab-systemd/${u}.enabled`, '');
    if (before) out(`Unpacking ${p} (${v}) over (${before}) ...`);
    out(`Setting up ${p} (${v}) ...`);
  }
  if (plan.has('docker-ce') || plan.has('docker.io')) {
    // The .deb starts dockerd at once; at its first start it turns forwarding on and loads
    // br_netfilter (bridge-nf-call-iptables = 1), which systemctl's docker start does.
    const { execFileSync } = await import('node:child_process');
    try {
      execFileSync('/usr/local/bin/systemctl', ['start', 'docker'], { stdio: 'ignore' });
    } catch {
      /* an invalid daemon.json: the unit is failed, as for real */
    }
  }
  if (plan.has('cri-dockerd')) {
    // ... and starts them (deb-systemd-invoke start), as docker-ce's postinst starts docker.
    const { execFileSync } = await import('node:child_process');
    try {
      execFileSync('/usr/local/bin/systemctl', ['start', 'cri-docker.socket', 'cri-docker.service'], { stdio: 'ignore' });
    } catch {
      /* docker not running: the service fails, as for real */
    }
  }
  if (plan.has('kubelet')) {
    // The kubelet unit starts at install and restarts every 10 s until kubeadm configures it.
    import('node:child_process').then(({ execFileSync }) => execFileSync('/usr/local/bin/systemctl', ['start', 'kubelet'], { stdio: 'ignore' }));
  }
}

function madison(pkgs) {
  const idx = index();
  for (const p of pkgs) {
    if (!idx[p]) {
      err(`N: Unable to locate package ${p}`);
      continue;
    }
    for (const c of idx[p]) out(`${p.padStart(10)} | ${c.v} | ${c.src}`);
  }
}

function mark(sub, pkgs) {
  mkdirSync(HOLD, { recursive: true });
  if (sub === 'hold') for (const p of pkgs) {
    if (!installed(p)) {
      err(`E: Unable to locate package ${p}`);
      process.exit(100);
    }
    writeFileSync(`${HOLD}/${p}`, '');
    out(`${p} set on hold.`);
  }
  else if (sub === 'unhold') for (const p of pkgs) {
    if (existsSync(`${HOLD}/${p}`)) {
      rmSync(`${HOLD}/${p}`);
      out(`Canceled hold on ${p}.`);
    } else out(`${p} was already not hold.`);
  }
  else if (sub === 'showhold') readdirSync(HOLD).forEach((p) => out(p));
}

const pos = args.filter((a) => !a.startsWith('-'));
if (tool === 'apt-get' || tool === 'apt') {
  if (process.getuid?.() !== 0) {
    err('E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)');
    err('E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?');
    process.exit(100);
  }
  if (pos[0] === 'update') update();
  else if (pos[0] === 'install') await doInstall(pos.slice(1));
  else if (pos[0] === 'remove' || pos[0] === 'purge') for (const p of pos.slice(1)) rmSync(`${PKGS}/${p}`, { force: true });
  else if (pos[0] === 'upgrade' || pos[0] === 'autoremove' || pos[0] === 'clean') out('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.');
  else {
    err(`E: Invalid operation ${pos[0] ?? ''}`);
    process.exit(100);
  }
} else if (tool === 'apt-cache') {
  if (pos[0] === 'madison') madison(pos.slice(1));
  else if (pos[0] === 'policy') for (const p of pos.slice(1)) {
    const c = index()[p] ?? [];
    out(`${p}:\n  Installed: ${installed(p) ?? '(none)'}\n  Candidate: ${c[0]?.v ?? '(none)'}\n  Version table:`);
    for (const x of c) out(`     ${x.v} 500\n        500 ${x.src}`);
  }
  else {
    err(`E: Invalid operation ${pos[0] ?? ''}`);
    process.exit(100);
  }
} else if (tool === 'apt-mark') mark(pos[0], pos.slice(1));
else if (tool === 'apt-key') {
  // apt-key add - : reads the key; apt 2.0 prints OK (22.04 also warns that apt-key is deprecated).
  if (codename === 'jammy') err('Warning: apt-key is deprecated. Manage keyring files in trusted.gpg.d instead (see apt-key(8)).');
  if (pos[0] === 'add') {
    const data = pos[1] && pos[1] !== '-' ? readFileSync(pos[1], 'utf8') : readFileSync(0, 'utf8');
    if (!data.includes('BEGIN PGP PUBLIC KEY BLOCK')) {
      err('gpg: no valid OpenPGP data found.');
      process.exit(2);
    }
    appendFileSync('/etc/apt/trusted.gpg.lab', data);
    out('OK');
  }
} else if (tool === 'add-apt-repository') {
  const line = pos[0];
  if (!line) {
    err('Error: need a repository as argument');
    process.exit(1);
  }
  appendFileSync('/etc/apt/sources.list', `${line}\n# deb-src ${line.replace(/^deb\s+/, '')}\n`);
}
