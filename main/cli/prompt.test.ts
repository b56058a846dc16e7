import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { HostKeyPrompt } from '../../common/contracts/nodes';
import { PromptCancelled, readAllInput, terminalPrompter, type Prompter } from './prompt';
import { decideHostKey, serialHostKeyDecider } from './promptHostKey';

function fakeTty(): {
  input: PassThrough & { isTTY: boolean; raw: boolean[]; setRawMode(m: boolean): void };
  output: PassThrough;
  shown: () => string;
} {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    raw: [] as boolean[],
    setRawMode(m: boolean): void {
      input.raw.push(m);
    },
  });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (c: Buffer) => (shown += c.toString()));
  return { input, output, shown: () => shown };
}

describe('terminalPrompter.askSecret', () => {
  it('reads a line in raw mode without echoing it; backspace edits', async () => {
    const t = fakeTty();
    const p = terminalPrompter(t);
    const answer = p.askSecret('Password: ');
    t.input.write('hunterX\u007f2\r');
    expect(await answer).toBe('hunter2');
    expect(t.shown()).toBe('Password: \n');
    expect(t.input.raw).toEqual([true, false]);
  });

  it('Ctrl-C cancels', async () => {
    const t = fakeTty();
    const answer = terminalPrompter(t).askSecret('Password: ');
    t.input.write('abc\u0003');
    await expect(answer).rejects.toBeInstanceOf(PromptCancelled);
  });

  it('refuses to ask without a terminal', async () => {
    const t = fakeTty();
    t.input.isTTY = false;
    const p = terminalPrompter(t);
    expect(p.interactive).toBe(false);
    await expect(p.askSecret('x')).rejects.toBeInstanceOf(PromptCancelled);
  });
});

it('readAllInput drops one trailing newline only', async () => {
  const s = new PassThrough();
  s.end('pa ss\n\n');
  expect(await readAllInput(s)).toBe('pa ss\n');
});

const prompt: HostKeyPrompt = {
  promptId: 'p1',
  nodeId: 'master1',
  host: '172.31.250.11',
  port: 22,
  algorithm: 'ssh-ed25519',
  fingerprint: 'SHA256:' + 'A'.repeat(43),
  expiresAt: new Date().toISOString(),
};

function scripted(answers: string[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return {
    interactive: true,
    asked,
    ask: async (q) => {
      asked.push(q);
      const a = answers.shift();
      if (a === undefined) throw new PromptCancelled();
      return a;
    },
    askSecret: async () => {
      throw new Error('not a secret');
    },
  };
}

describe('host-key questions in the CLI', () => {
  const policy = (
    prompter: Prompter,
    acceptNew = false,
  ): { notes: string[]; p: Parameters<typeof decideHostKey>[1] } => {
    const notes: string[] = [];
    return {
      notes,
      p: { acceptNew, prompter, note: (t) => void notes.push(t), pinnedIn: 'kubelab.yaml' },
    };
  };

  it('asks exactly like OpenSSH and pins on yes', async () => {
    const pr = scripted(['maybe', 'yes']);
    const { notes, p } = policy(pr);
    expect(await decideHostKey(prompt, p)).toBe(true);
    expect(notes[0]).toBe(
      "The authenticity of host '172.31.250.11 (master1)' can't be established.\n" +
        `ED25519 key fingerprint is ${prompt.fingerprint}.\n`,
    );
    expect(pr.asked).toEqual([
      'Are you sure you want to continue connecting (yes/no)? ',
      "Please type 'yes', 'no' or the fingerprint: ",
    ]);
    expect(notes[1]).toContain("Permanently added '172.31.250.11' (ED25519)");
  });

  it('accepts the fingerprint typed in, refuses no and an interrupted question', async () => {
    expect(await decideHostKey(prompt, policy(scripted([prompt.fingerprint])).p)).toBe(true);
    expect(await decideHostKey(prompt, policy(scripted(['no'])).p)).toBe(false);
    const { notes, p } = policy(scripted([]));
    expect(await decideHostKey({ ...prompt, port: 2222 }, p)).toBe(false);
    expect(notes.join('')).toContain("'[172.31.250.11]:2222 (master1)'");
    expect(notes.join('')).toContain('Host key verification failed.');
  });

  it('without a terminal refuses and names the flag; --accept-new-host-keys accepts', async () => {
    const none: Prompter = { ...scripted([]), interactive: false };
    const refused = policy(none);
    expect(await decideHostKey(prompt, refused.p)).toBe(false);
    expect(refused.notes.join('')).toMatch(
      /Host key verification failed[\s\S]*--accept-new-host-keys/,
    );
    const accepted = policy(none, true);
    expect(await decideHostKey(prompt, accepted.p)).toBe(true);
    expect(accepted.notes.join('')).toContain('Permanently added');
  });

  it('asks one node at a time', async () => {
    const pr = scripted(['yes', 'no']);
    const decide = serialHostKeyDecider(policy(pr).p);
    const answers = await Promise.all([decide(prompt), decide({ ...prompt, nodeId: 'node1' })]);
    expect(answers).toEqual([true, false]);
  });
});
