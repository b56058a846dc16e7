/**
 * `kubelab nodes import|test|facts` and `kubelab secrets set` against the practice lab's real sshd,
 * in-process with captured output: import of the lab's addresses in the guide's list style,
 * unknown host keys refused without a terminal, answered "yes" on one, accepted with
 * --accept-new-host-keys, a swapped host key refused even with that flag, facts from an
 * Ubuntu-like and a Rocky-like node.
 */
import { readFileSync, rmSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostFactsSchema } from '../../../common/model/facts';
import { loadProject } from '../../../main/store/projectFile';
import { runNodesFacts, runNodesImport, runNodesTest } from '../../../main/cli/nodesCommand';
import { runSecretsSet } from '../../../main/cli/secretsCommand';
import {
  answering,
  cli,
  emptyProject,
  lab,
  labDown,
  labUp,
  usable,
  type LabNode,
} from './labHelpers';

const run = usable ? describe : describe.skip;
const VAULT_PASSPHRASE = 'nodes-it-vault-pass';
const dirs: string[] = [];

async function importLab(nodes: LabNode[]): Promise<{ dir: string; file: string }> {
  const p = await emptyProject();
  dirs.push(p.dir);
  const list = nodes.map((n) => `${n.name}: ${n.address}`).join('\n');
  const c = cli(p.dir);
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  stdin.end(`${list}\n`);
  const code = await runNodesImport(
    undefined,
    { file: p.file, user: 'kube' },
    { ...c.deps, stdin },
  );
  expect(code, c.err()).toBe(0);
  return p;
}

async function storePasswords(dir: string, file: string, nodes: LabNode[]): Promise<void> {
  for (const n of nodes) {
    const c = cli(dir, undefined, { KUBELAB_VAULT_PASSPHRASE: VAULT_PASSPHRASE });
    const stdin = new PassThrough();
    stdin.end(`${n.users.find((u) => u.sudo)?.password}\n`);
    expect(await runSecretsSet(n.name, { file, stdin: true }, { ...c.deps, stdin }), c.err()).toBe(
      0,
    );
  }
}

const pinned = async (file: string): Promise<Record<string, string | undefined>> =>
  Object.fromEntries((await loadProject(file)).nodes.map((n) => [n.id, n.hostKey?.fingerprint]));

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

