import { ClusterPlanSchema } from '../../common/model/plan';
import { parseOrThrow } from '../../common/validation';
import type { EventBus } from '../api/eventBus';
import { RunService, type RunServiceDeps } from '../engine/runService';
import type { Step } from '../engine/step';
import { OPERATION_DEFS } from '../operations';
import { assertInstallable } from '../services/runValidation';
import { acquireRunLock, type RunFace } from '../store/runLock';
import { projectRunStateStore, type ProjectStore } from '../store/projectStore';
import { projectRunRecords } from '../store/runRecords';

/**
 * What a face plugs into the runs: the run service's deps, and `steps`, a step list the install
 * operation runs instead of its own (tests and fixtures).
 */
export type RunDeps = Partial<RunServiceDeps> & { steps?: readonly Step[] };

const FACE_COMMAND: Record<RunFace, string> = { web: 'serve', desktop: 'desktop', cli: 'contract' };

/** The run service's deps over the open project: target, records, plan parser, lock. */
export function projectRunDeps(project: ProjectStore, face: RunFace): Partial<RunServiceDeps> {
  return {
    operations: OPERATION_DEFS,
    clusterRecord: projectRunStateStore(project),
    records: projectRunRecords(project),
    target: async () => ({ nodes: project.get().nodes, plan: project.get().plan }),
    parsePlan: (raw) => parseOrThrow(ClusterPlanSchema, raw, 'plan'),
    check: assertInstallable,
    projectFile: () => project.path(),
    updatePlan: async (change) => {
      const current = project.get();
      project.set({
        ...current,
        plan: parseOrThrow(ClusterPlanSchema, change(current.plan), 'plan'),
      });
      // An untitled project is kept in memory only (as the run state is).
      if (project.path()) await project.save();
    },
    lock: ({ kind }) => {
      const path = project.path();
      return path ? acquireRunLock(path, { face, command: FACE_COMMAND[face], kind }) : undefined;
    },
  };
}

/** The deps with `steps` folded into the install operation. */
export function withInstallSteps(deps: RunDeps): Partial<RunServiceDeps> {
  const { steps, ...rest } = deps;
  const install = OPERATION_DEFS.install;
  if (!steps || !install) return rest;
  const operations = rest.operations ?? OPERATION_DEFS;
  return { ...rest, operations: { ...operations, install: { ...install, steps: () => steps } } };
}

/**
 * The one run service of a backend, behind both `run.start` (runHandlers.ts) and the install.*
 * namespace (installHandlers.ts): every run recorded in the open project, whatever face started
 * it; `deps` (from the face) may override any of it. Its events go out as `install.event`.
 */
export function createProjectRunService(
  deps: RunDeps | undefined,
  bus: EventBus,
  project?: ProjectStore,
  face: RunFace = 'desktop',
): RunService {
  const fromProject = project ? projectRunDeps(project, face) : { operations: OPERATION_DEFS };
  return new RunService(withInstallSteps({ ...fromProject, ...deps }), (event) =>
    bus.emit('install.event', event),
  );
}
