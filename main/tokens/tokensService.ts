import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import type { JoinCommand, TokenList } from '../../common/tokens/model';
import { parseTokenList } from '../../common/tokens/tokenList';
import type { Remote } from '../engine/remote';
import { remoteScript } from '../remoteScripts/remoteScripts';

/** What kubeadm printed before `@@KL:exit <code>`, and the code. */
interface Ran {
  text: string;
  code: number;
}

function controlPlane(nodes: readonly NodeSpec[]): NodeSpec {
  const cp = nodes.find((n) => n.role === 'control-plane');
  if (!cp)
    throw new AppError({
      code: 'invalid_payload',
      field: 'nodes',
      message: 'The project has no control-plane node.',
    });
  return cp;
}

const lastLine = (t: string): string =>
  t
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .pop() ?? '';

async function run(
  remote: Remote,
  cp: NodeSpec,
  env: Record<string, string>,
  what: string,
): Promise<Ran> {
  const res = await remote.exec(remoteScript('tokens/tokens'), {
    root: true,
    env,
    timeoutMs: 60_000,
  });
  const m = /^@@KL:exit (\d+)$/m.exec(res.stdout);
  const text = m ? res.stdout.slice(0, m.index) : res.stdout;
  const code = m ? Number(m[1]) : res.code;
  if (!m || code !== 0)
    throw new AppError({
      code: 'command_failed',
      nodeId: cp.id,
      // kubeadm's own last line (an error names no secret: kubeadm never prints one in errors).
      message: `${what} failed on ${cp.name} (exit ${code}): ${lastLine(text || res.stderr)}`,
    });
  return { text, code };
}

export interface TokenDeps {
  nodes: readonly NodeSpec[];
  remote: (nodeId: string) => Remote;
}

/** Every bootstrap token of the cluster, secrets left out. */
export async function listTokens({ nodes, remote }: TokenDeps): Promise<TokenList> {
  const cp = controlPlane(nodes);
  const { text } = await run(remote(cp.id), cp, { KL_ACTION: 'list' }, 'kubeadm token list');
  const rows = parseTokenList(text);
  if (!rows)
    throw new AppError({
      code: 'command_failed',
      nodeId: cp.id,
      message: `kubeadm token list printed no table on ${cp.name}: ${lastLine(text)}`,
    });
  return {
    nodeId: cp.id,
    nodeName: cp.name,
    tokens: rows.map(({ token: _secret, ...t }) => t),
  };
}

const JOIN =
  /^kubeadm join \S+ --token ([a-z0-9]{6})\.[a-z0-9]{16} --discovery-token-ca-cert-hash sha256:[0-9a-f]{64}$/m;

/** A new token (kubeadm generates it) and its join command. */
export async function createToken(
  deps: TokenDeps,
  opts: { ttl: string; description: string },
): Promise<JoinCommand> {
  const cp = controlPlane(deps.nodes);
  const { text } = await run(
    deps.remote(cp.id),
    cp,
    { KL_ACTION: 'create', KL_TTL: opts.ttl, KL_DESCRIPTION: opts.description },
    'kubeadm token create',
  );
  const m = JOIN.exec(text.replace(/[ \t]+$/gm, ''));
  if (!m?.[1])
    throw new AppError({
      code: 'command_failed',
      nodeId: cp.id,
      message: 'kubeadm token create printed no join command.',
    });
  return { id: m[1], command: m[0] };
}

export async function deleteToken(deps: TokenDeps, id: string): Promise<{ id: string }> {
  const cp = controlPlane(deps.nodes);
  await run(deps.remote(cp.id), cp, { KL_ACTION: 'delete', KL_ID: id }, 'kubeadm token delete');
  return { id };
}

/** The join command of an existing token, built as kubernetes.io "kubeadm join" shows. */
export async function joinCommand(deps: TokenDeps, id: string): Promise<JoinCommand> {
  const cp = controlPlane(deps.nodes);
  const { text } = await run(
    deps.remote(cp.id),
    cp,
    { KL_ACTION: 'join', KL_ID: id },
    'reading the token',
  );
  const token = /^@@KL:token ([a-z0-9]{6}\.[a-z0-9]{16})$/m.exec(text)?.[1];
  const server = /^@@KL:server (\S+)$/m.exec(text)?.[1];
  const hash = /^@@KL:hash ([0-9a-f]{64})$/m.exec(text)?.[1];
  if (!token)
    throw new AppError({
      code: 'not_found',
      field: 'id',
      message: `No bootstrap token with id ${id}.`,
    });
  if (!server || !hash)
    throw new AppError({
      code: 'command_failed',
      nodeId: cp.id,
      message: `Could not read the API endpoint or the CA certificate on ${cp.name}.`,
    });
  return {
    id,
    command: `kubeadm join ${server} --token ${token} --discovery-token-ca-cert-hash sha256:${hash}`,
  };
}
