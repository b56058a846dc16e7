import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveProject } from '../store/projectFile';
import { untitledProject } from '../store/projectStore';
import { MemorySecretStore } from '../store/secrets';
import type { CliOut } from './cliContext';
import {
  runNodesAdd,
  runNodesEdit,
  runNodesImport,
  runNodesList,
  runNodesRemove,
  runNodesTest,
  type NodesCliDeps,
} from './nodesCommand';
import { noPrompter } from './prompt';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function project(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-nodes-cli-'));
  dirs.push(dir);
  const file = join(dir, 'kubelab.yaml');
  await saveProject(file, untitledProject());
  return file;
}

function capture(): { io: CliOut; out: () => string; err: () => string; deps: NodesCliDeps } {
  let out = '';
  let err = '';
  const io: CliOut = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const env = { KUBELAB_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'kubelab-cfg-')) };
  dirs.push(env.KUBELAB_CONFIG_DIR);
  return {
    io,
    out: () => out,
    err: () => err,
    deps: { io, prompter: noPrompter, env, secrets: new MemorySecretStore() },
  };
}

describe('kubelab nodes add/list/edit/remove', () => {
  it('adds a node to the project file and lists it', async () => {
    const file = await project();
    const c = capture();
    const code = await runNodesAdd(
      { file, name: 'master1', address: '192.168.100.111', role: 'control-plane' },
      c.deps,
    );
    expect(code).toBe(0);
    expect(c.out()).toContain('added master1 (192.168.100.111:22, control-plane)');
    expect(readFileSync(file, 'utf8')).toContain('192.168.100.111');
    const l = capture();
    expect(await runNodesList({ file }, l.deps)).toBe(0);
    expect(l.out()).toMatch(/master1\s+master1\s+192\.168\.100\.111:22\s+root\s+password/);
    const j = capture();
    await runNodesList({ file, json: true }, j.deps);
    expect(JSON.parse(j.out())).toMatchObject({
      nodes: [{ id: 'master1', port: 22, user: 'root', auth: 'password' }],
    });
  });

  it('refuses bad fields, naming each field and its flag, and leaves the file alone', async () => {
    const file = await project();
    const before = readFileSync(file, 'utf8');
    const c = capture();
    const code = await runNodesAdd(
      { file, name: 'n1', address: '300.1.1.1', port: '70000', user: '' },
      c.deps,
    );
    expect(code).toBe(2);
    expect(c.err()).toMatch(/^kubelab nodes add: port \(--port\): must be from 1 to 65535$/m);
    const c2 = capture();
    expect(await runNodesAdd({ file, name: 'n1', address: '300.1.1.1' }, c2.deps)).toBe(2);
    expect(c2.err()).toMatch(/address \(--address\): "300\.1\.1\.1" is not a valid IPv4 address/);
    const c3 = capture();
    expect(await runNodesAdd({ file, name: 'n1', address: '10.0.0.1', port: 'ssh' }, c3.deps)).toBe(
      2,
    );
    expect(c3.err()).toContain('port (--port): "ssh" is not a number');
    const c4 = capture();
    expect(await runNodesAdd({ file, address: '10.0.0.1' }, c4.deps)).toBe(2);
    expect(c4.err()).toContain('name (--name): is required');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses a duplicate name and a duplicate address', async () => {
    const file = await project();
    await runNodesAdd({ file, name: 'node1', address: '10.0.0.1' }, capture().deps);
    const c = capture();
    expect(await runNodesAdd({ file, name: 'Node1', address: '10.0.0.2' }, c.deps)).toBe(2);
    expect(c.err()).toMatch(/name \(--name\): "Node1" is already used/);
    const d = capture();
    expect(await runNodesAdd({ file, name: 'node2', address: '10.0.0.1' }, d.deps)).toBe(2);
    expect(d.err()).toMatch(/address \(--address\): 10\.0\.0\.1:22 is already node "node1"/);
  });

  it('edits and removes', async () => {
    const file = await project();
    await runNodesAdd({ file, name: 'node1', address: '10.0.0.1' }, capture().deps);
    const e = capture();
    expect(await runNodesEdit('node1', { file, port: '2222', label: ['zone=a'] }, e.deps)).toBe(0);
    const l = capture();
    await runNodesList({ file, json: true }, l.deps);
    expect(JSON.parse(l.out()).nodes[0]).toMatchObject({ port: 2222, labels: { zone: 'a' } });
    const bad = capture();
    expect(await runNodesEdit('node1', { file, role: 'boss' }, bad.deps)).toBe(2);
    expect(bad.err(), bad.err()).toContain('role (--role):');
    const none = capture();
    expect(await runNodesEdit('node1', { file }, none.deps)).toBe(2);
    const r = capture();
    expect(await runNodesRemove('node1', { file }, r.deps)).toBe(0);
    const r2 = capture();
    expect(await runNodesRemove('node1', { file }, r2.deps)).toBe(2);
    expect(r2.err()).toContain('no node "node1"');
  });

  it('edits only the flags given: a rename keeps port, role and labels (issue 14)', async () => {
    const file = await project();
    const add = { file, name: 'extra', address: '10.0.0.9', port: '2222', role: 'control-plane' };
    expect(await runNodesAdd({ ...add, label: ['zone=b'] }, capture().deps)).toBe(0);
    expect(await runNodesEdit('extra', { file, name: 'extra2' }, capture().deps)).toBe(0);
    const l = capture();
    await runNodesList({ file, json: true }, l.deps);
    expect(JSON.parse(l.out()).nodes[0]).toEqual({
      id: 'extra',
      name: 'extra2',
      address: '10.0.0.9',
      port: 2222,
      user: 'root',
      auth: 'password',
      role: 'control-plane',
      labels: { zone: 'b' },
    });
  });

  it('refuses shell syntax in a name or a label value, naming the flag', async () => {
    const file = await project();
    const before = readFileSync(file, 'utf8');
    const c = capture();
    expect(await runNodesAdd({ file, name: 'n$(id)', address: '10.0.0.1' }, c.deps)).toBe(2);
    expect(c.err()).toMatch(/name \(--name\): must not contain "\$"/);
    const d = capture();
    const label = ['zone=`reboot`'];
    expect(await runNodesAdd({ file, name: 'n1', address: '10.0.0.1', label }, d.deps)).toBe(2);
    expect(d.err()).toMatch(/labels\.zone.*must not contain "`"/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(await runNodesAdd({ file, name: 'n1', address: '10.0.0.1' }, capture().deps)).toBe(0);
    const e = capture();
    expect(await runNodesEdit('n1', { file, name: "it's" }, e.deps)).toBe(2);
    expect(e.err()).toMatch(/name \(--name\): must not contain "'"/);
  });

  it('says how to make a project when the file is missing', async () => {
    const c = capture();
    expect(await runNodesList({ file: '/nonexistent/kubelab.yaml' }, c.deps)).toBe(2);
    expect(c.err()).toContain('kubelab init');
  });
});

describe('kubelab nodes import', () => {
  async function importFrom(
    text: string,
    extra: Record<string, unknown> = {},
  ): Promise<{
    code: number;
    out: string;
    err: string;
    nodes: Array<Record<string, unknown>>;
  }> {
    const file = await project();
    const src = join(file, '..', 'nodes.txt');
    writeFileSync(src, text);
    const c = capture();
    const code = await runNodesImport(src, { file, ...extra }, c.deps);
    const l = capture();
    await runNodesList({ file, json: true }, l.deps);
    return { code, out: c.out(), err: c.err(), nodes: JSON.parse(l.out()).nodes };
  }

  it("reads the guide's list style", async () => {
    const r = await importFrom(
      '# hosts\nmaster1: 192.168.100.111\nnode1：192.168.100.112\nnode2 192.168.100.113\n',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('added 3 node(s)');
    expect(r.nodes.map((n) => [n.id, n.address, n.role])).toEqual([
      ['master1', '192.168.100.111', 'control-plane'],
      ['node1', '192.168.100.112', 'worker'],
      ['node2', '192.168.100.113', 'worker'],
    ]);
  });

  it('reads CSV with a header and applies defaults from flags', async () => {
    const r = await importFrom('name,ip,port\ncp1,10.1.0.1,22\nw1,10.1.0.2,2222\n', {
      user: 'kube',
      key: '~/.ssh/id_ed25519',
      auth: 'key',
    });
    expect(r.code).toBe(0);
    expect(r.nodes[1]).toMatchObject({ id: 'w1', port: 2222, user: 'kube', auth: 'key' });
  });

  it('reads ~/.ssh/config Host entries (wildcards skipped, ProxyJump kept)', async () => {
    const r = await importFrom(
      [
        'Host *',
        '  ServerAliveInterval 30',
        'Host bastion',
        '  HostName 203.0.113.5',
        '  User ops',
        'Host master1',
        '  HostName 10.2.0.1',
        '  ProxyJump bastion',
        '  IdentityFile ~/.ssh/lab',
      ].join('\n'),
      { sshConfig: true },
    );
    expect(r.code).toBe(0);
    expect(r.nodes).toHaveLength(2);
    expect(r.nodes[1]).toMatchObject({ id: 'master1', jumpHost: 'bastion', auth: 'key' });
  });

  it('reports bad lines with the field and imports nothing', async () => {
    const r = await importFrom('master1: 192.168.100.111\nnode1: 999.1.1.1\n');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/line 2: address: "999\.1\.1\.1" is not a valid IPv4 address/);
    expect(r.err).toContain('nothing was imported');
    expect(r.nodes).toEqual([]);
  });

  it('--dry-run shows without saving', async () => {
    const r = await importFrom('master1: 192.168.100.111\n', { dryRun: true });
    expect(r.code).toBe(0);
    expect(r.out).toContain('would add 1 node(s)');
    expect(r.nodes).toEqual([]);
  });
});

describe('kubelab nodes test', () => {
  it('reports an unreachable node per step and exits 1', async () => {
    const file = await project();
    // Port 1 on loopback: refused at once, no network needed.
    await runNodesAdd({ file, name: 'gone', address: '127.0.0.1', port: '1' }, capture().deps);
    const c = capture();
    // A password is stored, so the refusal is the TCP connect's, not a missing secret's.
    await c.deps.secrets?.set('node/gone/password', 'x');
    expect(await runNodesTest([], { file }, c.deps)).toBe(1);
    expect(c.out()).toMatch(/gone\s+127\.0\.0\.1:1\s+no\s+-\s+-\s+-/);
    expect(c.out()).toContain('0 of 1 node(s) ready');
    const j = capture();
    await j.deps.secrets?.set('node/gone/password', 'x');
    await runNodesTest(['gone'], { file, json: true }, j.deps);
    expect(JSON.parse(j.out()).results[0]).toMatchObject({ reachable: false, authOk: false });
    const u = capture();
    expect(await runNodesTest(['nope'], { file }, u.deps)).toBe(2);
  });

  it('a password node without a stored password is not reported reachable', async () => {
    const file = await project();
    // Nothing listens on port 1: had anything connected, this would say refused instead.
    await runNodesAdd({ file, name: 'nopass', address: '127.0.0.1', port: '1' }, capture().deps);
    const j = capture();
    expect(await runNodesTest(['nopass'], { file, json: true }, j.deps)).toBe(1);
    expect(JSON.parse(j.out()).results[0]).toMatchObject({
      reachable: false,
      authOk: false,
      error: { code: 'credentials_missing' },
    });
    const t = capture();
    await runNodesTest(['nopass'], { file }, t.deps);
    expect(t.out()).toMatch(/nopass\s+127\.0\.0\.1:1\s+no\s+no password/);
  });
});
