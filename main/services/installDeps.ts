import type { EventBus } from '../api/eventBus';
import { FileLogSink } from '../engine/fileLogSink';
import type { InstallDeps } from '../engine/installService';
import { nodesContext } from '../handlers/nodesContext';
import { INSTALL_STEPS } from '../steps';
import { configDir } from '../store/paths';
import { dayTwoDeps } from './dayTwo';
import type { ProjectStore } from '../store/projectStore';

/**
 * What a face (web host, desktop) plugs into the install engine so the Install button runs for real: the
 * catalog's install steps, SSH remotes from the backend's own node context (one pool, host keys
 * pinned in the project, unknown keys asked about in the UI) and step logs under the config
 * directory, as `kubelab apply` keeps them; `kubelab reset`'s step lists for install.reset. Nodes, plan and run state come from the open project.
 * `bus` is read lazily: the backend (and its node context) exists only after createBackend.
 */
export function installDeps(projectStore: ProjectStore, bus: () => EventBus): Partial<InstallDeps> {
  return {
    steps: INSTALL_STEPS,
    remoteFor: (node) => nodesContext({ projectStore }, bus()).remote(node.id),
    logSink: new FileLogSink(configDir()),
    dayTwo: dayTwoDeps,
  };
}
