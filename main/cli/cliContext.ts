import { InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isRequestName } from '../../common/contract';
import { AppError } from '../../common/model/appError';
import { configDir } from '../store/paths';
import { FileProjectStore } from '../store/projectStore';
import { chainSecretStores, MemorySecretStore, type SecretStore } from '../store/secrets';
import { EnvSecretStore } from '../store/secretsEnv';
import { VaultError, VaultSecretStore } from '../store/secretsVault';
import { PromptCancelled, terminalPrompter, type Prompter } from './prompt';

/**
 * Shared plumbing for CLI commands that touch machines (nodes, secrets, apply, preflight, report,
 * serve): the project file, the secret stores, a back end whose host-key prompts are answered on
 * the terminal, and one way to print errors.
 */

/** Where the vault lives: KUBELAB_VAULT, else `vault.json` in the config directory. */
export function vaultPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBELAB_VAULT || join(configDir(env), 'vault.json');
}

export interface CliSecretsOptions {
  env?: NodeJS.ProcessEnv;
  /** Default: `vaultPath(env)`. */
  vaultPath?: string;
  /** Asks for the vault passphrase (no echo) when KUBELAB_VAULT_PASSPHRASE is not set. */
  prompter?: Prompter;
  /** One-line notes for the person (stderr). Never given a secret. */
  note?(text: string): void;
}

const PASSPHRASE_TRIES = 3;

/**
 * The vault, unlocked with KUBELAB_VAULT_PASSPHRASE or a passphrase typed on the terminal.
 * Undefined when there is no vault (and `create` is false) or nobody can unlock it. With `create`
 * a missing vault is made (the passphrase typed twice) and a locked one is an error.
 */
export async function openVault(
  opts: CliSecretsOptions & { create?: boolean },
): Promise<VaultSecretStore | undefined> {
  const env = opts.env ?? process.env;
  const path = opts.vaultPath ?? vaultPath(env);
  const note = opts.note ?? ((t: string): void => void process.stderr.write(`${t}\n`));
  const prompter = opts.prompter ?? terminalPrompter();
  const exists = existsSync(path);
  const fromEnv = env.KUBELAB_VAULT_PASSPHRASE;
  const create = opts.create ?? fromEnv !== undefined;
  if (!exists && !create) return undefined;
  const open = async (passphrase: string): Promise<VaultSecretStore> => {
    try {
      return await VaultSecretStore.open(path, passphrase);
    } catch (err) {
      if (err instanceof VaultError)
        throw new AppError({ code: 'vault_locked', message: err.message });
      throw err;
    }
  };
  if (fromEnv !== undefined && fromEnv !== '') return open(fromEnv);
  if (!prompter.interactive) {
    const why = `the vault ${path} is locked: set KUBELAB_VAULT_PASSPHRASE or run kubelab on a terminal`;
    if (create) throw new AppError({ code: 'vault_locked', message: `${why}.` });
    note(`kubelab: ${why}; using environment variables, ssh-agent and key files only.`);
    return undefined;
  }
  try {
    if (!exists) {
      note(`kubelab: creating the vault ${path} (passwords are encrypted with its passphrase).`);
      const first = await prompter.askSecret('New vault passphrase (8 characters or more): ');
      const again = await prompter.askSecret('Repeat the vault passphrase: ');
      if (first !== again)
        throw new AppError({ code: 'vault_locked', message: 'the passphrases differ.' });
      return await open(first);
    }
    for (let i = 1; ; i++) {
      const passphrase = await prompter.askSecret(`Vault passphrase for ${path}: `);
      try {
        return await open(passphrase);
      } catch (err) {
        if (i >= PASSPHRASE_TRIES || !(err instanceof AppError)) throw err;
        note(`${err.message} Try again.`);
      }
    }
  } catch (err) {
    if (err instanceof PromptCancelled)
      throw new AppError({ code: 'cancelled', message: 'no vault passphrase given.' });
    throw err;
  }
}

/**
 * Secrets for `kubelab serve` and the CLI: the vault when there is one (and it can be unlocked),
 * then KUBELAB_PASSWORD[_<NODE>] / KUBELAB_PASSPHRASE[_<NODE>]; ssh-agent and key files need no
 * store. Without a vault, a secret entered in the UI is kept in memory for this run only.
 */
