import { EventBus } from './api/eventBus';
import type { Handlers } from './api/handlers';
import { createAppHandlers } from './handlers/appHandlers';
import { createNodesContext, type NodesContext, type NodesDeps } from './nodes/nodesContext';
import { createNodesHandlers } from './handlers/nodesHandlers';
import { createTerminalHandlers } from './handlers/terminalHandlers';
import { createDiagnosisHandlers } from './handlers/diagnosisHandlers';
import { createInstallHandlers } from './handlers/installHandlers';
import { createProjectRunService, type RunDeps } from './handlers/projectRunService';
import { createRunHandlers } from './handlers/runHandlers';
import { createPlanHandlers } from './handlers/planHandlers';
import { createCatalogHandlers } from './handlers/catalogHandlers';
import { createProjectHandlers } from './handlers/projectHandlers';
import { createSettingsHandlers } from './handlers/settingsHandlers';
import { createPreflightHandlers } from './handlers/preflightHandlers';
import { createVerifyHandlers } from './handlers/verifyHandlers';
import { preflightDeps } from './preflight/remoteDeps';
import { createReportHandlers } from './handlers/reportHandlers';
import { createExportHandlers } from './handlers/exportHandlers';
import type { ReportDeps } from './report/collect';
import { createLabHandlers } from './handlers/labHandlers';
import { createUpgradeHandlers } from './handlers/upgradeHandlers';
import { createCertsHandlers } from './handlers/certsHandlers';
import { createTokensHandlers } from './handlers/tokensHandlers';
import { createEtcdHandlers } from './handlers/etcdHandlers';
import { createClusterHandlers } from './handlers/clusterHandlers';
import { createRunsHandlers } from './handlers/runsHandlers';
import { createSupportHandlers } from './handlers/supportHandlers';
import { createBundleHandlers } from './handlers/bundleHandlers';
import type { LabService } from './lab/labService';
import { FileProjectStore, type ProjectStore } from './store/projectStore';
import type { SettingsStore } from './store/settingsStore';

export interface BackendDeps {
  face: 'desktop' | 'web' | 'cli';
  settingsStore: SettingsStore;
  /** Machines: inventory store, secrets, host-key policy, terminal logs (all optional). */
  nodes?: NodesDeps;
  /** Steps, remotes, run-state store, project: plugged in by their owners (optional). */
  install?: RunDeps;
  /** The open project (plan, nodes, run state); default: an untitled one in memory. */
  projectStore?: ProjectStore;
  /** Report sources and PDF printer (issue 9); default: the project only, Chromium PDF. */
  report?: ReportDeps;
  /** The practice lab (tests/lab), plugged in by a face; without it lab.* answer not_configured. */
  lab?: LabService;
}

export interface Backend {
  handlers: Handlers;
  bus: EventBus;
  /** The backend's one inventory, host-key policy and SSH pool (nodes, terminals, preflight,
   * the install engine's remotes, the report's facts); `nodes.close()` ends its connections. */
  nodes: NodesContext;
}

/**
 * Wires the services behind the contract. Each face (Electron, web host, CLI) builds one backend
 * with its own stores and hands `handlers` to its transport; no service is a singleton.
 * Each contract namespace (`<namespace>.method`) has its handlers in exactly one file,
 * `handlers/<namespace>Handlers.ts` (handlers/handlerFiles.test.ts); the `Handlers` type makes a
 * contract entry without a handler a compile error. The machine-facing services are
 * built once here and handed to every domain that reaches nodes; the install engine's remotes
 * default to them, so a face's install deps need not bring their own connections.
 */
export function createBackend(deps: BackendDeps): Backend {
  const bus = new EventBus();
  const projectStore = deps.projectStore ?? new FileProjectStore();
  const nodes = createNodesContext({ nodes: deps.nodes, projectStore }, bus);
  const install = { remoteFor: nodes.remotes.remoteFor, ...deps.install };
  // One run service behind run.start and install.*; one view of the machines for preflight,
  // verification and diagnosis fixes (the nodes context's pool and host-key policy).
  const runs = createProjectRunService(install, bus, projectStore, deps.face);
  const machines = preflightDeps(nodes);
  const handlers: Handlers = {
    ...createAppHandlers(deps, bus),
    ...createSettingsHandlers(deps.settingsStore, bus),
    ...createNodesHandlers(nodes),
    ...createTerminalHandlers(nodes),
    ...createRunHandlers(runs),
    ...createInstallHandlers(runs),
    ...createPlanHandlers(projectStore),
    ...createCatalogHandlers(),
    ...createProjectHandlers(projectStore),
    ...createDiagnosisHandlers(projectStore, machines),
    ...createPreflightHandlers(projectStore, machines),
    ...createVerifyHandlers(projectStore, machines),
    ...createReportHandlers(projectStore, deps.report),
    ...createLabHandlers(deps.lab, projectStore),
    ...createUpgradeHandlers(projectStore, nodes),
    ...createCertsHandlers(nodes, projectStore),
    ...createTokensHandlers(nodes, projectStore),
    // etcd.backup and etcd.restore start their operations through run.start (one run service).
    ...createEtcdHandlers(bus, projectStore, (req) =>
      handlers['run.start'](
        { dryRun: false, probe: false, fresh: false, ...req },
        { face: deps.face },
      ),
    ),
    ...createClusterHandlers(nodes, projectStore),
    ...createExportHandlers(projectStore),
    ...createRunsHandlers(projectStore, deps.install?.logSink),
    ...createSupportHandlers(projectStore, deps.install?.logSink, deps.report),
    ...createBundleHandlers(projectStore, nodes, bus),
  };
  return { handlers, bus, nodes };
}
