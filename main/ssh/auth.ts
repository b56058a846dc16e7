import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
// Default import: Node's ESM loader cannot see ssh2's `utils` as a named export (the built CLI
// failed to start with "Named export 'utils' not found").
import ssh2, { type ParsedKey } from 'ssh2';
import type { NodeSpec } from '../../common/model/node';
import { nodeSecretKey, type SecretStore } from '../store/secrets';
import { sshError } from './errors';

/** One ssh2 auth attempt; the list is tried in order, like ssh's PreferredAuthentications. */
export type AuthAttempt =
  | { type: 'password'; username: string; password: string }
  | { type: 'publickey'; username: string; key: ParsedKey }
  | { type: 'agent'; username: string; agent: string }
  | {
      type: 'keyboard-interactive';
      username: string;
      prompt: (
        name: string,
        instructions: string,
        lang: string,
        prompts: Array<{ prompt: string; echo?: boolean }>,
        finish: (answers: string[]) => void,
      ) => void;
    };

export interface AuthEnv {
  secrets: SecretStore;
  /** ssh-agent socket; defaults to SSH_AUTH_SOCK. */
  agentSocket?: string;
  home?: string;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

async function readKeyFile(spec: NodeSpec, home: string): Promise<{ path: string; data: Buffer }> {
  const candidates = spec.keyPath
    ? [expandHome(spec.keyPath, home)]
    : DEFAULT_KEYS.map((k) => join(home, '.ssh', k));
  for (const path of candidates) {
    try {
      return { path, data: await readFile(path) };
    } catch (err) {
      if (spec.keyPath) {
        throw sshError(
          'auth_failed',
          spec.id,
          `Cannot read the private key ${path}: ${(err as Error).message}`,
        );
      }
    }
  }
  throw sshError(
    'auth_failed',
    spec.id,
    `No private key found (looked for ${candidates.join(', ')}).`,
  );
}

/** Parses a private key (RSA, ECDSA, Ed25519; OpenSSH or PEM), with its passphrase if any. */
export function parsePrivateKey(
  nodeId: string,
  path: string,
  data: Buffer,
  passphrase: string | undefined,
): ParsedKey {
  const parsed = ssh2.utils.parseKey(data, passphrase);
  if (parsed instanceof Error) {
    const encrypted = /encrypted|passphrase/i.test(parsed.message);
    throw sshError(
      'auth_failed',
      nodeId,
      encrypted
        ? passphrase
          ? `The passphrase for ${path} is wrong.`
          : `${path} is protected by a passphrase and none is stored for this node.`
        : `Cannot use the private key ${path}: ${parsed.message}`,
    );
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw sshError('auth_failed', nodeId, `${path} holds no key.`);
  return key;
}

/** The auth attempts for a node, from its spec and the secret stores; throws auth_failed early. */
export async function authAttempts(spec: NodeSpec, env: AuthEnv): Promise<AuthAttempt[]> {
  const username = spec.user;
  const home = env.home ?? homedir();
  if (spec.auth === 'agent') {
    const agent = env.agentSocket ?? process.env.SSH_AUTH_SOCK;
    if (!agent)
      throw sshError(
        'credentials_missing',
        spec.id,
        'Agent authentication chosen but no ssh-agent is running (SSH_AUTH_SOCK is not set).',
      );
    return [{ type: 'agent', username, agent }];
  }
  if (spec.auth === 'key') {
    const { path, data } = await readKeyFile(spec, home);
    const passphrase = await env.secrets.get(nodeSecretKey(spec.id, 'passphrase'));
    return [{ type: 'publickey', username, key: parsePrivateKey(spec.id, path, data, passphrase) }];
  }
  const password = await env.secrets.get(nodeSecretKey(spec.id, 'password'));
  if (password === undefined) {
    throw sshError(
      'credentials_missing',
      spec.id,
      `No password is stored for ${spec.name}; enter it in the node's settings.`,
    );
  }
  return [
    { type: 'password', username, password },
    // Servers with PasswordAuthentication off often still take the password this way.
    {
      type: 'keyboard-interactive',
      username,
      prompt: (_n, _i, _l, prompts, finish) => finish(prompts.map(() => password)),
    },
  ];
}
