import { ClusterPlanSchema } from '../../common/model/plan';
import { parseOrThrow } from '../../common/validation';
import type { EventBus } from '../api/eventBus';
import type { Handlers } from '../api/handlers';
import { InstallService, type InstallDeps } from '../engine/installService';
import { assertInstallable } from '../services/runValidation';
import { acquireRunLock, type RunFace } from '../store/runLock';
import { projectRunStateStore, type ProjectStore } from '../store/projectStore';

type InstallHandlers = Pick<
  Handlers,
  | 'install.start'
  | 'install.reset'
  | 'install.cancel'
  | 'install.retry'
  | 'install.skip'
  | 'install.state'
  | 'install.log'
>;

const FACE_COMMAND: Record<RunFace, string> = { web: 'serve', desktop: 'desktop', cli: 'contract' };

/**
 * Handlers for the install engine. The open project supplies nodes, plan and the run-state store
 * by default; `deps` (from the face) adds the step list and SSH remotes and may override the
 * rest. Whatever is still missing answers `not_configured` instead of failing at start-up.
 * A caller that must wait for a wet run (the CLI) listens for `install.event` run-finished.
 */
export function createInstallHandlers(
  deps: Partial<InstallDeps> | undefined,
  bus: EventBus,
  project?: ProjectStore,
  face: RunFace = 'desktop',
): InstallHandlers {
  const fromProject: Partial<InstallDeps> = project
    ? {
        stateStore: projectRunStateStore(project),
        target: async () => ({ nodes: project.get().nodes, plan: project.get().plan }),
        parsePlan: (raw) => parseOrThrow(ClusterPlanSchema, raw, 'plan'),
        check: assertInstallable,
        lock: ({ kind }) => {
          const path = project.path();
          return path
            ? acquireRunLock(path, { face, command: FACE_COMMAND[face], kind })
            : undefined;
        },
      }
    : {};
  const service = new InstallService({ ...fromProject, ...deps }, (event) =>
    bus.emit('install.event', event),
  );
  return {
    'install.start': ({ operation, ...req }) => service.start({ ...req, kind: operation }),
    'install.reset': (req) => service.reset(req),
    'install.cancel': async () => service.cancel(),
    'install.retry': ({ stepId, nodeId }) => service.retry(stepId, nodeId),
    'install.skip': ({ stepId, nodeId }) => service.skip(stepId, nodeId),
    'install.state': () => service.state(),
    'install.log': ({ stepId, nodeId, maxBytes }) => service.log(stepId, nodeId, maxBytes),
  };
}
