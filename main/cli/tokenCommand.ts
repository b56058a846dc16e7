import type { Command } from 'commander';
import type { TokenList } from '../../common/tokens/model';
import { withCliBackend, type CliDeps } from './cliBackend';
import { processOut } from './cliContext';
import { table } from './nodesFormat';

/** `kubelab token list`: ids only, never a secret (`kubelab token join <id>` prints the command). */
export function formatTokens(list: TokenList): string {
  const rows = [
    ['ID', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION'],
    ...list.tokens.map((t) => [
      t.id,
      t.ttl,
      t.expiresAt ?? '<never>',
      t.usages.join(',') || '<none>',
      t.description || '<none>',
    ]),
  ];
  const lines = table(rows).trimEnd().split('\n');
  if (list.tokens.length === 0) lines.push(`no bootstrap token on ${list.nodeName}`);
  return `${lines.join('\n')}\n`;
}

export interface TokenOptions {
  file: string;
  acceptNewHostKeys: boolean;
}

/** The contract's token fields by the flag or argument that sets them, for refusals. */
const TOKEN_FLAGS: Record<string, string> = {
  ttl: '--ttl',
  description: '--description',
  id: '<id>',
};

/** `kubelab token list`: the tokens.list request, printed as a table or JSON. */
export function runTokenList(
  opts: TokenOptions & { json: boolean },
  deps: CliDeps = {},
): Promise<number> {
  const io = deps.io ?? processOut;
  return withCliBackend({ ...opts, command: 'token list' }, deps, async (cli) => {
    const list = await cli.call('tokens.list', {});
    io.out(opts.json ? `${JSON.stringify(list, null, 2)}\n` : formatTokens(list));
    return 0;
  });
}

/** `kubelab token create --ttl 24h`: tokens.create; prints the join command (it holds the secret). */
export function runTokenCreate(
  opts: TokenOptions & { ttl: string; description: string },
  deps: CliDeps = {},
): Promise<number> {
  const io = deps.io ?? processOut;
  const command = 'token create';
  return withCliBackend({ ...opts, command, flags: TOKEN_FLAGS }, deps, async (cli) => {
    const r = await cli.call('tokens.create', { ttl: opts.ttl, description: opts.description });
    io.out(`${r.command}\n`);
    return 0;
  });
}

/** `kubelab token delete <id>`: tokens.delete; the token can no longer join nodes. */
export function runTokenDelete(
  id: string,
  opts: TokenOptions,
  deps: CliDeps = {},
): Promise<number> {
  const io = deps.io ?? processOut;
  const command = 'token delete';
  return withCliBackend({ ...opts, command, flags: TOKEN_FLAGS }, deps, async (cli) => {
    const r = await cli.call('tokens.delete', { id });
    io.out(`bootstrap token ${r.id} deleted\n`);
    return 0;
  });
}

/** `kubelab token join <id>`: tokens.joinCommand, the join command with the token's secret. */
export function runTokenJoin(id: string, opts: TokenOptions, deps: CliDeps = {}): Promise<number> {
  const io = deps.io ?? processOut;
  const command = 'token join';
  return withCliBackend({ ...opts, command, flags: TOKEN_FLAGS }, deps, async (cli) => {
    const r = await cli.call('tokens.joinCommand', { id });
    io.out(`${r.command}\n`);
    return 0;
  });
}

export function registerToken(program: Command): void {
  const token = program
    .command('token')
    .description('bootstrap tokens of the cluster, through kubeadm on the first control plane');
  const common = (c: Command): Command =>
    c
      .option('-f, --file <file>', 'project file', 'kubelab.yaml')
      .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false);
  common(token.command('list').description('the tokens with their TTL; no secret is printed'))
    .option('--json', 'print the list as JSON (TokenListSchema)', false)
    .action(async (opts: TokenOptions & { json: boolean }) => {
      process.exitCode = await runTokenList(opts);
    });
  common(token.command('create').description('create a token and print its join command'))
    .option('--ttl <duration>', 'lifetime, a duration such as 24h or 90m; 0 never expires', '24h')
    .option('--description <text>', 'what the token is for', '')
    .action(async (opts: TokenOptions & { ttl: string; description: string }) => {
      process.exitCode = await runTokenCreate(opts);
    });
  common(
    token.command('delete <id>').description('delete a token: it can no longer join nodes'),
  ).action(async (id: string, opts: TokenOptions) => {
    process.exitCode = await runTokenDelete(id, opts);
  });
  common(
    token.command('join <id>').description("print a token's join command (it holds the secret)"),
  ).action(async (id: string, opts: TokenOptions) => {
    process.exitCode = await runTokenJoin(id, opts);
  });
}
