#!/usr/bin/env node
// Lab curl(1): the internet an install talks to, answered from the lab's files and rules. No
// packet leaves the node; lab-subnet addresses never get here (shims/bin/curl hands them to the
// real curl).
//
// * Files: tests/lab/www/<host>/<path> → 200 (`HTTP/2`, as curl negotiates with these HTTPS hosts).
// * Package repositories: the repo roots a plan uses (Aliyun's kubernetes apt/yum and
//   kubernetes-new, Docker CE on Aliyun and download.docker.com, the distro mirrors) answer 200
//   with an autoindex page like the mirrors' nginx; pkgs.k8s.io redirects (302) to its CDN
//   prod-cdn.packages.k8s.io (kubernetes.io blog 2023-08-15 "pkgs.k8s.io: Introducing Kubernetes
//   Community-Owned Package Repositories"), which serves the same tree; every minor's
//   `Release.key` / `repodata/repomd.xml.key` is the one signing key (the v1.34 file). The
//   Kubernetes deb repositories' Packages indexes (what apt-get update downloads; Debian wiki
//   DebianRepository/Format: a flat repo's <uri>/Packages holds every architecture, a suite
//   repo's dists/<suite>/<component>/binary-<arch>/Packages one) list the versions apt.mjs
//   offers (./k8s-packages.mjs), one stanza per package, version and architecture.
// * Container registries: `/v2/…` answers as the Docker Registry HTTP API V2 "API Version Check"
//   does (distribution/distribution docs/content/spec/api.md): 401 Unauthorized, a
//   `www-authenticate: Bearer realm=…,service=…` challenge, `docker-distribution-api-version:
//   registry/2.0` and a JSON `{"errors":[{"code":"UNAUTHORIZED",…}]}` body (the spec's "Errors"
//   format). registry.k8s.io redirects /v2/ requests (307) to its upstream registry
//   (kubernetes/registry.k8s.io cmd/archeio "Request Handling"; upstream k8s.gcr.io there).
// * A scenario's `registryBlocked` hosts (LAB_REGISTRY_BLOCKED) are dropped like a filtered
//   network: curl waits for its timeout and fails with exit 28 — "Connection timed out after N
//   milliseconds" when -m/--max-time or --connect-timeout ends the wait (lib/multi.c), else the
//   kernel's SYN timeout "Failed to connect to H port 443: Connection timed out" (curl 7.68 and
//   7.76, lib/connect.c) / "Failed to connect to H port 443 after N ms: Connection timed out"
//   (7.81). The wait is scaled by the scenario's timeoutScale.
// * Any other host: "curl: (6) Could not resolve host: H" (libcurl-errors.html).
// * -f on a status ≥ 400: exit 22, "curl: (22) The requested URL returned error: 404" (lib/http.c,
//   HTTP/2 has no reason phrase). -s hides errors unless -S. -o/-O, -I (HEAD, headers only),
//   -i, -D, -L (follow, up to --max-redirs, default 50: exit 47 past it), -w with %{http_code}
//   and friends (-w still writes after a -f failure, as curl does), -m/--connect-timeout.
// Versions: Ubuntu 20.04 curl 7.68.0, 22.04 7.81.0, Rocky 9 7.76.1.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { labEnv } from './k8s.mjs';
import { legacyVersions, pkgsVersions } from './k8s-packages.mjs';

const LAB = '/usr/local/lib/kubelab-lab';
const WWW = join(LAB, 'www');
const env = labEnv();
const argv = process.argv.slice(2);

