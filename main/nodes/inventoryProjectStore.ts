import type { NodeSpec } from '../../common/model/node';
import type { ProjectStore } from '../store/projectStore';
import type { InventoryStore } from './inventoryStore';

/**
 * The inventory kept in the open project (`kubelab.yaml`): nodes are read from it, and every
 * change — including a newly pinned host key — is written back at once when the project has a
 * file, so a trusted key survives a restart.
 */
export function projectInventoryStore(project: ProjectStore): InventoryStore {
  return {
    load: async (): Promise<NodeSpec[]> => structuredClone(project.get().nodes),
    save: async (nodes: NodeSpec[]): Promise<void> => {
      project.set({ ...project.get(), nodes: structuredClone(nodes) });
      if (project.path()) await project.save();
    },
  };
}
