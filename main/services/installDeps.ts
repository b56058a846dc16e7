import { FileLogSink } from '../engine/fileLogSink';
import type { InstallDeps } from '../engine/installService';
import { INSTALL_STEPS } from '../steps';
import { configDir } from '../store/paths';
import { dayTwoDeps } from './dayTwo';

/**
 * What a face (web host, desktop) plugs into the install engine so the Install button runs for
 * real: the catalog's install steps, step logs under the config directory, as `kubelab apply`
 * keeps them, and `kubelab reset`'s step lists for install.reset. SSH remotes are the backend's
 * own (createBackend: one pool, host keys pinned in the project, unknown keys asked about in the
 * UI); nodes, plan and run state come from the open project.
 */
export function installDeps(): Partial<InstallDeps> {
  return {
    steps: INSTALL_STEPS,
    logSink: new FileLogSink(configDir()),
    dayTwo: dayTwoDeps,
  };
}
