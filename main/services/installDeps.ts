import { FileLogSink } from '../engine/fileLogSink';
import type { RunServiceDeps } from '../engine/runService';
import { OPERATION_DEFS } from '../operations';
import { configDir } from '../store/paths';

/**
 * What a face (web host, desktop) plugs into the run service so the Install screen runs for
 * real: the built operations, and step logs under the config directory, as the CLI keeps them.
 * SSH remotes are the backend's own (createBackend); nodes, plan and records come from the
 * open project.
 */
export function installDeps(): Partial<RunServiceDeps> {
  return { operations: OPERATION_DEFS, logSink: new FileLogSink(configDir()) };
}
