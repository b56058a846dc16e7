import { memo, useMemo, type JSX } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NodeSpec } from '../../../../common/model/node';
import { Checklist } from '../../components/checklist/Checklist';
import type { CellRef, ChecklistNode } from '../../components/checklist/types';
import { HaLivePanel } from '../../components/topology/HaLivePanel';
import { Topology } from '../../components/topology/Topology';
import type { TopologyLink, TopologyNetwork } from '../../components/topology/types';
import { CellDetail } from './CellDetail';
import { useRunStore } from '../../state/runStore';
import { initsHere, machineFor, nodeMachineState } from './runView';
import { useAtMostEvery } from './useAtMostEvery';

/** How often at most the topology follows the machines' states (see useAtMostEvery). */
const TOPOLOGY_REFRESH_MS = 250;

export interface InstallBoardProps {
  /** The machines drawn: the run's, else the inventory (before any run). */
  machineIds: readonly string[];
  inventory: readonly NodeSpec[];
  steps: readonly { id: string; label: string }[];
  /** The run's machines, as the checklist's columns. */
  nodes: readonly ChecklistNode[];
  network?: TopologyNetwork;
  links: readonly TopologyLink[];
  selected?: CellRef;
  selectedNode?: string;
  onSelectNode(id: string): void;
  onSelectCell(cell: CellRef): void;
}

/**
 * The board of whatever run is on screen (an install, a reset, a removal, a renewal…): the
 * topology beside the checklist, and the selected cell's log below. Its cells are the store's,
 * fed by the run's events.
 */
export function InstallBoard(props: InstallBoardProps): JSX.Element {
  const { machineIds, inventory } = props;
  // Each machine's colour (and whether it runs kubeadm init), compared element by element: the
  // topology is drawn again only when one of them changes, not on every batch.
  const machineStates = useRunStore(
    useShallow((s) => machineIds.map((id) => nodeMachineState(s.cells, s.stepIds, id, s.active))),
  );
  const initHere = useRunStore(useShallow((s) => machineIds.map((id) => initsHere(s.cells, id))));
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
  return (
    <>
      <div className="install-grid">
        <div className="install-topology">
          <Topology
            machines={shownMachines}
            network={props.network}
            links={props.links}
            selectedId={props.selectedNode}
            onSelect={props.onSelectNode}
          />
        </div>
        <div className="install-checklist">
          <InstallChecklist
            steps={props.steps}
            nodes={props.nodes}
            selected={props.selected}
            onSelect={props.onSelectCell}
          />
        </div>
      </div>
      <HaLivePanel />
      <CellDetail cell={props.selected} steps={props.steps} />
    </>
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
  const cells = useRunStore((s) => s.cells);
  return <Checklist {...props} cells={cells} />;
});
