import { EventBus } from './api/eventBus';
import type { Handlers } from './api/handlers';
import { createAppHandlers } from './handlers/appHandlers';
import { createNodesContext, type NodesContext, type NodesDeps } from './nodes/nodesContext';
import { createNodesHandlers } from './handlers/nodesHandlers';
import { createTerminalHandlers } from './handlers/terminalHandlers';
import { createDiagnosisHandlers } from './handlers/diagnosisHandlers';
import type { RunDeps } from './handlers/installHandlers';
import { createInstallHandlers } from './handlers/installHandlers';
import { createPlanHandlers } from './handlers/planHandlers';
import { createPreflightHandlers } from './handlers/preflightHandlers';
import { createReportHandlers } from './handlers/reportHandlers';
import { createExportHandlers } from './handlers/exportHandlers';
import type { ReportDeps } from './report/collect';
import { createLabHandlers } from './handlers/labHandlers';
import { createUpgradeHandlers } from './handlers/upgradeHandlers';
import { createCertsHandlers } from './handlers/certsHandlers';
import { createTokensHandlers } from './handlers/tokensHandlers';
import { createEtcdHandlers } from './handlers/etcdHandlers';
import { createClusterHandlers } from './handlers/clusterHandlers';
import { createHaTopologyHandlers } from './handlers/haTopologyHandlers';
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
 * Each domain contributes its handlers from `handlers/<domain>Handlers.ts`; the `Handlers` type
 * makes a contract entry without a handler a compile error. The machine-facing services are
 * built once here and handed to every domain that reaches nodes; the install engine's remotes
 * default to them, so a face's install deps need not bring their own connections.
 */
export function createBackend(deps: BackendDeps): Backend {
  const bus = new EventBus();
  const projectStore = deps.projectStore ?? new FileProjectStore();
  const nodes = createNodesContext({ nodes: deps.nodes, projectStore }, bus);
  const install = { remoteFor: nodes.remotes.remoteFor, ...deps.install };
  const handlers: Handlers = {
    ...createAppHandlers(deps, bus),
    ...createNodesHandlers(nodes),
    ...createTerminalHandlers(nodes),
    ...createInstallHandlers(install, bus, projectStore, deps.face),
    ...createPlanHandlers(projectStore),
    ...createDiagnosisHandlers(),
    ...createPreflightHandlers(nodes, projectStore),
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
    ...createHaTopologyHandlers(nodes, projectStore),
    ...createExportHandlers(projectStore),
    ...createRunsHandlers(projectStore, deps.install?.logSink),
    ...createSupportHandlers(projectStore, deps.install?.logSink, deps.report),
    ...createBundleHandlers(projectStore, bus),
  };
  return { handlers, bus, nodes };
}
