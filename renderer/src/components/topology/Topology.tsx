import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useEffect, useMemo, useRef, type JSX, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { layoutTopology, type Placed, type Wire } from './layout';
import { nodeTypes } from './TopologyNodes';
import type { TopologyLink, TopologyMachine, TopologyNetwork } from './types';
import './topology.css';

export interface TopologyProps {
  machines: readonly TopologyMachine[];
  /** Absent before a plan exists: then only the machines are drawn. */
  network?: TopologyNetwork;
  links?: readonly TopologyLink[];
  selectedId?: string;
  onSelect(machineId: string): void;
}

/**
 * Above this many machines the "installing" dots stay still. Each pulsing dot is an opacity
 * animation, so a composited layer of its own: with 100 machines installing, every frame in which
 * the checklist changed re-layerized them (~20 ms a frame, most of the Install screen's frame
 * time in bench/ui-scale.ts). The colour and the "Installing" label still say it.
 */
const PULSE_MAX_MACHINES = 12;

/**
 * The cluster as a diagram: API endpoint, control plane, workers, the pod network around them,
 * each machine coloured by its state. Read-only (nothing is dragged or connected); a click or
 * Enter on a focused machine selects it.
 */
export const Topology = memo(function Topology(props: TopologyProps): JSX.Element {
  return (
    <ReactFlowProvider>
      <TopologyFlow {...props} />
    </ReactFlowProvider>
  );
});

function TopologyFlow({
  machines,
  network,
  links,
  selectedId,
  onSelect,
}: TopologyProps): JSX.Element {
  const { t } = useTranslation();
  const { fitView } = useReactFlow();
  const { placed, wires } = useMemo(
    () => layoutTopology(machines, network, links),
    [machines, network, links],
  );
  // Boxes and wires whose content did not change keep their object, so xyflow neither
  // re-renders nor re-measures them when one machine changes colour.
  const nodeCache = useRef(new Map<string, Keyed<Node>>());
  const edgeCache = useRef(new Map<string, Keyed<Edge>>());
  const nodes = useMemo(
    () =>
      reuse(
        nodeCache.current,
        placed,
        (p) => nodeSignature(p, network, selectedId),
        (p) => toFlowNode(p, network, selectedId),
      ),
    [placed, network, selectedId],
  );
  const edges = useMemo(() => reuse(edgeCache.current, wires, wireSignature, toFlowEdge), [wires]);

  // Refit only when the set of boxes changes, not on every state update.
  const shape = placed.map((p) => p.id).join(',');
  useEffect(() => {
    const frame = requestAnimationFrame(() => void fitView({ padding: 0.15, maxZoom: 1.1 }));
    return () => cancelAnimationFrame(frame);
  }, [shape, fitView]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const id = (e.target as HTMLElement).closest<HTMLElement>('.react-flow__node-machine')?.dataset
      .id;
    if (id) {
      e.preventDefault();
      onSelect(id);
    }
  };

  if (machines.length === 0) {
    return <p className="empty">{t('topology.empty')}</p>;
  }

  return (
    <div
      className={`topology${machines.length > PULSE_MAX_MACHINES ? ' still' : ''}`}
      data-testid="topology"
      onKeyDown={onKeyDown}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        edgesFocusable={false}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        aria-label={t('topology.label')}
        onNodeClick={(_, node) => {
          if (node.type === 'machine') onSelect(node.id);
        }}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

interface Keyed<T> {
  signature: string;
  value: T;
}

/** Maps items to values, reusing the cached value of an item whose signature is unchanged. */
function reuse<I extends { id: string }, T>(
  cache: Map<string, Keyed<T>>,
  items: readonly I[],
  signature: (item: I) => string,
  build: (item: I) => T,
): T[] {
  const seen = new Set<string>();
  const out = items.map((item) => {
    const sig = signature(item);
    seen.add(item.id);
    const cached = cache.get(item.id);
    if (cached && cached.signature === sig) return cached.value;
    const value = build(item);
    cache.set(item.id, { signature: sig, value });
    return value;
  });
  for (const id of cache.keys()) if (!seen.has(id)) cache.delete(id);
  return out;
}

/** Everything toFlowNode reads, as one comparable string. */
function nodeSignature(
  p: Placed,
  network: TopologyNetwork | undefined,
  selectedId?: string,
): string {
  const m = p.machine;
  return JSON.stringify([
    p.kind,
    p.x,
    p.y,
    p.width,
    p.height,
    m ? [m.name, m.address, m.role, m.state, p.id === selectedId] : null,
    p.kind === 'machine'
      ? null
      : network
        ? [network.endpoint, network.podCidr, network.serviceCidr]
        : null,
  ]);
}

function wireSignature(w: Wire): string {
  return JSON.stringify(w);
}

function toFlowNode(p: Placed, network: TopologyNetwork | undefined, selectedId?: string): Node {
  const base = { id: p.id, position: { x: p.x, y: p.y }, width: p.width, height: p.height };
  if (p.kind === 'machine' && p.machine) {
    return {
      ...base,
      type: 'machine',
      data: { machine: p.machine, selected: p.id === selectedId },
      ariaLabel: `${p.machine.name} ${p.machine.address}`,
    };
  }
  if (p.kind === 'endpoint' && network) {
    return { ...base, type: 'endpoint', data: { network }, selectable: false, focusable: false };
  }
  return {
    ...base,
    type: 'network',
    data: { network, width: p.width, height: p.height },
    selectable: false,
    focusable: false,
    zIndex: -1,
  };
}

const CHECK_COLOUR = { ok: 'var(--ok)', failed: 'var(--danger)', pending: 'var(--pending)' };

function toFlowEdge(w: Wire): Edge {
  const base = {
    id: w.id,
    source: w.source,
    target: w.target,
    sourceHandle: w.sourceHandle,
    targetHandle: w.targetHandle,
    focusable: false,
    selectable: false,
  };
  if (w.kind === 'check' && w.link) {
    const colour = CHECK_COLOUR[w.link.status];
    return {
      ...base,
      type: 'smoothstep',
      className: `topo-check check-${w.link.status}`,
      animated: w.link.status === 'pending',
      label: w.link.label,
      style: { stroke: colour, strokeWidth: 2 },
      labelStyle: { fill: colour, fontWeight: 600 },
      labelBgStyle: { fill: 'var(--panel)' },
      data: { status: w.link.status },
    };
  }
  return {
    ...base,
    type: 'smoothstep',
    className: `topo-${w.kind}`,
    markerEnd:
      w.kind === 'api' ? { type: MarkerType.ArrowClosed, width: 16, height: 16 } : undefined,
  };
}