run('kubelab nodes on the guide lab (Ubuntu-like)', () => {
  let nodes: LabNode[] = [];
  let p: { dir: string; file: string };
  const vaultEnv = { KUBELAB_VAULT_PASSPHRASE: VAULT_PASSPHRASE };
  beforeAll(async () => {
    nodes = labUp('guide');
    p = await importLab(nodes);
    await storePasswords(p.dir, p.file, nodes);
  });
  afterAll(() => labDown());

  it('imported the lab addresses and kept no password in the project or vault in clear', async () => {
    const project = await loadProject(p.file);
    expect(project.nodes.map((n) => [n.id, n.address, n.user, n.role])).toEqual(
      nodes.map((n) => [
        n.name,
        n.address,
        'kube',
        n.name === 'master1' ? 'control-plane' : 'worker',
      ]),
    );
    const password = nodes[0]?.users.find((u) => u.sudo)?.password ?? '';
    // The lab's password ("kubelab") is also the product's name: look for it as a YAML value.
    expect(readFileSync(p.file, 'utf8')).not.toMatch(new RegExp(`:\\s*"?${password}"?\\s*$`, 'm'));
    const { format, ...vault } = JSON.parse(readFileSync(`${p.dir}/vault.json`, 'utf8')) as {
      format: string;
    };
    expect(format).toBe('kubelab-vault');
    expect(JSON.stringify(vault)).not.toContain(password);
  });

  it('refuses unknown host keys when nobody can answer', async () => {
    const c = cli(p.dir, undefined, vaultEnv);
    expect(await runNodesTest([], { file: p.file }, c.deps)).toBe(1);
    expect(c.out()).toMatch(/master1\s+\S+:22\s+yes\s+-\s+not trusted/);
    expect(c.err()).toContain("can't be established");
    expect(c.err()).toContain('--accept-new-host-keys');
    expect(Object.values(await pinned(p.file))).toEqual([undefined, undefined, undefined]);
  });

  it('asks like OpenSSH on a terminal and pins the key on "yes"', async () => {
    const master = nodes.find((n) => n.name === 'master1') as LabNode;
    const tty = answering(['yes']);
    const c = cli(p.dir, tty, vaultEnv);
    expect(await runNodesTest(['master1'], { file: p.file }, c.deps), c.out() + c.err()).toBe(0);
    expect(c.err()).toContain(
      `The authenticity of host '${master.address} (master1)' can't be established.`,
    );
    expect(c.err()).toContain(`ED25519 key fingerprint is ${master.hostKey.fingerprint}.`);
    expect(tty.asked).toEqual(['Are you sure you want to continue connecting (yes/no)? ']);
    expect(c.out()).toMatch(/master1\s+\S+:22\s+yes\s+ok\s+pinned \(new\)\s+ok \(password\)/);
    expect((await pinned(p.file)).master1).toBe(master.hostKey.fingerprint);
  });

  it('--accept-new-host-keys trusts the rest; then every node is ready', async () => {
    const c = cli(p.dir, undefined, vaultEnv);
    expect(await runNodesTest([], { file: p.file, acceptNewHostKeys: true }, c.deps), c.out()).toBe(
      0,
    );
    expect(c.err()).toMatch(/Permanently added .* \(ED25519\)/);
    expect(c.err()).not.toContain("'" + nodes[0]?.address + "'"); // master1 was already pinned
    const again = cli(p.dir, undefined, vaultEnv);
    expect(await runNodesTest([], { file: p.file }, again.deps)).toBe(0);
    expect(again.out()).toContain('3 of 3 node(s) ready');
    expect(again.out()).toMatch(/node2\s+\S+:22\s+yes\s+ok\s+pinned\s+ok \(password\)/);
  });

  it('facts --json from an Ubuntu-like node', async () => {
    const c = cli(p.dir, undefined, vaultEnv);
    expect(await runNodesFacts(['master1', 'node1'], { file: p.file, json: true }, c.deps)).toBe(0);
    const { results } = JSON.parse(c.out()) as {
      results: Array<{ nodeId: string; facts: unknown }>;
    };
    const f = HostFactsSchema.parse(results[0]?.facts);
    expect(f).toMatchObject({ nodeId: 'master1', hostname: 'master1', os: { id: 'ubuntu' } });
    expect(f.sudo.mode).toBe('password');
    const text = cli(p.dir, undefined, vaultEnv);
    expect(await runNodesFacts(['node1'], { file: p.file }, text.deps)).toBe(0);
    expect(text.out()).toMatch(/^node1: Ubuntu/);
  });

  it('a changed host key is refused before logging in, even with --accept-new-host-keys', async () => {
    const before = await pinned(p.file);
    lab('fault', 'master1', 'swap-hostkey');
    const c = cli(p.dir, answering(['yes']), vaultEnv);
    expect(await runNodesTest(['master1'], { file: p.file, acceptNewHostKeys: true }, c.deps)).toBe(
      1,
    );
    expect(c.out()).toMatch(/master1\s+\S+:22\s+yes\s+-\s+CHANGED/);
    expect(c.out()).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
    expect(c.out()).toContain('host_key_changed');
    expect(c.err()).not.toContain('Permanently added');
    expect(await pinned(p.file)).toEqual(before);
  });
});

run('kubelab nodes facts on the rocky lab (Rocky-like)', () => {
  afterAll(() => labDown());
  it('facts --json: rocky, SELinux enforcing, firewalld active', async () => {
    const nodes = labUp('rocky');
    const p = await importLab(nodes);
    const password = nodes[0]?.users.find((u) => u.sudo)?.password ?? '';
    const c = cli(p.dir, undefined, { KUBELAB_PASSWORD: password });
    const first = nodes[0]?.name as string;
    const code = await runNodesFacts(
      [first],
      { file: p.file, json: true, acceptNewHostKeys: true },
      c.deps,
    );
    expect(code, c.err()).toBe(0);
    const { results } = JSON.parse(c.out()) as { results: Array<{ facts: unknown }> };
    const f = HostFactsSchema.parse(results[0]?.facts);
    expect(f.os).toMatchObject({ id: 'rocky', idLike: ['rhel', 'centos', 'fedora'] });
    expect(f.selinux).toBe('enforcing');
    expect(f.firewall.firewalld).toBe('active');
  });
});
