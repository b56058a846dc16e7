import type { HostKeyPrompt } from '../../common/contracts/nodes';
import { keyLabel } from '../ssh/hostKey';
import { PromptCancelled, type Prompter } from './prompt';

/** What the question needs of a prompt (the UI's prompt also carries an id and a deadline). */
export type HostKeySeen = Pick<
  HostKeyPrompt,
  'nodeId' | 'host' | 'port' | 'algorithm' | 'fingerprint'
>;

export interface HostKeyPolicy {
  /** Trust keys seen for the first time without asking (StrictHostKeyChecking=accept-new). */
  acceptNew: boolean;
  prompter: Prompter;
  /** Where notes go (stderr). */
  note(text: string): void;
  /** Where accepted keys are pinned, for the "Permanently added" line. */
  pinnedIn: string;
}

/** `host` or `[host]:port`, as OpenSSH writes hosts in known_hosts and its messages. */
export function hostLabel(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** OpenSSH's first-contact text; the node id stands where ssh puts the address after the name. */
export function authenticityText(p: HostKeySeen): string {
  return (
    `The authenticity of host '${hostLabel(p.host, p.port)} (${p.nodeId})' can't be established.\n` +
    `${keyLabel(p.algorithm)} key fingerprint is ${p.fingerprint}.\n`
  );
}

function addedText(p: HostKeySeen, pinnedIn: string): string {
  return `Warning: Permanently added '${hostLabel(p.host, p.port)}' (${keyLabel(p.algorithm)}) to the host keys pinned in ${pinnedIn}.\n`;
}

/** Asks like ssh does: yes, no, or the fingerprint itself (which must match). */
async function askYesNo(p: HostKeySeen, prompter: Prompter): Promise<boolean> {
  let answer = await prompter.ask('Are you sure you want to continue connecting (yes/no)? ');
  for (;;) {
    const a = answer.trim();
    if (/^yes$/i.test(a) || a === p.fingerprint) return true;
    if (/^no$/i.test(a)) return false;
    answer = await prompter.ask("Please type 'yes', 'no' or the fingerprint: ");
  }
}

/**
 * Decides one unknown host key for the CLI. A changed key never reaches here: the SSH layer stops
 * that node before authenticating. Questions are asked one at a time (see `serialHostKeyDecider`)
 * so answers cannot be typed into the wrong node's question.
 */
export async function decideHostKey(p: HostKeySeen, policy: HostKeyPolicy): Promise<boolean> {
  if (policy.acceptNew) {
    policy.note(addedText(p, policy.pinnedIn));
    return true;
  }
  if (!policy.prompter.interactive) {
    policy.note(
      authenticityText(p) +
        'Host key verification failed.\n' +
        `kubelab: no terminal to ask on, so the new key of ${p.nodeId} was refused; ` +
        'pass --accept-new-host-keys to trust keys seen for the first time.\n',
    );
    return false;
  }
  policy.note(authenticityText(p));
  let ok: boolean;
  try {
    ok = await askYesNo(p, policy.prompter);
  } catch (err) {
    if (err instanceof PromptCancelled) ok = false;
    else throw err;
  }
  policy.note(ok ? addedText(p, policy.pinnedIn) : 'Host key verification failed.\n');
  return ok;
}

/** Wraps `decideHostKey` so concurrent prompts (several nodes at once) are asked in turn. */
export function serialHostKeyDecider(policy: HostKeyPolicy): (p: HostKeySeen) => Promise<boolean> {
  let queue: Promise<unknown> = Promise.resolve();
  return (p) => {
    const next = queue.then(() => decideHostKey(p, policy));
    queue = next.catch(() => undefined);
    return next;
  };
}
