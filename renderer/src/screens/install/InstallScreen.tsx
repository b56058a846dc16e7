import { memo, useCallback, useEffect, useMemo, useState, type JSX } from 'react';
import { isResetOperation } from '../../../../common/model/runState';
import { useShallow } from 'zustand/react/shallow';
import { useTranslation } from 'react-i18next';
import { kubelab } from '../../bridge/kubelab';
import { Checklist } from '../../components/checklist/Checklist';
import { cellKey, type CellRef, type ChecklistNode } from '../../components/checklist/types';
import { Topology } from '../../components/topology/Topology';
import type { TopologyNetwork } from '../../components/topology/types';
import { ConfirmByTyping } from '../../components/ui/ConfirmByTyping';
import { Progress } from '../../components/ui/Progress';
import { errorText, useToasts } from '../../components/ui/toastStore';
import { useNodesStore } from '../nodes/nodesStore';
import { usePlanStore } from '../plan/planStore';
import type { TopologyLink } from '../../components/topology/types';
import { CellDetail } from './CellDetail';
import { ChecksPanel } from './ChecksPanel';
import { PreflightGate } from './preflight/PreflightGate';
import { usePreflightStore } from './preflight/preflightStore';
import { preflightGatesInstall } from '../../../../common/preflight/installGate';
import type { PreflightRun } from '../../../../common/contracts/preflight';
import { RunFailureBanner } from './RunFailureBanner';
import { UpgradePanel } from './upgrade/UpgradePanel';
import { KubeconfigDialog } from './kubeconfig/KubeconfigDialog';
import { useInstallStore } from './installStore';
import { initsHere, machineFor, nodeMachineState, orderedSteps } from './runView';
import { joiningNodes } from '../../../../common/model/runState';
import { useAtMostEvery } from './useAtMostEvery';
import { useAppStore } from '../../state/appStore';
import { stepCount } from './runView';
import './install.css';

/** How often at most the topology follows the machines' states (see useAtMostEvery). */
const TOPOLOGY_REFRESH_MS = 250;