// ------------------------------------------------------------------ options (curl's syntax)
const o = { silent: false, showError: false, fail: false, location: false, head: false, include: false, output: undefined, remoteName: false, writeOut: undefined, maxTime: undefined, connectTimeout: undefined, dumpHeader: undefined, maxRedirs: 50, method: undefined };
const urls = [];
const WITH_ARG = new Set(['-H', '--header', '-d', '--data', '--data-raw', '--data-binary', '-X', '--request', '-u', '--user', '-A', '--user-agent', '-e', '--referer', '--retry', '--retry-delay', '--retry-max-time', '--cacert', '--capath', '--cert', '--key', '-x', '--proxy', '-r', '--range', '-C', '--continue-at', '-b', '--cookie', '-c', '--cookie-jar', '--resolve', '--interface', '--proto', '--proto-redir', '-K', '--config', '-T', '--upload-file', '-F', '--form', '--limit-rate', '-Y', '--speed-limit', '-y', '--speed-time']);
const BOOL = { s: 'silent', S: 'showError', f: 'fail', L: 'location', I: 'head', i: 'include', O: 'remoteName' };
const VAL = { o: 'output', w: 'writeOut', m: 'maxTime', D: 'dumpHeader', X: 'method' };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const next = () => argv[++i];
  if (a === '--') {
    urls.push(...argv.slice(i + 1));
    break;
  } else if (a.startsWith('--')) {
    const long = { '--silent': 'silent', '--show-error': 'showError', '--fail': 'fail', '--fail-with-body': 'fail', '--location': 'location', '--head': 'head', '--include': 'include', '--remote-name': 'remoteName' }[a];
    if (long) o[long] = true;
    else if (a === '--output') o.output = next();
    else if (a === '--write-out') o.writeOut = next();
    else if (a === '--max-time') o.maxTime = Number(next());
    else if (a === '--connect-timeout') o.connectTimeout = Number(next());
    else if (a === '--dump-header') o.dumpHeader = next();
    else if (a === '--max-redirs') o.maxRedirs = Number(next());
    else if (a === '--url') urls.push(next());
    else if (WITH_ARG.has(a)) {
      if (a === '--request') o.method = next();
      else next();
    }
  } else if (a.startsWith('-') && a.length > 1) {
    // Combined short options: -fsSL, -fsSLo FILE, -oFILE, -m8.
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (BOOL[c]) o[BOOL[c]] = true;
      else if (VAL[c] || WITH_ARG.has(`-${c}`)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : next();
        if (VAL[c] === 'maxTime') o.maxTime = Number(v);
        else if (VAL[c]) o[VAL[c]] = v;
        break;
      }
    }
  } else urls.push(a);
}
if (!urls.length) {
  process.stderr.write("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
  process.exit(2);
}

const os = env.LAB_OS ?? 'ubuntu-20.04';
const curlMinor = os.startsWith('rocky') ? 76 : os === 'ubuntu-22.04' ? 81 : 68;
const showErr = !o.silent || o.showError;
const blocked = (env.LAB_REGISTRY_BLOCKED ?? '').split(/\s+/).filter(Boolean);

// ------------------------------------------------------------------ the internet, as far as the lab knows it
const REGISTRIES = {
  'registry-1.docker.io': 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"',
  'k8s.gcr.io': 'Bearer realm="https://k8s.gcr.io/v2/token",service="k8s.gcr.io"',
  'gcr.io': 'Bearer realm="https://gcr.io/v2/token",service="gcr.io"',
  'quay.io': 'Bearer realm="https://quay.io/v2/auth",service="quay.io"',
  'ghcr.io': 'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:user/image:pull"',
  'registry.cn-hangzhou.aliyuncs.com': 'Bearer realm="https://dockerauth.cn-hangzhou.aliyuncs.com/auth",service="registry.aliyuncs.com:cn-hangzhou:26842"',
  'registry.aliyuncs.com': 'Bearer realm="https://dockerauth.cn-hangzhou.aliyuncs.com/auth",service="registry.aliyuncs.com:cn-hangzhou:26842"',
  'docker.m.daocloud.io': 'Bearer realm="https://docker.m.daocloud.io/auth/token",service="docker.m.daocloud.io"',
  'ghcr.m.daocloud.io': 'Bearer realm="https://ghcr.m.daocloud.io/auth/token",service="ghcr.m.daocloud.io"',
  'quay.m.daocloud.io': 'Bearer realm="https://quay.m.daocloud.io/auth/token",service="quay.m.daocloud.io"',
  'k8s.m.daocloud.io': 'Bearer realm="https://k8s.m.daocloud.io/auth/token",service="k8s.m.daocloud.io"',
};
/** Hosts that resolve besides the registries and the www/ tree (their other paths are 404). */
const OTHER_HOSTS = ['registry.k8s.io', 'docker.io', 'prod-cdn.packages.k8s.io', 'apt.kubernetes.io', 'packages.cloud.google.com', 'objects.githubusercontent.com'];
/** Repository directories that exist (an autoindex page), beyond directories of the www/ tree. */
const REPO_DIRS = [
  /^mirrors\.aliyun\.com\/kubernetes\/apt\/(dists\/(kubernetes-xenial\/)?)?$/,
  /^mirrors\.aliyun\.com\/kubernetes\/yum\/(repos\/(kubernetes-el7-(x86_64|aarch64)\/(repodata\/)?)?)?$/,
  /^mirrors\.aliyun\.com\/kubernetes-new\/core\/stable\/v1\.(2[4-9]|3[0-4])\/(deb|rpm)\/$/,
  /^mirrors\.aliyun\.com\/docker-ce\/linux\/(ubuntu|debian|centos|rhel)\/$/,
  /^mirrors\.aliyun\.com\/(ubuntu|debian|rockylinux|centos)\/$/,
  /^download\.docker\.com\/linux\/(ubuntu|debian|centos|rhel)\/$/,
  /^prod-cdn\.packages\.k8s\.io\/repositories\/isv:\/kubernetes:\/core:\/stable:\/v1\.(2[4-9]|3[0-4])\/(deb|rpm)\/$/,
];
const PKGS_KEY = /^(?:prod-cdn\.packages\.k8s\.io\/repositories\/isv:\/kubernetes:\/core:\/stable:|mirrors\.aliyun\.com\/kubernetes-new\/core\/stable)\/v1\.(?:2[4-9]|3[0-7])\/(?:deb\/Release\.key|rpm\/repodata\/repomd\.xml\.key)$/;

const PKGS_INDEX = /^(?:prod-cdn\.packages\.k8s\.io\/repositories\/isv:\/kubernetes:\/core:\/stable:|mirrors\.aliyun\.com\/kubernetes-new\/core\/stable)\/v1\.(\d+)\/deb\/Packages$/;
const LEGACY_INDEX = /^mirrors\.aliyun\.com\/kubernetes\/apt\/dists\/kubernetes-xenial\/main\/binary-(amd64|arm64)\/Packages$/;

/** A Packages index (deb822 stanzas, blank-line separated) for kubelet, kubeadm and kubectl. */
function packagesIndex(hp) {
  const pkgs = PKGS_INDEX.exec(hp);
  const legacy = LEGACY_INDEX.exec(hp);
  if (!pkgs && !legacy) return undefined;
  const versions = pkgs ? pkgsVersions(Number(pkgs[1]), 'deb') : legacyVersions('deb');
  if (versions.length === 0) return undefined;
  const arches = pkgs ? ['amd64', 'arm64'] : [legacy[1]];
  const stanzas = [];
  for (const name of ['kubeadm', 'kubectl', 'kubelet']) {
    for (const v of versions) {
      for (const arch of arches) {
        const file = pkgs ? `${arch}/${name}_${v}_${arch}.deb` : `pool/${name}_${v}_${arch}_0000000000000000.deb`;
        stanzas.push(`Package: ${name}\nVersion: ${v}\nArchitecture: ${arch}\nMaintainer: Kubernetes Authors <dev@kubernetes.io>\nFilename: ${file}\nSection: admin\nPriority: optional\nHomepage: https://kubernetes.io\n`);
      }
    }
  }
  return stanzas.join('\n');
}

/** What a repository directory lists (the lab has no files there; the names are the repo layouts'). */
function repoEntries(path) {
  if (/\/deb\/$/.test(path)) return ['Packages', 'Packages.gz', 'Release', 'Release.asc', 'Release.key'];
  if (/\/(rpm|kubernetes-el7-[a-z0-9_]+)\/$/.test(path)) return ['repodata/'];
  if (/\/docker-ce\/linux\/(ubuntu|debian)\/$|^\/linux\/(ubuntu|debian)\/$/.test(path)) return ['dists/', 'gpg'];
  if (/(centos|rhel)\/$/.test(path)) return ['7/', '8/', '9/', 'docker-ce.repo', 'gpg'];
  if (/\/kubernetes\/apt\/$/.test(path)) return ['dists/', 'doc/', 'pool/'];
  if (/\/kubernetes\/yum\/$/.test(path)) return ['doc/', 'repos/'];
  return [];
}
const isFile = (p) => existsSync(p) && statSync(p).isFile();
const isDir = (p) => existsSync(p) && statSync(p).isDirectory();
const html = (code, text) => `<html>\r\n<head><title>${code} ${text}</title></head>\r\n<body>\r\n<center><h1>${code} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
const REASON = { 200: 'OK', 301: 'Moved Permanently', 302: 'Found', 307: 'Temporary Redirect', 401: 'Unauthorized', 404: 'Not Found' };

/** What the server at host answers for path: { status, headers, body } or a network failure { net }. */
function serve(host, path) {
  const hp = `${host}${path}`;
  if (blocked.includes(host) || (blocked.includes('all') && (REGISTRIES[host] || host === 'registry.k8s.io'))) return { net: 'timeout' };
  if (REGISTRIES[host] && /^\/v2(\/|$)/.test(path)) {
    const body = `${JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: null }] })}\n`;
    return { status: 401, headers: { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0', 'www-authenticate': REGISTRIES[host] }, body };
  }
  if (host === 'registry.k8s.io') {
    if (path === '/') return { status: 302, headers: { location: 'https://github.com/kubernetes/k8s.io/wiki/New-Registry-url-for-Kubernetes-(registry.k8s.io)' }, body: '' };
    if (/^\/v2(\/|$)/.test(path)) return { status: 307, headers: { location: `https://k8s.gcr.io${path}` }, body: '' };
    return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '404 page not found\n' };
  }
  if (host === 'pkgs.k8s.io') {
    const target = `https://prod-cdn.packages.k8s.io/repositories/isv:/kubernetes${path.replace(/^\/core:/, ':/core:')}`;
    return { status: 302, headers: { 'content-type': 'text/html', location: target }, body: `<a href="${target}">Found</a>.\n\n` };
  }
  if (!REGISTRIES[host] && !OTHER_HOSTS.includes(host) && !isDir(join(WWW, host))) return { net: 'resolve' };
  // Files: the www/ tree; pkgs.k8s.io's CDN path maps back to the pkgs.k8s.io files there.
  const local = host === 'prod-cdn.packages.k8s.io' ? join(WWW, 'pkgs.k8s.io', path.replace(/^\/repositories\/isv:\/kubernetes:/, '')) : join(WWW, host, path);
  if (isFile(local)) return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: readFileSync(local) };
  const index = packagesIndex(hp);
  if (index !== undefined) return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: index };
  if (PKGS_KEY.test(hp)) return { status: 200, headers: { 'content-type': 'application/pgp-keys' }, body: readFileSync(join(WWW, 'pkgs.k8s.io/core:/stable:/v1.34/deb/Release.key')) };
  if (path.endsWith('/') && (isDir(local) || REPO_DIRS.some((r) => r.test(hp)))) {
    const rows = isDir(local) ? readdirSync(local).sort().map((n) => (isDir(join(local, n)) ? `${n}/` : n)) : repoEntries(path);
    const list = rows.map((n) => `<a href="${n}">${n}</a>`).join('\r\n');
    return { status: 200, headers: { 'content-type': 'text/html' }, body: `<html>\r\n<head><title>Index of ${path}</title></head>\r\n<body>\r\n<h1>Index of ${path}</h1><hr><pre><a href="../">../</a>\r\n${list}${list ? '\r\n' : ''}</pre><hr></body>\r\n</html>\r\n` };
  }
  if (!path.endsWith('/') && (isDir(local) || REPO_DIRS.some((r) => r.test(`${hp}/`)))) return { status: 301, headers: { 'content-type': 'text/html', location: `https://${hp}/` }, body: html(301, 'Moved Permanently') };
  if (host === 'raw.githubusercontent.com') return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '404: Not Found' };
  return { status: 404, headers: { 'content-type': 'text/html' }, body: html(404, 'Not Found') };
}

