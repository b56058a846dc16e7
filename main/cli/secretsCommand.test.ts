import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { saveProject } from '../store/projectFile';
import { untitledProject } from '../store/projectStore';
import { openCliSecrets, type CliOut } from './cliContext';
import { noPrompter, type Prompter } from './prompt';
import { runSecretsClear, runSecretsSet } from './secretsCommand';

const CANARY = 'canary-cli-7c1e-pass';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup(): Promise<{ dir: string; file: string; vault: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-secrets-cli-'));
  dirs.push(dir);
  const file = join(dir, 'kubelab.yaml');
  const p = untitledProject();
  p.nodes.push({
    id: 'master1',
    name: 'master1',
    address: '10.0.0.1',
    port: 22,
    user: 'kube',
    auth: 'password',
    role: 'control-plane',
    labels: {},
  });
  await saveProject(file, p);
  return { dir, file, vault: join(dir, 'vault.json') };
}

function io(): { io: CliOut; text: () => string } {
  let all = '';
  return { io: { out: (t) => void (all += t), err: (t) => void (all += t) }, text: () => all };
}

const stdinOf = (text: string): PassThrough => {
  const s = new PassThrough();
  s.end(text);
  return s;
};

describe('kubelab secrets', () => {
  it('set --stdin stores the password encrypted; the CLI secrets read it; clear forgets', async () => {
    const { file, vault } = await setup();
    const env = { KUBELAB_VAULT_PASSPHRASE: 'vault-pass-123', KUBELAB_VAULT: vault };
    const o = io();
    const code = await runSecretsSet(
      'master1',
      { file, stdin: true },
      { io: o.io, env, prompter: noPrompter, stdin: stdinOf(`${CANARY}\n`) },
    );
    expect(code, o.text()).toBe(0);
    expect(o.text()).toContain('stored the password of master1');
    expect(o.text()).not.toContain(CANARY);
    expect(readFileSync(vault, 'utf8')).not.toContain(CANARY);
    expect(readFileSync(file, 'utf8')).not.toContain(CANARY);

    const secrets = await openCliSecrets({ env, prompter: noPrompter });
    expect(await secrets.get('node/master1/password')).toBe(CANARY);

    const c = io();
    expect(
      await runSecretsClear('master1', { file }, { io: c.io, env, prompter: noPrompter }),
    ).toBe(0);
    expect(c.text()).toContain('cleared the password of master1');
    expect(await (await openCliSecrets({ env })).get('node/master1/password')).toBeUndefined();
  });

  it('asks on the terminal: the passphrase twice for a new vault, the key passphrase without echo', async () => {
    const { file, vault } = await setup();
    const asked: string[] = [];
    const answers = ['vault-pass-456', 'vault-pass-456', CANARY];
    const tty: Prompter = {
      interactive: true,
      ask: async () => 'no',
      askSecret: async (q) => {
        asked.push(q);
        return answers.shift() ?? '';
      },
    };
    const o = io();
    const env = { KUBELAB_VAULT: vault };
    expect(
      await runSecretsSet(
        'master1',
        { file, passphraseForKey: true },
        { io: o.io, env, prompter: tty },
      ),
    ).toBe(0);
    expect(asked[2]).toMatch(/^Enter passphrase for key/);
    const secrets = await openCliSecrets({
      env: { ...env, KUBELAB_VAULT_PASSPHRASE: 'vault-pass-456' },
    });
    expect(await secrets.get('node/master1/passphrase')).toBe(CANARY);
  });

  it('refuses without a terminal or --stdin, a locked vault, an unknown node', async () => {
    const { file, vault } = await setup();
    const deps = { prompter: noPrompter, env: { KUBELAB_VAULT: vault } };
    const a = io();
    expect(await runSecretsSet('master1', { file }, { ...deps, io: a.io })).toBe(2);
    expect(a.text()).toContain('--stdin');
    const b = io();
    expect(
      await runSecretsSet(
        'master1',
        { file, stdin: true },
        { ...deps, io: b.io, stdin: stdinOf('x') },
      ),
    ).toBe(1);
    expect(b.text()).toContain('KUBELAB_VAULT_PASSPHRASE');
    const c = io();
    expect(await runSecretsSet('node9', { file, stdin: true }, { ...deps, io: c.io })).toBe(2);
    expect(c.text()).toContain('no node "node9"');
  });

  it('without a vault, serve and the CLI fall back to environment variables', async () => {
    const { vault } = await setup();
    const notes: string[] = [];
    const secrets = await openCliSecrets({
      env: { KUBELAB_VAULT: vault, KUBELAB_PASSWORD_MASTER1: 'from-env' },
      prompter: noPrompter,
      note: (t) => void notes.push(t),
    });
    expect(await secrets.get('node/master1/password')).toBe('from-env');
    await secrets.set('node/node1/password', 'memory-only');
    expect(await secrets.get('node/node1/password')).toBe('memory-only');
    expect(notes).toEqual([]);
  });

  it('a wrong KUBELAB_VAULT_PASSPHRASE is an error, not an empty vault', async () => {
    const { vault } = await setup();
    await openCliSecrets({
      env: { KUBELAB_VAULT: vault, KUBELAB_VAULT_PASSPHRASE: 'right-pass-1' },
    });
    await expect(
      openCliSecrets({ env: { KUBELAB_VAULT: vault, KUBELAB_VAULT_PASSPHRASE: 'wrong-pass-1' } }),
    ).rejects.toThrow(/Wrong vault passphrase/);
    const notes: string[] = [];
    // Locked and nobody to ask: falls back, saying so.
    await openCliSecrets({
      env: { KUBELAB_VAULT: vault },
      prompter: noPrompter,
      note: (t) => void notes.push(t),
    });
    expect(notes[0]).toMatch(/locked/);
  });
});
