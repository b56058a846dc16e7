import { openCliSecrets } from './cliContext';
import { noPrompter, terminalPrompter } from './prompt';
import { serialHostKeyDecider } from './promptHostKey';
import { openProjectSession, type ProjectSession } from '../services/remoteFactoryProject';

export interface CliSessionOptions {
  /** Trust host keys seen for the first time (StrictHostKeyChecking=accept-new); never changed ones. */
  acceptNewHostKeys?: boolean;
  /** Ask OpenSSH's question on the terminal when a new host key is seen (only on a TTY). */
  interactive?: boolean;
  /** Where notes go (stderr). */
  write?(text: string): void;
}

/**
 * A project session for the CLI commands not yet moved onto the CLI back end (cliBackend.ts):
 * `kubelab upgrade` and `kubelab etcd backup|restore`. Secrets from the vault and
 * KUBELAB_PASSWORD_* variables as `kubelab nodes` and `kubelab serve` use them, and unknown host
 * keys decided the way `ssh` asks, one at a time.
 */
export async function openCliProjectSession(
  file: string,
  opts: CliSessionOptions = {},
): Promise<ProjectSession> {
  const write = opts.write ?? ((t: string): void => void process.stderr.write(t));
  const note = (text: string): void => write(text.endsWith('\n') ? text : `${text}\n`);
  const prompter = opts.interactive ? terminalPrompter() : noPrompter;
  const secrets = await openCliSecrets({ prompter, note });
  const decide = serialHostKeyDecider({
    acceptNew: opts.acceptNewHostKeys === true,
    prompter,
    note,
    pinnedIn: file,
  });
  return openProjectSession(file, {
    secrets,
    askUnknown: (q) =>
      decide({
        nodeId: q.nodeId,
        host: q.host,
        port: q.port,
        algorithm: q.key.algorithm,
        fingerprint: q.key.fingerprint,
      }),
  });
}