// ------------------------------------------------------------------ transfer and output
const sleepMs = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const scale = Number(env.LAB_TIMEOUT_SCALE ?? '1') || 1;
const t0 = Date.now();

/** curl's failure: the message (unless silenced) and the exit code. */
function failure(code, message) {
  if (showErr) process.stderr.write(`curl: (${code}) ${message}\n`);
  return code;
}

function headerBlock(scheme, r) {
  const h = { date: new Date().toUTCString(), ...r.headers, 'content-length': String(Buffer.byteLength(r.body ?? '')) };
  if (scheme === 'https') return `HTTP/2 ${r.status} \r\n${Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  const title = (k) => k.replace(/(^|-)([a-z])/g, (_m, d, c) => d + c.toUpperCase());
  return `HTTP/1.1 ${r.status} ${REASON[r.status] ?? ''}\r\n${Object.entries(h).map(([k, v]) => `${title(k)}: ${v}\r\n`).join('')}\r\n`;
}

function transfer(url0) {
  let url = /^[a-z]+:\/\//i.test(url0) ? url0 : `http://${url0}`;
  let redirects = 0;
  let headers = '';
  for (;;) {
    const m = /^([a-z]+):\/\/([^/:?#]+)(?::\d+)?([^?#]*)/i.exec(url);
    const scheme = (m?.[1] ?? 'http').toLowerCase();
    const host = (m?.[2] ?? '').toLowerCase();
    const path = m?.[3] || '/';
    const r = serve(host, path);
    if (r.net === 'resolve') return { exit: failure(6, `Could not resolve host: ${host}`), url, headers };
    if (r.net === 'timeout') {
      const port = scheme === 'https' ? 443 : 80;
      const limits = [o.maxTime, o.connectTimeout].filter((x) => Number.isFinite(x) && x > 0);
      // Without a limit the kernel gives up on the SYNs (tcp_syn_retries 6: about 127 s).
      const secs = limits.length ? Math.min(...limits) : 127;
      sleepMs(Math.max(1, secs * 1000 * Math.min(1, scale)));
      const ms = Math.round(secs * 1000) + 1;
      let msg = `Connection timed out after ${ms} milliseconds`;
      if (!limits.length) msg = curlMinor >= 81 ? `Failed to connect to ${host} port ${port} after ${ms} ms: Connection timed out` : `Failed to connect to ${host} port ${port}: Connection timed out`;
      return { exit: failure(28, msg), url, headers };
    }
    headers += headerBlock(scheme, r);
    const loc = r.headers.location;
    if (o.location && loc && [301, 302, 303, 307, 308].includes(r.status)) {
      if (++redirects > o.maxRedirs) return { exit: failure(47, `Maximum (${o.maxRedirs}) redirects followed`), url, headers, r, redirects };
      url = loc;
      continue;
    }
    return { exit: 0, url, headers, r, redirects, scheme };
  }
}

let exit = 0;
for (const u of urls) {
  const t = transfer(u);
  let out = '';
  const r = t.r;
  if (r && t.exit === 0) {
    if (o.fail && r.status >= 400) t.exit = failure(22, `The requested URL returned error: ${r.status}`);
    else out = o.head ? t.headers : Buffer.concat([Buffer.from(o.include ? t.headers : ''), Buffer.from(r.body ?? '')]);
  }
  if (o.dumpHeader && r) {
    if (o.dumpHeader === '-') process.stdout.write(t.headers);
    else writeFileSync(o.dumpHeader, t.headers);
  }
  if (out.length) {
    const file = o.output ?? (o.remoteName ? basename(new URL(t.url).pathname) : undefined);
    if (file && file !== '-') writeFileSync(file, out);
    else process.stdout.write(out);
  }
  if (o.writeOut !== undefined) {
    const vars = {
      http_code: String(r?.status ?? 0).padStart(3, '0'),
      response_code: String(r?.status ?? 0).padStart(3, '0'),
      url_effective: t.url,
      redirect_url: r && !o.location && r.headers.location ? r.headers.location : '',
      num_redirects: String(t.redirects ?? 0),
      content_type: r?.headers['content-type'] ?? '',
      size_download: String(o.head || !r ? 0 : Buffer.byteLength(r.body ?? '')),
      exitcode: String(t.exit),
      scheme: (t.scheme ?? '').toUpperCase(),
      time_total: ((Date.now() - t0) / 1000).toFixed(6),
    };
    const text = o.writeOut
      .replace(/%\{(\w+)\}/g, (m, k) => vars[k] ?? m)
      .replace(/\\([nrt\\])/g, (_m, c) => ({ n: '\n', r: '\r', t: '\t', '\\': '\\' })[c])
      .replace(/%%/g, '%');
    process.stdout.write(text);
  }
  if (t.exit) exit = t.exit;
}
process.exit(exit);
