import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../common/model/appError';
import { NodeIdSchema, type NodeSpec } from '../../common/model/node';
import { nodeSecretKey, type NodeSecretKind } from '../store/secrets';
import { openCliProject, openVault, processOut, reportCliError, type CliOut } from './cliContext';
import { PromptCancelled, readAllInput, terminalPrompter, type Prompter } from './prompt';

export interface SecretsDeps {
  io: CliOut;
  prompter?: Prompter;
  env?: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream;
}

export interface SecretsFlags {
  file: string;
  passphraseForKey?: boolean;
  stdin?: boolean;
  vault?: string;
}

function checkId(id: string): void {
  if (!NodeIdSchema.safeParse(id).success) {
    throw new AppError({
      code: 'invalid_payload',
      message: `"${id}" is not a node id (lowercase letters, digits and dashes)`,
      field: 'id',
    });
  }
}

/** The node from the project when there is a project file; else only its id is checked. */
async function nodeFor(id: string, file: string): Promise<NodeSpec | undefined> {
  checkId(id);
  if (!existsSync(file)) return undefined;
  const node = (await openCliProject(file)).get().nodes.find((n) => n.id === id);
  if (!node) {
    throw new AppError({ code: 'not_found', message: `no node "${id}" in ${file}`, field: 'id' });
  }
  return node;
}

/** ssh's own prompts, so people recognise what is asked for. */
function questionFor(id: string, kind: NodeSecretKind, node: NodeSpec | undefined): string {
  if (kind === 'passphrase') {
    return `Enter passphrase for key '${node?.keyPath ?? '~/.ssh/id_*'}' (${id}): `;
  }
  return node ? `${node.user}@${node.address}'s password (${id}): ` : `Password for ${id}: `;
}

async function readSecret(
  id: string,
  kind: NodeSecretKind,
  node: NodeSpec | undefined,
  o: SecretsFlags,
  deps: SecretsDeps,
  prompter: Prompter,
): Promise<string> {
  let value: string;
  if (o.stdin) value = await readAllInput(deps.stdin ?? process.stdin);
  else if (prompter.interactive) {
    try {
      value = await prompter.askSecret(questionFor(id, kind, node));
    } catch (err) {
      if (err instanceof PromptCancelled)
        throw new AppError({ code: 'cancelled', message: 'nothing stored.' });
      throw err;
    }
  } else {
    throw new AppError({
      code: 'invalid_payload',
      message: `no terminal to type the ${kind} on: pipe it in with --stdin`,
    });
  }
  if (value === '') throw new AppError({ code: 'invalid_payload', message: `empty ${kind}` });
  return value;
}

const kindOf = (o: SecretsFlags): NodeSecretKind =>
  o.passphraseForKey ? 'passphrase' : 'password';

/** `kubelab secrets set NODE`: the node's password (or key passphrase) into the vault. */
export async function runSecretsSet(
  id: string,
  o: SecretsFlags,
  deps: SecretsDeps,
): Promise<number> {
  const prompter = deps.prompter ?? terminalPrompter();
  const env = deps.env ?? process.env;
  try {
    const kind = kindOf(o);
    const node = await nodeFor(id, o.file);
    const note = (t: string): void => deps.io.err(`${t}\n`);
    if (!o.stdin && !prompter.interactive) {
      throw new AppError({
        code: 'invalid_payload',
        message: `no terminal to type the ${kind} on: pipe it in with --stdin`,
      });
    }
    const vault = await openVault({ env, prompter, note, vaultPath: o.vault, create: true });
    if (!vault)
      throw new AppError({ code: 'vault_locked', message: 'the vault could not be opened' });
    // Unlocked first, so a wrong vault passphrase fails before the node's secret is typed.
    const value = await readSecret(id, kind, node, o, deps, prompter);
    await vault.set(nodeSecretKey(id, kind), value);
    deps.io.out(`stored the ${kind} of ${id} in the vault (encrypted)\n`);
    return 0;
  } catch (err) {
    return reportCliError(err, 'secrets set', deps.io);
  }
}

/** `kubelab secrets clear NODE`: forgets the node's password (or key passphrase). */
export async function runSecretsClear(
  id: string,
  o: SecretsFlags,
  deps: SecretsDeps,
): Promise<number> {
  const prompter = deps.prompter ?? terminalPrompter();
  try {
    const kind = kindOf(o);
    checkId(id); // not looked up: a node already removed may still have a secret
    const note = (t: string): void => deps.io.err(`${t}\n`);
    const vault = await openVault({
      env: deps.env,
      prompter,
      note,
      vaultPath: o.vault,
      create: false,
    });
    if (!vault) {
      deps.io.out('no vault, nothing to clear\n');
      return 0;
    }
    const had = (await vault.get(nodeSecretKey(id, kind))) !== undefined;
    await vault.delete(nodeSecretKey(id, kind));
    deps.io.out(had ? `cleared the ${kind} of ${id}\n` : `no ${kind} stored for ${id}\n`);
    return 0;
  } catch (err) {
    return reportCliError(err, 'secrets clear', deps.io);
  }
}

/** `kubelab secrets set|clear NODE`. */
export function registerSecrets(program: Command): void {
  const deps = (): SecretsDeps => ({ io: processOut });
  const secrets = program
    .command('secrets')
    .description('node passwords and key passphrases in the encrypted vault (serve and the CLI)')
    .addHelpText(
      'after',
      '\nThe vault is unlocked with KUBELAB_VAULT_PASSPHRASE or a passphrase typed on the terminal.\n' +
        'Its file: KUBELAB_VAULT, else vault.json in the kubelab config directory.\n' +
        'Read-only alternatives: KUBELAB_PASSWORD_<NODE>, KUBELAB_PASSPHRASE_<NODE>, ssh-agent.\n',
    );
  const common = (c: Command): Command =>
    c
      .argument('<node>', 'node id')
      .option('-f, --file <file>', 'project file (to check the node exists)', 'kubelab.yaml')
      .option(
        '--passphrase-for-key',
        "the node's private-key passphrase instead of its password",
        false,
      )
      .option('--vault <file>', 'vault file (default: KUBELAB_VAULT or the config directory)');
  common(secrets.command('set').description('store a node password (typed without echo)'))
    .option('--stdin', 'read it from standard input instead of the terminal', false)
    .action(async (id: string, o: SecretsFlags) => {
      process.exitCode = await runSecretsSet(id, o, deps());
    });
  common(secrets.command('clear').description('forget a stored node password')).action(
    async (id: string, o: SecretsFlags) => {
      process.exitCode = await runSecretsClear(id, o, deps());
    },
  );
}
