// Real kubectl against the practice lab. After a guide-like install (Kubernetes 1.30 from
// pkgs.k8s.io on Ubuntu 22.04 with containerd, the lab's own kubeadm and kubelet over ssh), every
// real kubectl this machine has (the Google Cloud SDK's kubectl.1.27 … kubectl.1.33) runs the
// commands an admin runs, with exit status and output asserted. Read-only commands and the blocked
// drain run all versions at once; the ones that change the cluster run one version at a time.
// Needs root (namespaces, mounts, a bridge). Lab instance: LAB_TEST_INSTANCE (default 9).
import { execFile } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab, REPO, ssh, status, type LabStatus, type RunResult } from './helpers';

const SDK = '/usr/lib/google-cloud-sdk/bin';
const VERSIONS = [27, 28, 29, 30, 31, 32, 33].filter((m) => existsSync(`${SDK}/kubectl.1.${m}`));
const K8S = '1.30.5';
const FLANNEL = join(
  REPO,
  'tests/lab/www/raw.githubusercontent.com/coreos/flannel/master/Documentation/kube-flannel.yml',
);

let st: LabStatus;
let dir: string;
let kubeconfig: string;
const addr = (n: string): string => st.nodes.find((x) => x.name === n)?.address ?? '?';
const sh = (node: string, cmd: string): string => {
  const r = ssh(st, node, cmd);
  if (r.code !== 0) throw new Error(`${node}: ${cmd}\nexit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

/** One real kubectl run from the host with the admin kubeconfig and a per-version cache. */
function kubectl(minor: number, args: string[], timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      `${SDK}/kubectl.1.${minor}`,
      ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, `cache-${minor}`), ...args],
      { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
const all = (args: string[]): Promise<RunResult[]> =>
  Promise.all(VERSIONS.map((m) => kubectl(m, args)));
const lines = (s: string): string[] => s.trimEnd().split('\n');
const cells = (line: string): string[] => line.trim().split(/ {2,}/);

async function waitFor(what: string, ok: () => boolean, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 2; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-real-kubectl-'));
  kubeconfig = join(dir, 'admin.conf');
  lab('down');
  const up = lab('up', 'modern');
  if (up.code !== 0) throw new Error(`lab up failed: ${up.stderr}`);
  st = status();
  const prep = [
    `echo "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.30/deb/ /" > /etc/apt/sources.list.d/kubernetes.list`,
    'add-apt-repository "deb [arch=amd64] https://download.docker.com/linux/ubuntu jammy stable"',
    'apt-get update >/dev/null',
    `apt-get install -y containerd.io kubelet=${K8S}-1.1 kubeadm=${K8S}-1.1 kubectl=${K8S}-1.1 >/dev/null`,
    'containerd config default > /etc/containerd/config.toml',
    'sed -i "s/SystemdCgroup = false/SystemdCgroup = true/" /etc/containerd/config.toml',
    'systemctl restart containerd',
    'modprobe br_netfilter',
    'sysctl -w net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 >/dev/null',
  ].join(' && ');
  for (const n of ['cp1', 'worker1']) sh(n, prep);
  sh(
    'cp1',
    `kubeadm init --apiserver-advertise-address=${addr('cp1')} --pod-network-cidr=10.244.0.0/16 --kubernetes-version=v${K8S} >/dev/null && mkdir -p ~/.kube && cp /etc/kubernetes/admin.conf ~/.kube/config`,
  );
  sh('worker1', sh('cp1', 'kubeadm token create --print-join-command').trim() + ' >/dev/null');
  writeFileSync(kubeconfig, sh('cp1', 'cat /etc/kubernetes/admin.conf'), { mode: 0o600 });
  // The CNI, applied with the node's own kubectl (the real 1.30 where this machine has it).
  sh(
    'cp1',
    'curl -fsSLo kube-flannel.yml https://raw.githubusercontent.com/coreos/flannel/master/Documentation/kube-flannel.yml && kubectl apply -f kube-flannel.yml',
  );
  await waitFor('two Ready nodes', () => {
    const r = ssh(st, 'cp1', 'kubectl get nodes --no-headers');
    return (r.stdout.match(/ Ready /g) ?? []).length === 2;
  });
}, 300_000);

afterAll(() => {
  expect(lab('down').code).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

describe('the node kubectl', () => {
  it('is the real binary for 1.30 where this machine has one, else the imitation', () => {
    const target = sh('cp1', 'readlink /usr/local/bin/kubectl').trim();
    if (VERSIONS.includes(30)) {
      expect(target).toBe(`${SDK}/kubectl.1.30`);
      expect(sh('cp1', 'kubectl version --client')).toMatch(/^Client Version: v1\.30\.\d+\n/);
    } else {
      expect(target).toBe('/usr/local/lib/kubelab-lab/pkgbin/kubectl');
    }
  });

  it('the imitation prints what the real one prints for the same state (ages aside)', () => {
    const real = VERSIONS.includes(30) ? 'kubectl' : '';
    if (!real) return expect(VERSIONS).toEqual([]);
    // Ages differ by the seconds between the two runs: mask them, then compare cell by cell.
    const norm = (s: string): string[][] =>
      lines(s).map((l) => cells(l).map((c) => c.replace(/^(\d+[smhdy])+$/, '<age>')));
    const imitation = '/usr/local/lib/kubelab-lab/pkgbin/kubectl';
    for (const cmd of [
      'get nodes',
      'get nodes -o wide',
      'get ns',
      'get pods -A',
      'get pods -A -o wide',
    ]) {
      expect(norm(sh('cp1', `${imitation} ${cmd}`)), cmd).toEqual(
        norm(sh('cp1', `${real} ${cmd}`)),
      );
    }
    const cs = ssh(st, 'cp1', `${imitation} get cs`);
    const realCs = ssh(st, 'cp1', 'kubectl get cs');
    expect(cs.stdout).toBe(realCs.stdout);
    expect(cs.stderr).toBe(realCs.stderr);
  });
});

// Without any real kubectl on the machine (a CI image without the Cloud SDK) there is nothing to run.
describe.runIf(VERSIONS.length > 0)(
  `real kubectl ${VERSIONS.map((m) => `1.${m}`).join(', ')}`,
  () => {
    it('api-resources lists core, apps and policy/v1 with short names and scope', async () => {
      for (const r of await all(['api-resources'])) {
        expect(r.code).toBe(0);
        expect(r.stderr).toBe('');
        expect(lines(r.stdout)[0]).toMatch(/^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND$/);
        expect(r.stdout).toMatch(/^pods +po +v1 +true +Pod$/m);
        expect(r.stdout).toMatch(/^nodes +no +v1 +false +Node$/m);
        expect(r.stdout).toMatch(/^daemonsets +ds +apps\/v1 +true +DaemonSet$/m);
        expect(r.stdout).toMatch(
          /^poddisruptionbudgets +pdb +policy\/v1 +true +PodDisruptionBudget$/m,
        );
        expect(r.stdout).toMatch(/^leases +coordination\.k8s\.io\/v1 +true +Lease$/m);
      }
    });

    it('get nodes -o wide shows the wide columns', async () => {
      for (const r of await all(['get', 'nodes', '-o', 'wide'])) {
        expect(r.code).toBe(0);
        const [head, ...rows] = lines(r.stdout);
        expect(cells(head ?? '')).toEqual([
          'NAME',
          'STATUS',
          'ROLES',
          'AGE',
          'VERSION',
          'INTERNAL-IP',
          'EXTERNAL-IP',
          'OS-IMAGE',
          'KERNEL-VERSION',
          'CONTAINER-RUNTIME',
        ]);
        const cp = cells(rows.find((l) => l.startsWith('cp1 ')) ?? '');
        expect(cp.slice(0, 3)).toEqual(['cp1', 'Ready', 'control-plane']);
        expect(cp.slice(4)).toEqual([
          `v${K8S}`,
          addr('cp1'),
          '<none>',
          'Ubuntu 22.04.4 LTS',
          '5.15.0-97-generic',
          'containerd://1.6.28',
        ]);
        expect(rows.some((l) => l.startsWith('worker1 '))).toBe(true);
      }
    });

    it('get pods -A -o wide, get ns, get events -A', async () => {
      for (const r of await all(['get', 'pods', '-A', '-o', 'wide'])) {
        expect(r.code).toBe(0);
        expect(cells(lines(r.stdout)[0] ?? '')).toEqual([
          'NAMESPACE',
          'NAME',
          'READY',
          'STATUS',
          'RESTARTS',
          'AGE',
          'IP',
          'NODE',
          'NOMINATED NODE',
          'READINESS GATES',
        ]);
        expect(r.stdout).toMatch(
          /^kube-flannel +kube-flannel-ds-\w+ +1\/1 +Running +0 +\S+ +[\d.]+ +worker1 /m,
        );
        expect(r.stdout).toMatch(
          /^kube-system +coredns-\w+-\w+ +1\/1 +Running +0 +\S+ +10\.244\.\d+\.\d+ /m,
        );
      }
      for (const r of await all(['get', 'ns'])) {
        expect(r.code).toBe(0);
        expect(lines(r.stdout).map((l) => cells(l).slice(0, 2))).toEqual([
          ['NAME', 'STATUS'],
          ['default', 'Active'],
          ['kube-flannel', 'Active'],
          ['kube-node-lease', 'Active'],
          ['kube-public', 'Active'],
          ['kube-system', 'Active'],
        ]);
      }
      for (const r of await all(['get', 'events', '-A'])) {
        expect(r.code).toBe(0);
        expect(cells(lines(r.stdout)[0] ?? '')).toEqual([
          'NAMESPACE',
          'LAST SEEN',
          'TYPE',
          'REASON',
          'OBJECT',
          'MESSAGE',
        ]);
        expect(r.stdout).toMatch(
          /Normal +RegisteredNode +node\/worker1 +Node worker1 event: Registered Node worker1 in Controller/,
        );
      }
    });

    it('describe node shows conditions, addresses, lease, pods and events', async () => {
      for (const r of await all(['describe', 'node', 'worker1'])) {
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^Name: +worker1$/m);
        expect(r.stdout).toMatch(/^ +HolderIdentity: +worker1$/m);
        expect(r.stdout).toMatch(
          /^ +Ready +True .* KubeletReady +kubelet is posting ready status$/m,
        );
        expect(r.stdout).toMatch(/^ +InternalIP: +[\d.]+$/m);
        expect(r.stdout).toMatch(/^PodCIDR: +10\.244\.\d+\.0\/24$/m);
        expect(r.stdout).toMatch(/^Non-terminated Pods: +\(\d+ in total\)$/m);
        expect(r.stdout).toMatch(/RegisteredNode/);
      }
    });

    it('get configmap cluster-info -o yaml carries the kubeconfig and a JWS per token', async () => {
      const ids = lines(sh('cp1', 'kubeadm token list'))
        .slice(1)
        .map((l) => l.split('.')[0] ?? '');
      for (const r of await all([
        'get',
        'configmap',
        '-n',
        'kube-public',
        'cluster-info',
        '-o',
        'yaml',
      ])) {
        expect(r.code).toBe(0);
        const cm = parseYaml(r.stdout) as { kind: string; data: Record<string, string> };
        expect(cm.kind).toBe('ConfigMap');
        expect(cm.data.kubeconfig).toContain(`server: https://${addr('cp1')}:6443`);
        const jws = Object.keys(cm.data).filter((k) => k.startsWith('jws-kubeconfig-'));
        expect(jws.length).toBeGreaterThan(0);
        for (const id of ids) expect(jws).toContain(`jws-kubeconfig-${id}`);
      }
    });

    it('get -w streams the list and then changes', async () => {
      // kubectl takes seconds to start on the shared CPUs: watch for 20 s, change the node after 8.
      const watches = VERSIONS.map((m) => kubectl(m, ['get', 'nodes', '-w'], 20_000));
      await new Promise((r) => setTimeout(r, 8000));
      const l = await kubectl(VERSIONS[0] ?? 0, [
        'label',
        'node',
        'worker1',
        'watched=yes',
        '--overwrite',
      ]);
      expect(l).toMatchObject({ code: 0, stdout: 'node/worker1 labeled\n' });
      for (const r of await Promise.all(watches)) {
        // Ended by the timeout (SIGTERM): the watch itself never failed.
        expect(r.stderr).toBe('');
        const rows = lines(r.stdout);
        expect(cells(rows[0] ?? '').slice(0, 3)).toEqual(['NAME', 'STATUS', 'ROLES']);
        expect(rows.filter((x) => x.startsWith('worker1 ')).length).toBeGreaterThan(1);
      }
    }, 60_000);

    it('cordon and uncordon', async () => {
      for (const m of VERSIONS) {
        const c = await kubectl(m, ['cordon', 'worker1']);
        expect(c).toMatchObject({ code: 0, stdout: 'node/worker1 cordoned\n' });
        expect((await kubectl(m, ['get', 'node', 'worker1'])).stdout).toMatch(
          /^worker1 +Ready,SchedulingDisabled /m,
        );
        const u = await kubectl(m, ['uncordon', 'worker1']);
        expect(u).toMatchObject({ code: 0, stdout: 'node/worker1 uncordoned\n' });
      }
    });

    it('drain: a blocking PodDisruptionBudget fails it as the real server does; without it, it drains', async () => {
      const web = [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web, namespace: default}',
        'spec:',
        '  replicas: 2',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      nodeSelector: {kubernetes.io/hostname: worker1}',
        '      containers: [{name: web, image: nginx}]',
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: web, namespace: default}',
        'spec: {minAvailable: 2, selector: {matchLabels: {app: web}}}',
      ].join('\n');
      writeFileSync(join(dir, 'web.yaml'), web);
      const m0 = VERSIONS[0] ?? 0;
      expect((await kubectl(m0, ['apply', '-f', join(dir, 'web.yaml')])).code).toBe(0);
      await waitFor('two web pods Running', () => {
        const r = ssh(st, 'cp1', 'kubectl get pods -l app=web --no-headers');
        return (r.stdout.match(/ Running /g) ?? []).length === 2;
      });
      const drain = [
        'drain',
        'worker1',
        '--ignore-daemonsets',
        '--delete-emptydir-data',
        '--timeout=30s',
      ];
      for (const r of await Promise.all(VERSIONS.map((m) => kubectl(m, drain, 90_000)))) {
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`error when evicting pods/"web-`);
        expect(r.stderr).toContain(
          "Cannot evict pod as it would violate the pod's disruption budget.",
        );
        expect(r.stderr).toMatch(
          /error: unable to drain node "worker1" due to error: ?\[.*global timeout reached: 30s/,
        );
      }
      expect((await kubectl(m0, ['delete', 'pdb', 'web'])).code).toBe(0);
      // The blocked drains left the node cordoned, as a failed drain does.
      expect((await kubectl(m0, ['get', 'node', 'worker1'])).stdout).toContain(
        'Ready,SchedulingDisabled',
      );
      expect((await kubectl(m0, ['uncordon', 'worker1'])).code).toBe(0);
      for (const m of VERSIONS) {
        const r = await kubectl(m, drain, 90_000);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('node/worker1 cordoned');
        expect(r.stdout).toContain('node/worker1 drained');
        expect((await kubectl(m, ['uncordon', 'worker1'])).code).toBe(0);
        // The ReplicaSet brings its pods back on worker1 before the next version drains it.
        await waitFor(
          'web pods back',
          () =>
            (
              ssh(st, 'cp1', 'kubectl get pods -l app=web --no-headers').stdout.match(
                / Running /g,
              ) ?? []
            ).length === 2,
        );
      }
    }, 400_000);

    it('exec over WebSocket (kubectl 1.30+): output, and the exit status of a failing command', async () => {
      const ws = VERSIONS.filter((m) => m >= 30);
      const pod = (
        await kubectl(VERSIONS[0] ?? 0, ['get', 'pods', '-l', 'app=web', '-o', 'name'])
      ).stdout
        .split('\n')[0]
        ?.replace('pod/', '');
      expect(pod).toMatch(/^web-/);
      // A failed exec says why: kubectl's stderr, the pod as the server has it, and what the API
      // server logged about refused upgrades or its storage.
      const why = (r: { code: number; stderr: string }): string =>
        r.code === 0
          ? ''
          : [
              r.stderr,
              ssh(st, 'cp1', `kubectl get pod ${pod ?? ''} -o wide`).stdout,
              ssh(
                st,
                'cp1',
                "grep -E 'exec upgrade refused|etcd unreachable' /var/log/lab-pods/kube-apiserver.log | tail -5",
              ).stdout,
            ].join('\n');
      for (const m of ws) {
        const ok = await kubectl(m, ['exec', pod ?? '', '--', 'echo', 'hello from the pod']);
        expect(ok, `kubectl ${m}: ${why(ok)}`).toMatchObject({
          code: 0,
          stdout: 'hello from the pod\n',
        });
        const bad = await kubectl(m, [
          'exec',
          pod ?? '',
          '--',
          'sh',
          '-c',
          'echo oops >&2; exit 3',
        ]);
        expect(bad.code, `kubectl ${m}: ${why(bad)}`).toBe(3);
        expect(bad.stderr).toBe('oops\ncommand terminated with exit code 3\n');
      }
    });

    it('delete node', async () => {
      for (const m of VERSIONS) {
        const name = `retired-1-${m}`;
        const node = `{"apiVersion":"v1","kind":"Node","metadata":{"name":"${name}"}}`;
        writeFileSync(join(dir, `${name}.json`), node);
        expect((await kubectl(m, ['apply', '-f', join(dir, `${name}.json`)])).stdout).toBe(
          `node/${name} created\n`,
        );
        const d = await kubectl(m, ['delete', 'node', name]);
        expect(d).toMatchObject({ code: 0, stdout: `node "${name}" deleted\n` });
        const g = await kubectl(m, ['get', 'node', name]);
        expect(g.code).toBe(1);
        expect(g.stderr).toBe(`Error from server (NotFound): nodes "${name}" not found\n`);
      }
    });

    // kubectl create uses client-go's typed clients, which send protobuf from 1.31 on
    // (kubernetes#125314): the lab decodes those bodies (tests/lab/node/api/protobuf.mjs).
    it('create namespace, configmap, secret and serviceaccount (protobuf bodies from 1.31)', async () => {
      for (const m of VERSIONS) {
        const ns = `typed-${m}`;
        const run = async (args: string[], out: string): Promise<void> => {
          const r = await kubectl(m, args);
          expect({ args, ...r }).toMatchObject({ code: 0, stdout: out, stderr: '' });
        };
        await run(['create', 'namespace', ns], `namespace/${ns} created\n`);
        await run(
          ['create', 'configmap', 'settings', '-n', ns, '--from-literal=mode=fast'],
          'configmap/settings created\n',
        );
        await run(
          ['create', 'secret', 'generic', 'db', '-n', ns, '--from-literal=password=s3cret'],
          'secret/db created\n',
        );
        await run(
          ['create', 'serviceaccount', 'robot', '-n', ns],
          'serviceaccount/robot created\n',
        );
        const cm = JSON.parse(
          (await kubectl(m, ['get', 'cm', 'settings', '-n', ns, '-o', 'json'])).stdout,
        ) as {
          data: Record<string, string>;
          metadata: { namespace: string; uid: string };
        };
        expect(cm.data).toEqual({ mode: 'fast' });
        expect(cm.metadata.namespace).toBe(ns);
        expect(cm.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
        const secret = JSON.parse(
          (await kubectl(m, ['get', 'secret', 'db', '-n', ns, '-o', 'json'])).stdout,
        ) as { data: Record<string, string>; type: string };
        expect(secret.type).toBe('Opaque');
        expect(Buffer.from(secret.data.password ?? '', 'base64').toString()).toBe('s3cret');
        const again = await kubectl(m, ['create', 'namespace', ns]);
        expect(again.code).toBe(1);
        expect(again.stderr).toBe(
          `Error from server (AlreadyExists): namespaces "${ns}" already exists\n`,
        );
      }
    });

    it('apply -f of the flannel manifest: unchanged, then configured as a patch', async () => {
      const manifest = readFileSync(FLANNEL, 'utf8');
      for (const m of VERSIONS) {
        const same = await kubectl(m, ['apply', '-f', FLANNEL]);
        expect(same.code).toBe(0);
        const changed = join(dir, `flannel-${m}.yml`);
        writeFileSync(
          changed,
          manifest.replace('"Type": "vxlan"', `"Type": "vxlan", "Lab": "v${m}"`),
        );
        const r = await kubectl(m, ['apply', '-f', changed]);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('configmap/kube-flannel-cfg configured\n');
        expect(r.stdout).toContain('daemonset.apps/kube-flannel-ds unchanged\n');
        const cm = await kubectl(m, [
          'get',
          'cm',
          '-n',
          'kube-flannel',
          'kube-flannel-cfg',
          '-o',
          'json',
        ]);
        const o = JSON.parse(cm.stdout) as {
          data: Record<string, string>;
          metadata: { annotations: Record<string, string> };
        };
        expect(o.data['net-conf.json']).toContain(`"Lab": "v${m}"`);
        expect(
          o.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'],
        ).toContain(`v${m}`);
      }
    });

    it('unknown resources and verbs answer with a Status, as the real server does', async () => {
      for (const r of await all(['get', '--raw', '/api/v1/nosuchthings'])) {
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(
          'Error from server (NotFound): the server could not find the requested resource\n',
        );
      }
      for (const r of await all(['get', 'nosuchthings'])) {
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`the server doesn't have a resource type "nosuchthings"`);
      }
    });
  },
);

