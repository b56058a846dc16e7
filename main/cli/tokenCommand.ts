import type { Command } from 'commander';
import type { TokenList } from '../../common/tokens/model';
import { TokenCreateSchema, TokenIdSchema } from '../../common/tokens/model';
import { parseOrThrow } from '../../common/validation';
import { preflightDeps } from '../preflight/remoteDeps';
import { createToken, deleteToken, joinCommand, listTokens } from '../tokens/tokensService';
import { table } from './nodesFormat';
import { openCliProjectSession } from './projectSession';

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

interface TokenOptions {
  file: string;
  acceptNewHostKeys: boolean;
}

async function withSession<T>(
  opts: TokenOptions,
  fn: (deps: Parameters<typeof listTokens>[0]) => Promise<T>,
): Promise<T> {
  const session = await openCliProjectSession(opts.file, {
    acceptNewHostKeys: opts.acceptNewHostKeys,
    interactive: true,
  });
  try {
    const project = session.project();
    const { remote } = preflightDeps(project.nodes, session.remotes);
    return await fn({ nodes: project.nodes, remote });
  } finally {
    session.close();
  }
}

const out = (t: string): void => void process.stdout.write(t);

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
      const list = await withSession(opts, listTokens);
      out(opts.json ? `${JSON.stringify(list, null, 2)}\n` : formatTokens(list));
    });
  common(token.command('create').description('create a token and print its join command'))
    .option('--ttl <duration>', 'lifetime, a duration such as 24h or 90m; 0 never expires', '24h')
    .option('--description <text>', 'what the token is for', '')
    .action(async (opts: TokenOptions & { ttl: string; description: string }) => {
      const p = parseOrThrow(
        TokenCreateSchema,
        { ttl: opts.ttl, description: opts.description },
        'kubelab token create',
      );
      const r = await withSession(opts, (deps) => createToken(deps, p));
      out(`${r.command}\n`);
    });
  common(
    token.command('delete <id>').description('delete a token: it can no longer join nodes'),
  ).action(async (id: string, opts: TokenOptions) => {
    const tokenId = parseOrThrow(TokenIdSchema, id, 'token id');
    await withSession(opts, (deps) => deleteToken(deps, tokenId));
    out(`bootstrap token ${tokenId} deleted\n`);
  });
  common(
    token.command('join <id>').description("print a token's join command (it holds the secret)"),
  ).action(async (id: string, opts: TokenOptions) => {
    const tokenId = parseOrThrow(TokenIdSchema, id, 'token id');
    const r = await withSession(opts, (deps) => joinCommand(deps, tokenId));
    out(`${r.command}\n`);
  });
}
