import type { SecretStore } from './secrets';

/**
 * Secrets from environment variables, for CI and scripted CLI runs:
 * `KUBELAB_PASSWORD_<NODEID>` and `KUBELAB_PASSPHRASE_<NODEID>` (node id upper-cased, dashes as
 * underscores), falling back to `KUBELAB_PASSWORD` / `KUBELAB_PASSPHRASE` for every node.
 * Read-only: kubelab never writes a secret into anyone's environment.
 */
export function envVarNames(key: string): { specific: string; generic: string } | undefined {
  const m = /^node\/([a-z0-9-]+)\/(password|passphrase)$/.exec(key);
  if (!m || !m[1] || !m[2]) return undefined;
  const generic = `KUBELAB_${m[2].toUpperCase()}`;
  return { specific: `${generic}_${m[1].toUpperCase().replace(/-/g, '_')}`, generic };
}

export class EnvSecretStore implements SecretStore {
  readonly kind = 'environment';
  readonly writable = false;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(key: string): Promise<string | undefined> {
    const names = envVarNames(key);
    if (!names) return undefined;
    for (const name of [names.specific, names.generic]) {
      const value = this.env[name];
      if (value !== undefined && value !== '') return value;
    }
    return undefined;
  }

  async set(_key: string, _value: string): Promise<void> {
    throw new Error('Secrets from environment variables are read-only.');
  }

  async delete(_key: string): Promise<void> {
    throw new Error('Secrets from environment variables are read-only.');
  }
}
