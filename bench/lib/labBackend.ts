/**
 * A back end on a lab project file, for the benches that drive the engine or the evidence
 * collector directly: the same createBackend (and so the same nodes context: pinned host keys,
 * one SSH pool) the desktop, `kubelab serve` and the CLI build — the only way kubelab reaches a
 * machine. An unknown host key is refused (the lab's keys are pinned in its project file).
 */
import { DEFAULT_SETTINGS } from '../../common/model/settings';
import { createBackend, type Backend } from '../../main/backend';
import { FileProjectStore } from '../../main/store/projectStore';

export interface LabBackend {
  store: FileProjectStore;
  backend: Backend;
  /** Ends the backend's SSH connections. */
  close(): void;
}

export async function openLabBackend(projectFile: string): Promise<LabBackend> {
  const store = new FileProjectStore();
  await store.open(projectFile);
  const backend = createBackend({
    face: 'cli',
    settingsStore: { read: async () => DEFAULT_SETTINGS, write: async () => undefined },
    projectStore: store,
    nodes: { askUnknown: () => Promise.resolve(false) },
  });
  return { store, backend, close: () => backend.nodes.close() };
}