export async function openCliSecrets(opts: CliSecretsOptions = {}): Promise<SecretStore> {
  const envStore = new EnvSecretStore(opts.env ?? process.env);
  const vault = await openVault(opts);
  return chainSecretStores(vault ? [vault, envStore] : [envStore, new MemorySecretStore()]);
}

/** Where a command writes; tests capture it. */
export interface CliOut {
  out(text: string): void;
  err(text: string): void;
}

export const processOut: CliOut = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

/** Opens a project file, saying how to make one when it is missing. */
export async function openCliProject(file: string): Promise<FileProjectStore> {
  const store = new FileProjectStore();
  try {
    await store.open(file);
  } catch (err) {
    if (err instanceof AppError && err.code === 'project_not_found') {
      throw new AppError({
        code: err.code,
        message: `${err.message} (make one with \`kubelab init -o ${file}\`).`,
      });
    }
    throw err;
  }
  return store;
}

/** Flags of `kubelab nodes add/edit` by the node field they set, for messages naming both. */
export const NODE_FIELD_FLAGS: Record<string, string> = {
  id: '--id',
  name: '--name',
  address: '--address',
  port: '--port',
  user: '--user',
  auth: '--auth',
  keyPath: '--key',
  role: '--role',
  labels: '--label',
  jumpHost: '--jump-host',
};

/** Error codes that mean "what you asked for is wrong" (exit 2) rather than "it failed" (1). */
const USAGE_CODES = new Set([
  'invalid_node',
  'invalid_payload',
  'not_found',
  'project_not_found',
  // kubelab export: -o names a directory that is not empty (without --force), or the project
  // cannot be exported; the same exit 2 as main/cli/index.ts gives them.
  'export_dir_not_empty',
  'invalid_export',
]);

/**
 * parseOrThrow's messages start with what was checked: a contract request (`tokens.create: ttl:
 * …`), dropped, since the user typed flags, not a request; or a file's part (`verification:
 * checkedAt: …`), kept as the fields' prefix (`verification.checkedAt`) so the field is named whole.
 */
function splitScope(err: AppError): { scope: string; body: string } {
  const m = /^([\w.]+): (.*)$/s.exec(err.message);
  if (!m?.[1] || m[2] === undefined) return { scope: '', body: err.message };
  if (isRequestName(m[1])) return { scope: '', body: m[2] };
  const startsWithField = err.field !== undefined && m[2].startsWith(`${err.field}: `);
  return startsWithField ? { scope: `${m[1]}.`, body: m[2] } : { scope: '', body: err.message };
}

/**
 * Prints an error the CLI way and returns the exit status. Field errors ("address: …; port: …",
 * from the inventory service or the contract's schema) become one line per field, with the flag.
 */
export function reportCliError(
  err: unknown,
  command: string,
  io: CliOut,
  flags: Record<string, string> = NODE_FIELD_FLAGS,
): number {
  // A flag commander would have refused, found only once the project was read: a usage error too.
  if (err instanceof InvalidArgumentError) {
    io.err(`kubelab ${command}: ${err.message}\n`);
    return 2;
  }
  if (!(err instanceof AppError)) {
    io.err(`kubelab ${command}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  if (err.code === 'invalid_node' || err.code === 'invalid_payload') {
    const { scope, body } = splitScope(err);
    for (const part of body.split('; ')) {
      const m = /^([\w.]+): (.*)$/s.exec(part);
      // `patch.role` (the contract's nodes.update payload) is the node's `role` to a person.
      const field = scope + (m?.[1] ?? '').replace(/^(patch|defaults)\./, '');
      const flag = flags[field.split('.')[0] ?? ''];
      io.err(
        m
          ? `kubelab ${command}: ${field}${flag ? ` (${flag})` : ''}: ${m[2]}\n`
          : `kubelab ${command}: ${part}\n`,
      );
    }
    return 2;
  }
  io.err(`kubelab ${command}: ${err.message}\n`);
  return USAGE_CODES.has(err.code) ? 2 : 1;
}
