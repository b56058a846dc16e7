import { useCallback, useEffect, useMemo, useState, type JSX } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useTranslation } from 'react-i18next';
import { operationInfo, type OperationInfo } from '../../../../common/catalog/operations';
import type { Payload } from '../../../../common/contract';
import type { PreflightRun } from '../../../../common/contracts/preflight';
import { joiningNodes, isResetOperation } from '../../../../common/model/runState';
import { preflightGatesInstall } from '../../../../common/preflight/installGate';
import { kubelab } from '../../bridge/kubelab';
import { cellKey, type CellRef } from '../../components/checklist/types';
import type { TopologyNetwork } from '../../components/topology/types';
import { ConfirmByTyping } from '../../components/ui/ConfirmByTyping';
import { errorText, useToasts } from '../../state/toastStore';
import { useAppStore } from '../../state/appStore';
import { useNodesStore } from '../../state/nodesStore';
import { usePlanStore } from '../../state/planStore';
import { ChecksPanel } from './ChecksPanel';
import { useCheckLinks } from './useCheckLinks';
import { InstallBoard } from './InstallBoard';
import { InstallToolbar } from './InstallToolbar';
import { useRunStore } from '../../state/runStore';
import { KubeconfigDialog } from './kubeconfig/KubeconfigDialog';
import { OperationDialog } from './OperationDialog';
import { clusterStatus, menuOperations, runStartOf, type OperationChoice } from './operationsMenu';
import { PreflightGate } from './preflight/PreflightGate';
import { useChecksStore } from '../../state/checksStore';
import { RunFailureBanner } from './RunFailureBanner';
import { orderedSteps, stepCount } from './runView';
import { UpgradePanel } from './upgrade/UpgradePanel';
import './install.css';

/**
 * The Install screen's layout: the toolbar (Install, Cancel, the operations menu), the banners
 * of what comes next, the dialogs an operation asks through, and the board of the run on screen.
 * Every operation starts through `run.start`; its cells then arrive on the board as events.
 */
