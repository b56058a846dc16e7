import { useCallback, useMemo } from 'react';
import { useNodesStore } from '../../../state/nodesStore';

/** Node ids as the user named the machines (ids stay as they are for unknown nodes). */
export function useNodeNames(): (ids: readonly string[]) => string {
  const nodes = useNodesStore((s) => s.nodes);
  const names = useMemo(() => new Map(nodes.map((n) => [n.id, n.name])), [nodes]);
  return useCallback((ids) => ids.map((id) => names.get(id) ?? id).join(', '), [names]);
}