/** The live install: topology beside the checklist, and the selected cell's log below. */
export function InstallScreen(): JSX.Element {
  const { t, i18n } = useTranslation();
  // Only what this screen draws: the cells (a new map every batch) are read by the checklist and
  // the machines' colours below, so a batch of status events does not re-render the screen.
  const run = useInstallStore(
    useShallow((s) => ({
      loaded: s.loaded,
      load: s.load,
      runId: s.runId,
      kind: s.kind,
      active: s.active,
      outcome: s.outcome,
      runError: s.runError,
      stepIds: s.stepIds,
      nodeIds: s.nodeIds,
    })),
  );
  const plan = usePlanStore((s) => s.saved);
  const loadPlan = usePlanStore((s) => s.load);
  const push = useToasts((s) => s.push);
  const inventory = useNodesStore((s) => s.nodes);
  const nodesLoaded = useNodesStore((s) => s.loaded);
  const loadNodes = useNodesStore((s) => s.load);
  const [selected, setSelected] = useState<CellRef | undefined>();
  const [selectedNode, setSelectedNode] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);
  const [links, setLinks] = useState<TopologyLink[]>([]);
  /** The reset waiting for its typed confirmation: one node, or (no nodeId) the cluster. */
  const [resetting, setResetting] = useState<{ nodeId?: string } | undefined>();
  /** Install held back by preflight: its blockers, or why preflight could not run. */
  const [gate, setGate] = useState<{ run?: PreflightRun; error?: string } | undefined>();
  const [checkingFirst, setCheckingFirst] = useState(false);
  /** The Upgrade operation's plan, opened from the finished install's next steps. */
  const [upgrading, setUpgrading] = useState(false);
  const [handingOff, setHandingOff] = useState(false);
  const preflightForInstall = usePreflightStore((s) => s.forInstall);
  const askVerify = usePreflightStore((s) => s.askVerify);
  const setArea = useAppStore((s) => s.setArea);
  // "12 / 36 steps": finished (done, skipped) of the cells that apply, for the header.
  const [stepsDone, stepsTotal] = useInstallStore(useShallow((s) => stepCount(s.cells)));

  const { loaded: runLoaded, load: loadRun } = run;
  useEffect(() => {
    if (!runLoaded) loadRun().catch((err: unknown) => push('error', errorText(err)));
    if (!plan) void loadPlan();
    if (!nodesLoaded) void loadNodes();
  }, [runLoaded, loadRun, plan, loadPlan, push, nodesLoaded, loadNodes]);

  const steps = useMemo(
    () => orderedSteps(run.stepIds, i18n.language),
    [run.stepIds, i18n.language],
  );
  // Before any run, the inventory is drawn so preflight results have somewhere to go.
  const machineIds = useMemo(
    () => (run.nodeIds.length > 0 ? run.nodeIds : inventory.map((n) => n.id)),
    [run.nodeIds, inventory],
  );
  // Each machine's colour (and whether it runs kubeadm init), compared element by element: the
  // topology is drawn again only when one of them changes, not on every batch.
  const machineStates = useInstallStore(
    useShallow((s) => machineIds.map((id) => nodeMachineState(s.cells, s.stepIds, id, s.active))),
  );
  const initHere = useInstallStore(
    useShallow((s) => machineIds.map((id) => initsHere(s.cells, id))),
  );
  const machines = useMemo(
    () =>
      machineIds.map((id, i) =>
        machineFor(id, machineStates[i] ?? 'unknown', initHere[i] ?? false, inventory),
      ),
    [machineIds, machineStates, initHere, inventory],
  );
  // The diagram (xyflow, a node per machine) is the screen's costliest redraw: during a burst of
  // status events (100 machines turning from installing to done within half a second) it is
  // redrawn at most every TOPOLOGY_REFRESH_MS, so the checklist's cells keep up.
  const shownMachines = useAtMostEvery(machines, TOPOLOGY_REFRESH_MS);
  const names = useMemo(() => new Map(inventory.map((n) => [n.id, n.name])), [inventory]);
  const stepLabels = useMemo(() => new Map(steps.map((s) => [s.id, s.label])), [steps]);
  const nodes = useMemo(
    () => run.nodeIds.map((id) => ({ id, name: names.get(id) ?? id })),
    [run.nodeIds, names],
  );
  const network: TopologyNetwork | undefined = useMemo(
    () =>
      plan && {
        endpoint: `${plan.controlPlaneEndpoint ?? plan.advertiseAddress}${plan.controlPlaneEndpoint?.includes(':') ? '' : `:${plan.bindPort}`}`,
        podCidr: plan.podCidr,
        serviceCidr: plan.serviceCidr,
      },
    [plan],
  );
  // Day 2: machines added to the inventory after a finished install (or reset since) join with
  // a run on the control plane (its steps are already done) and the new machines, which the
  // back end adds to the recorded install (the other machines' records stay).
  const newcomers = joiningNodes(run, inventory);
  const controlPlane = inventory.find((n) => n.role === 'control-plane');
  const addNewcomers = async (): Promise<void> => {
    if (!controlPlane) return;
    setStarting(true);
    try {
      // The add-node operation, as `kubelab add-node` runs it: recorded, resumed by the next
      // add-node of the same machines.
      await kubelab.install.start({
        operation: 'add-node',
        nodes: [controlPlane.id, ...newcomers.map((n) => n.id)],
      });
    } catch (err) {
      push('error', t('install.startFailed', { message: errorText(err) }));
    } finally {
      setStarting(false);
    }
  };
  // A finished install: the main actions are what comes next (verify, terminals, report).
  const installed = run.kind === 'install' && !run.active && run.outcome === 'succeeded';
  const unfinished =
    run.kind === 'install' && run.runId !== undefined && !run.active && run.outcome !== 'succeeded';

  // Day 2: resets, confirmed by typing the cluster name (the back end checks it too). A node can
  // be reset once it is part of the recorded install; select it on the topology or checklist.
  const clusterName = plan?.clusterName;
  const resettable = run.kind === 'install' && run.runId !== undefined && !run.active;
  const resetNodeId =
    selectedNode !== undefined && run.nodeIds.includes(selectedNode) ? selectedNode : undefined;
  const resetNode = async (nodeId: string | undefined, confirm: string): Promise<void> => {
    setResetting(undefined);
    setStarting(true);
    try {
      await kubelab.install.reset({ ...(nodeId ? { nodeId } : {}), confirm });
    } catch (err) {
      push('error', t('install.reset.failed', { message: errorText(err) }));
    } finally {
      setStarting(false);
    }
  };
  // A finished reset: said in a toast; once it succeeded the recorded install (without the reset
  // machines) is shown again, so a reset node is offered to join. A failed one stays on screen.
  const resetDone = isResetOperation(run.kind) && !run.active ? run.outcome : undefined;
  const resetRunId = run.runId;
  const reload = run.load;
  useEffect(() => {
    if (!resetDone) return;
    push(resetDone === 'succeeded' ? 'success' : 'error', t(`install.reset.outcome.${resetDone}`));
    if (resetDone === 'succeeded') reload().catch((err: unknown) => push('error', errorText(err)));
  }, [resetDone, resetRunId, reload, push, t]);

  const launch = async (): Promise<void> => {
    setGate(undefined);
    setStarting(true);
    try {
      await kubelab.install.start({});
    } catch (err) {
      push('error', t('install.startFailed', { message: errorText(err) }));
    } finally {
      setStarting(false);
    }
  };
  // Install (and Resume) run preflight first — its last run while fresh — and go ahead only
  // when nothing blocks; otherwise the blockers are shown and installing is the user's choice.
  const start = async (): Promise<void> => {
    setStarting(true);
    setCheckingFirst(true);
    let checked: PreflightRun;
    try {
      checked = await preflightForInstall();
    } catch (err) {
      setGate({ error: errorText(err) });
      return;
    } finally {
      setCheckingFirst(false);
      setStarting(false);
    }
    if (checked.report.counts.block > 0) setGate({ run: checked });
    else await launch();
  };
  const startInstall = (): void => {
    const { runId, tasks } = useInstallStore.getState();
    const recorded = runId === undefined ? null : { tasks: Object.values(tasks) };
    // Before a first install only; a resume or a converge goes straight on (installGate.ts).
    if (preflightGatesInstall(recorded)) void start();
    else void launch();
  };
  const cancel = async (): Promise<void> => {
    try {
      await kubelab.install.cancel();
    } catch (err) {
      push('error', errorText(err));
    }
  };
  const selectNode = useCallback((id: string): void => {
    setSelectedNode(id);
    // The node's first failed (else running) step is what its panel is most likely wanted for.
    const { stepIds, cells } = useInstallStore.getState();
    const failed = stepIds.find((s) => cells[cellKey(s, id)]?.status === 'failed');
    const running = stepIds.find((s) => cells[cellKey(s, id)]?.status === 'running');
    const step = failed ?? running;
    if (step) setSelected({ stepId: step, nodeId: id });
  }, []);
  const selectCell = useCallback((cell: CellRef): void => {
    setSelected(cell);
    setSelectedNode(cell.nodeId);
  }, []);

  return (
    <section className="area install" aria-labelledby="install-title" data-testid="area-install">
      <div className="area-head">
        <h1 id="install-title">{t('install.title')}</h1>
        <div className="toolbar">
          <Progress
            active={run.active || starting}
            label={t(checkingFirst ? 'install.checkingFirst' : 'install.running')}
            delayMs={0}
          />
          {stepsTotal > 0 && run.kind === 'install' && (
            <span className="hint" data-testid="install-progress">
              {t('install.progress', { done: stepsDone, count: stepsTotal })}
            </span>
          )}
          {run.outcome && !run.active && (
            <span
              className={`run-outcome outcome-${run.outcome}`}
              role="status"
              data-testid="install-outcome"
            >
              {t(
                isResetOperation(run.kind)
                  ? `install.reset.outcome.${run.outcome}`
                  : `install.outcome.${run.outcome}`,
              )}
            </span>
          )}
          {run.active ? (
            <button
              type="button"
              className="btn danger"
              onClick={() => void cancel()}
              data-testid="install-cancel"
            >
              {t('install.cancel')}
            </button>
          ) : (
            <button
              type="button"
              className={installed ? 'btn' : 'btn primary'}
              disabled={starting || inventory.length === 0}
              title={inventory.length === 0 ? t('install.next') : undefined}
              onClick={startInstall}
              data-testid="install-start"
            >
              {unfinished ? t('install.resume') : t('install.start')}
            </button>
          )}
          {resettable && clusterName && (
            <>
              <button
                type="button"
                className="btn danger"
                disabled={starting || resetNodeId === undefined}
                title={resetNodeId === undefined ? t('install.reset.pickNode') : undefined}
                onClick={() => setResetting({ nodeId: resetNodeId })}
                data-testid="reset-node"
              >
                {t('install.reset.node', {
                  name: names.get(resetNodeId ?? '') ?? resetNodeId ?? '',
                })}
              </button>
              <button
                type="button"
                className="btn danger"
                disabled={starting}
                onClick={() => setResetting({})}
                data-testid="reset-cluster"
              >
                {t('install.reset.cluster')}
              </button>
            </>
          )}
        </div>
      </div>
      {clusterName && (
        <ConfirmByTyping
          open={resetting !== undefined}
          title={
            resetting?.nodeId
              ? t('install.reset.nodeTitle', {
                  name: names.get(resetting.nodeId) ?? resetting.nodeId,
                })
              : t('install.reset.clusterTitle', { cluster: clusterName })
          }
          consequence={
            resetting?.nodeId
              ? t('install.reset.nodeConsequence', {
                  name: names.get(resetting.nodeId) ?? resetting.nodeId,
                })
              : t('install.reset.clusterConsequence', { cluster: clusterName })
          }
          expected={clusterName}
          confirmLabel={t('install.reset.confirm')}
          onConfirm={() => void resetNode(resetting?.nodeId, clusterName)}
          onClose={() => setResetting(undefined)}
        />
      )}
      {installed && (
        <div className="day2-banner" role="status" data-testid="install-next">
          <span>{t('install.after.title')}</span>
          <button
            type="button"
            className="btn primary"
            onClick={askVerify}
            data-testid="install-next-verify"
          >
            {t('install.after.verify')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => setArea('terminals')}
            data-testid="install-next-terminals"
          >
            {t('install.after.terminals')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => setArea('report')}
            data-testid="install-next-report"
          >
            {t('install.after.report')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => setUpgrading(true)}
            data-testid="install-next-upgrade"
          >
            {t('upgrade.open')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => setHandingOff(true)}
            data-testid="install-next-kubeconfig"
          >
            {t('install.after.kubeconfig')}
          </button>
        </div>
      )}
      {installed && handingOff && <KubeconfigDialog onClose={() => setHandingOff(false)} />}
      {installed && upgrading && plan && (
        <UpgradePanel
          current={plan.kubernetesVersion}
          runtime={plan.runtime}
          onClose={() => setUpgrading(false)}
        />
      )}
      {gate && (
        <PreflightGate
          run={gate.run}
          error={gate.error}
          onCancel={() => setGate(undefined)}
          onAnyway={() => void launch()}
        />
      )}
      {run.runError && !run.active && (
        <RunFailureBanner
          runError={run.runError}
          machineCount={run.nodeIds.length}
          names={names}
          stepLabels={stepLabels}
          onSelect={selectCell}
        />
      )}
      {newcomers.length > 0 && !run.active && (
        <div className="day2-banner" role="status" data-testid="day2-add">
          <span>{t('install.newcomers', { names: newcomers.map((n) => n.name).join(', ') })}</span>
          <button
            type="button"
            className="btn primary"
            disabled={starting || !controlPlane}
            onClick={() => void addNewcomers()}
            data-testid="day2-add-button"
          >
            {t('install.addToCluster')}
          </button>
        </div>
      )}
      {machineIds.length > 0 && (
        <ChecksPanel onLinks={setLinks} disabled={run.active || inventory.length === 0} />
      )}
      {machineIds.length === 0 ? (
        <div className="empty-state">
          <p className="empty">{t('install.empty')}</p>
          <p className="hint">{t('install.next')}</p>
        </div>
      ) : (
        <>
          <p className="hint">{t('install.intro')}</p>
          <div className="install-grid">
            <div className="install-topology">
              <Topology
                machines={shownMachines}
                network={network}
                links={links}
                selectedId={selectedNode}
                onSelect={selectNode}
              />
            </div>
            <div className="install-checklist">
              <InstallChecklist
                steps={steps}
                nodes={nodes}
                selected={selected}
                onSelect={selectCell}
              />
            </div>
          </div>
          <CellDetail cell={selected} steps={steps} />
        </>
      )}
    </section>
  );
}

interface InstallChecklistProps {
  steps: readonly { id: string; label: string }[];
  nodes: readonly ChecklistNode[];
  selected?: CellRef;
  onSelect(cell: CellRef): void;
}

/**
 * The checklist bound to the store's cells: the only part of the screen that re-renders per
 * batch of status events, and inside it only the cells whose state changed (the reducer keeps
 * the others' objects).
 */
const InstallChecklist = memo(function InstallChecklist(props: InstallChecklistProps): JSX.Element {
  const cells = useInstallStore((s) => s.cells);
  return <Checklist {...props} cells={cells} />;
});