export function InstallScreen(): JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  // Only what this screen draws: the cells (a new map every batch) are read by the board.
  const run = useRunStore(
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
      cluster: s.cluster,
      requested: s.requested,
      clearRequest: s.clearRequest,
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
  /** The reset waiting for its typed confirmation: one node, or (no nodeId) the cluster. */
  const [resetting, setResetting] = useState<{ nodeId?: string } | undefined>();
  /** The operation whose dialog is open (from the menu, or asked for by the Nodes screen). */
  const [choosing, setChoosing] = useState<{ info: OperationInfo; nodeId?: string }>();
  /** Install held back by preflight: its blockers, or why preflight could not run. */
  const [gate, setGate] = useState<{ run?: PreflightRun; error?: string } | undefined>();
  const [checkingFirst, setCheckingFirst] = useState(false);
  /** The Upgrade operation's plan, opened from the finished install's next steps. */
  const [upgrading, setUpgrading] = useState(false);
  const [handingOff, setHandingOff] = useState(false);
  const preflightForInstall = useChecksStore((s) => s.forInstall);
  const verify = useChecksStore((s) => s.verify);
  const links = useCheckLinks();
  const setArea = useAppStore((s) => s.setArea);
  // "12 / 36 steps": finished (done, skipped) of the cells that apply, for the header.
  const [stepsDone, stepsTotal] = useRunStore(useShallow((s) => stepCount(s.cells)));

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
  // What the operations menu offers: the catalog's answer for the cluster as recorded.
  const inventoryIds = useMemo(() => inventory.map((n) => n.id), [inventory]);
  const status = useMemo(
    () => clusterStatus(run.cluster, inventoryIds),
    [run.cluster, inventoryIds],
  );
  const offered = useMemo(() => menuOperations(status), [status]);
  const members = inventory.filter((n) => run.cluster.nodeIds.includes(n.id));
  // Day 2: machines added to the inventory after a finished install (or reset or removed since)
  // join with the add-node operation, which the back end adds to the recorded install. Read from
  // the cluster's record, not the run on screen: a renew-certs run has tasks on the control
  // planes only, and its workers are still the cluster's.
  const newcomers = joiningNodes(run.cluster, inventory);
  const clusterName = plan?.clusterName;

  /** Starts any operation through run.start; its events then fill the board. */
  const startRun = async (payload: Payload<'run.start'>, title: string): Promise<void> => {
    setStarting(true);
    try {
      await kubelab.run.start(payload);
    } catch (err) {
      push('error', t('operations.failed', { title, message: errorText(err) }));
    } finally {
      setStarting(false);
    }
  };
  const startChoice = (choice: OperationChoice, confirm?: string): void => {
    const info = choosing?.info;
    setChoosing(undefined);
    if (info) void startRun(runStartOf(choice, confirm), info.title[lang]);
  };
  // The Nodes screen asked for an operation on a machine (Remove → "Remove from the cluster").
  const { requested, clearRequest } = run;
  useEffect(() => {
    if (!requested) return;
    clearRequest();
    setChoosing({ info: operationInfo(requested.operation), nodeId: requested.nodeId });
  }, [requested, clearRequest]);
  const chooseOperation = (info: OperationInfo): void => {
    // The resets keep their own confirmation, for the machine selected on the board.
    if (info.id === 'reset-cluster') setResetting({});
    else if (info.id === 'reset-node') {
      if (selectedNode && run.cluster.nodeIds.includes(selectedNode)) {
        setResetting({ nodeId: selectedNode });
      } else push('info', t('install.reset.pickNode'));
    } else setChoosing({ info, nodeId: selectedNode });
  };

  // A finished install: the main actions are what comes next (verify, terminals, report).
  // Also after a day-2 run on the installed cluster (renew-certs, remove-node…), from its record.
  const installed = status.installed && !run.active && !isResetOperation(run.kind);
  const unfinished =
    run.kind === 'install' && run.runId !== undefined && !run.active && run.outcome !== 'succeeded';

  const resetNode = (nodeId: string | undefined, confirm: string): void => {
    setResetting(undefined);
    const payload = runStartOf(
      nodeId ? { operation: 'reset-node', nodeId } : { operation: 'reset-cluster' },
      confirm,
    );
    void startRun(payload, t('install.reset.confirm'));
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
      await kubelab.run.start({ operation: 'install' });
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
    const { runId, tasks } = useRunStore.getState();
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
    const { stepIds, cells } = useRunStore.getState();
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
        <InstallToolbar
          run={run}
          busy={starting}
          checkingFirst={checkingFirst}
          stepsDone={stepsDone}
          stepsTotal={stepsTotal}
          noMachines={inventory.length === 0}
          installed={installed}
          unfinished={unfinished}
          offered={clusterName ? offered : []}
          onInstall={startInstall}
          onCancel={() => void cancel()}
          onOperation={chooseOperation}
        />
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
          onConfirm={() => resetNode(resetting?.nodeId, clusterName)}
          onClose={() => setResetting(undefined)}
        />
      )}
      {choosing && clusterName && plan && (
        <OperationDialog
          operation={choosing.info}
          members={members}
          newcomers={newcomers}
          clusterName={clusterName}
          kubernetesVersion={plan.kubernetesVersion}
          nodeId={choosing.nodeId}
          onStart={startChoice}
          onClose={() => setChoosing(undefined)}
        />
      )}
      {installed && (
        <div className="day2-banner" role="status" data-testid="install-next">
          <span>{t('install.after.title')}</span>
          <button
            type="button"
            className="btn primary"
            onClick={() => verify().catch((err: unknown) => push('error', errorText(err)))}
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
        <AddNewcomersBanner
          names={newcomers.map((n) => n.name)}
          disabled={starting}
          onAdd={() =>
            void startRun(
              runStartOf({ operation: 'add-node', nodeIds: newcomers.map((n) => n.id) }),
              t('install.addToCluster'),
            )
          }
        />
      )}
      {machineIds.length > 0 && <ChecksPanel disabled={run.active || inventory.length === 0} />}
      {machineIds.length === 0 ? (
        <div className="empty-state">
          <p className="empty">{t('install.empty')}</p>
          <p className="hint">{t('install.next')}</p>
        </div>
      ) : (
        <>
          <p className="hint">{t('install.intro')}</p>
          <InstallBoard
            machineIds={machineIds}
            inventory={inventory}
            steps={steps}
            nodes={nodes}
            network={network}
            links={links}
            selected={selected}
            selectedNode={selectedNode}
            onSelectNode={selectNode}
            onSelectCell={selectCell}
          />
        </>
      )}
    </section>
  );
}

/** Machines added after the install: one click joins them (the add-node operation). */
function AddNewcomersBanner(props: {
  names: readonly string[];
  disabled: boolean;
  onAdd(): void;
}): JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="day2-banner" role="status" data-testid="day2-add">
      <span>{t('install.newcomers', { names: props.names.join(', ') })}</span>
      <button
        type="button"
        className="btn primary"
        disabled={props.disabled}
        onClick={props.onAdd}
        data-testid="day2-add-button"
      >
        {t('install.addToCluster')}
      </button>
    </div>
  );
}
