import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The per-user config directory (XDG on Linux, the platform's convention elsewhere).
 * KUBELAB_CONFIG_DIR overrides it, so tests and several instances never share state.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBELAB_CONFIG_DIR) return env.KUBELAB_CONFIG_DIR;
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'kubelab');
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'kubelab');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'kubelab');
}
