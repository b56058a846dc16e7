import type { NodeSpec } from '../../common/model/node';

/**
 * Where the inventory lives. The in-memory store serves until the project file store
 * (main/store/project*, `kubelab.yaml`) backs this same interface: `load` the nodes, `save` the
 * whole list at once (so a store can write it atomically — nothing is half-written).
 */
export interface InventoryStore {
  load(): Promise<NodeSpec[]>;
  save(nodes: NodeSpec[]): Promise<void>;
}

export class MemoryInventoryStore implements InventoryStore {
  private nodes: NodeSpec[];

  constructor(initial: NodeSpec[] = []) {
    this.nodes = structuredClone(initial);
  }

  async load(): Promise<NodeSpec[]> {
    return structuredClone(this.nodes);
  }

  async save(nodes: NodeSpec[]): Promise<void> {
    this.nodes = structuredClone(nodes);
  }
}
