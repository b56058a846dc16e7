import { join } from 'node:path';
import { AppError } from '../../common/model/appError';
import type { NodesDeps } from '../nodes/nodesContext';
import { chainSecretStores, type SecretStore } from '../store/secrets';
import { EnvSecretStore } from '../store/secretsEnv';
import { SafeStorageSecretStore, type SafeStorageLike } from './safeStorageSecrets';

/**
 * The keychain store as the UI meets it: when safeStorage cannot keep a password safely (no
 * keyring, or Linux's `basic_text`), saving one is refused with `keychain_unavailable` and the
 * store's own explanation, rather than an anonymous internal error. KUBELAB_PASSWORD_<NODE>
 * variables are still read, as that explanation suggests them.
 */
export function desktopSecrets(keychain: SafeStorageSecretStore, env = process.env): SecretStore {
  const chained = chainSecretStores([keychain, new EnvSecretStore(env)]);
  return {
    kind: chained.kind,
    writable: chained.writable,
    get: (key) => chained.get(key),
    delete: (key) => chained.delete(key),
    async set(key, value) {
      const reason = keychain.unavailableReason();
      if (reason) throw new AppError({ code: 'keychain_unavailable', message: reason });
      await chained.set(key, value);
    },
  };
}

/** What the desktop app gives the nodes and terminal handlers (see nodes/nodesContext.ts). */
export function desktopNodesDeps(userData: string, storage?: SafeStorageLike): NodesDeps {
  const keychain = new SafeStorageSecretStore(join(userData, 'secrets.json'), storage);
  return {
    secrets: desktopSecrets(keychain),
    // Only written when a terminal session asks for a log (Terminals screen).
    terminalLogDir: join(userData, 'terminal-logs'),
    allowLocalShell: true,
  };
}