/** One raw request to the lab API server with the admin client certificate. */
function raw(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  const kc = parseYaml(readFileSync(kubeconfig, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
  };
  const b = (s?: string): Buffer => Buffer.from(s ?? '', 'base64');
  const c = kc.clusters[0]?.cluster;
  const u = kc.users[0]?.user;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      new URL(path, c?.server),
      {
        method,
        ca: b(c?.['certificate-authority-data']),
        cert: b(u?.['client-certificate-data']),
        key: b(u?.['client-key-data']),
        checkServerIdentity: () => undefined,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (x: Buffer) => chunks.push(x));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('bad input', () => {
  it('malformed bodies, unknown paths and verbs get a Status; a dropped watch leaves the server up', async () => {
    const bad = await raw('POST', '/api/v1/namespaces', '{"metadata": ');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    const notObject = await raw('POST', '/api/v1/namespaces', '[1,2]');
    expect(notObject.status).toBe(400);
    const put = await raw('PUT', '/api/v1/namespaces', '{}');
    expect(JSON.parse(put.text)).toMatchObject({ reason: 'MethodNotAllowed', code: 405 });
    const gone = await raw('GET', '/apis/nosuch.example.com/v1/things');
    expect(JSON.parse(gone.text)).toMatchObject({ reason: 'NotFound', code: 404 });
    const invalid = await raw('POST', '/api/v1/namespaces', '{"metadata":{"name":"Bad_Name"}}');
    expect(JSON.parse(invalid.text)).toMatchObject({ reason: 'Invalid', code: 422 });
    const patch = await raw('PATCH', '/api/v1/nodes/worker1', '{"spec":', {
      'content-type': 'application/merge-patch+json',
    });
    expect(patch.status).toBe(400);
    const huge = await raw('POST', '/api/v1/namespaces', 'x'.repeat(4 * 1024 * 1024));
    expect(JSON.parse(huge.text)).toMatchObject({
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 3145728',
    });
    expect(huge.status).toBe(413);
    // A watch the client drops after its first bytes.
    await new Promise<void>((resolve) => {
      const kcfg = parseYaml(readFileSync(kubeconfig, 'utf8')) as {
        clusters: { cluster: { server: string } }[];
        users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
      };
      const u = kcfg.users[0]?.user;
      const req = httpsRequest(
        new URL('/api/v1/nodes?watch=1', kcfg.clusters[0]?.cluster.server),
        {
          rejectUnauthorized: false,
          cert: Buffer.from(u?.['client-certificate-data'] ?? '', 'base64'),
          key: Buffer.from(u?.['client-key-data'] ?? '', 'base64'),
        },
        (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      // Our own destroy() may surface as an error on the request: expected, it is the drop.
      req.on('error', () => undefined);
      req.end();
    });
    const ready = await raw('GET', '/readyz');
    expect(ready).toMatchObject({ status: 200, text: 'ok' });
  });
});

describe('state in the stacked etcd member (Debian etcd 3.4)', () => {
  const ETCDCTL =
    'etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key';
  // Through a real kubectl from the host where there is one, else the node's kubectl.
  const kc = async (args: string[]): Promise<RunResult> => {
    const m = VERSIONS.at(-1);
    if (m) return kubectl(m, args);
    return ssh(st, 'cp1', `kubectl ${args.join(' ')}`);
  };

  it('etcd runs in the node as kubeadm configures it: member list, endpoint status, /registry keys', () => {
    expect(existsSync('/usr/bin/etcd')).toBe(true);
    const ip = addr('cp1').replace(/\./g, '\\.');
    expect(sh('cp1', `${ETCDCTL} member list`)).toMatch(
      new RegExp(`^[0-9a-f]+, started, cp1, https://${ip}:2380, https://${ip}:2379, false\\n$`),
    );
    expect(sh('cp1', `${ETCDCTL} endpoint status`)).toMatch(
      /^https:\/\/127\.0\.0\.1:2379, [0-9a-f]+, 3\.4\.\d+, [\d.]+ [kM]B, true, false, \d+, \d+, \d+, $/m,
    );
    const keys = sh('cp1', `${ETCDCTL} get /registry/ --prefix --keys-only`);
    expect(keys).toContain('/registry/minions/worker1\n');
    expect(keys).toContain('/registry/configmaps/kube-public/cluster-info\n');
    expect(keys).toMatch(/^\/registry\/pods\/kube-flannel\/kube-flannel-ds-\w+$/m);
    const ns = JSON.parse(
      sh('cp1', `${ETCDCTL} get /registry/namespaces/kube-system --print-value-only`),
    ) as { kind: string; metadata: { name: string } };
    expect(ns).toMatchObject({ kind: 'Namespace', metadata: { name: 'kube-system' } });
  });

  it('snapshot save, delete, restore: the namespace comes back; etcd-down answers ServerTimeout', async () => {
    writeFileSync(
      join(dir, 'ns.json'),
      '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"snap-test"}}',
    );
    const created = VERSIONS.at(-1)
      ? await kc(['apply', '-f', join(dir, 'ns.json')])
      : ssh(
          st,
          'cp1',
          `echo '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"snap-test"}}' | kubectl apply -f -`,
        );
    expect(created.stdout).toBe('namespace/snap-test created\n');
    expect(sh('cp1', `${ETCDCTL} snapshot save /root/snap.db`)).toBe(
      'Snapshot saved at /root/snap.db\n',
    );
    expect((await kc(['delete', 'ns', 'snap-test'])).stdout).toBe(
      'namespace "snap-test" deleted\n',
    );
    expect((await kc(['get', 'ns', 'snap-test'])).stderr).toBe(
      'Error from server (NotFound): namespaces "snap-test" not found\n',
    );

    // The member stops (kubeadm's restore procedure stops it too); the API server answers as the
    // real one does when its storage is unreachable.
    expect(lab('fault', 'cp1', 'etcd-down').code).toBe(0);
    await waitFor(
      'the API server to notice',
      () => ssh(st, 'cp1', 'kubectl get --raw /readyz').code !== 0,
      20,
    );
    const down = await kc(['get', 'nodes']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(
      'Error from server (ServerTimeout): The list operation against nodes could not be completed at this time, please try again.',
    );
    // The Status says when to retry, and so does the header client-go reads (writers.go).
    const downRaw = await raw('GET', '/api/v1/nodes');
    expect(downRaw.status).toBe(500);
    expect(JSON.parse(downRaw.text)).toMatchObject({ details: { retryAfterSeconds: 2 } });
    expect(downRaw.headers['retry-after']).toBe('2');
    const readyz = ssh(st, 'cp1', 'kubectl get --raw /readyz');
    expect(readyz.stderr).toContain('[-]etcd failed: reason withheld');

    sh(
      'cp1',
      `mv /var/lib/etcd /var/lib/etcd.before-restore && ${ETCDCTL} snapshot restore /root/snap.db --data-dir /var/lib/etcd --name cp1 --initial-cluster cp1=https://${addr('cp1')}:2380 --initial-advertise-peer-urls https://${addr('cp1')}:2380 2>/dev/null`,
    );
    expect(lab('fault', 'cp1', 'etcd-up').code).toBe(0);
    await waitFor(
      'the API server back',
      () => ssh(st, 'cp1', 'kubectl get --raw /readyz').stdout.trim() === 'ok',
      60,
    );
    const back = await kc(['get', 'ns', 'snap-test']);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/^snap-test +Active +\S+\n$/m);
  }, 180_000);
});
