import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { TopologyMachine, TopologyNetwork } from './types';

export type MachineNode = Node<{ machine: TopologyMachine; selected: boolean }, 'machine'>;
export type EndpointNode = Node<{ network: TopologyNetwork }, 'endpoint'>;
export type NetworkNode = Node<
  { network: TopologyNetwork; width: number; height: number },
  'network'
>;

/** Invisible handles: edges need anchors, but users never draw connections here. */
function Anchors({ sides }: { sides: 'all' | 'vertical' }): JSX.Element {
  return (
    <>
      <Handle type="target" id="top" position={Position.Top} isConnectable={false} />
      <Handle type="source" id="bottom" position={Position.Bottom} isConnectable={false} />
      {sides === 'all' && (
        <>
          <Handle type="target" id="bottom-in" position={Position.Bottom} isConnectable={false} />
          <Handle type="source" id="right" position={Position.Right} isConnectable={false} />
          <Handle type="target" id="left-in" position={Position.Left} isConnectable={false} />
          <Handle type="source" id="left" position={Position.Left} isConnectable={false} />
          <Handle type="target" id="right-in" position={Position.Right} isConnectable={false} />
        </>
      )}
    </>
  );
}

export function MachineBox({ data }: NodeProps<MachineNode>): JSX.Element {
  const { t } = useTranslation();
  const { machine, selected } = data;
  return (
    <div
      className={`topo-machine state-${machine.state}${selected ? ' is-selected' : ''}`}
      data-testid={`topology-node-${machine.id}`}
      data-state={machine.state}
      title={`${machine.name} (${machine.address}) — ${t(`topology.state.${machine.state}`)}`}
    >
      <Anchors sides="all" />
      <div className="topo-line1">
        <span className="topo-dot" aria-hidden="true" />
        <strong className="topo-name">{machine.name}</strong>
      </div>
      <div className="topo-addr">{machine.address}</div>
      <div className="topo-line2">
        <span className="topo-role">{t(`topology.role.${machine.role}`)}</span>
        <span className="topo-state">{t(`topology.state.${machine.state}`)}</span>
      </div>
    </div>
  );
}

export function EndpointBox({ data }: NodeProps<EndpointNode>): JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="topo-endpoint" data-testid="topology-endpoint">
      <Anchors sides="vertical" />
      <div className="topo-caption">{t('topology.endpoint')}</div>
      <strong className="topo-mono">{data.network.endpoint}</strong>
      <div className="topo-caption">
        {t('topology.serviceCidr')} <span className="topo-mono">{data.network.serviceCidr}</span>
      </div>
    </div>
  );
}

export function NetworkBox({ data }: NodeProps<NetworkNode>): JSX.Element {
  const { t } = useTranslation();
  return (
    <div
      className="topo-network"
      style={{ width: data.width, height: data.height }}
      data-testid="topology-network"
    >
      <span className="topo-caption">
        {t('topology.podCidr')} <span className="topo-mono">{data.network.podCidr}</span>
      </span>
    </div>
  );
}

export const nodeTypes = { machine: MachineBox, endpoint: EndpointBox, network: NetworkBox };
