import { create } from 'zustand';
import type { ConnectionTest, HostKeyPrompt } from '../../../common/contracts/nodes';
import type { HostFacts } from '../../../common/model/facts';
import type { NodeSpec } from '../../../common/model/node';
import { kubelab } from '../bridge/kubelab';
import { errorText } from './toastStore';

interface NodesState {
  nodes: NodeSpec[];
  loaded: boolean;
  loadError?: string;
  tests: Record<string, ConnectionTest>;
  testing: Record<string, boolean>;
  facts: Record<string, HostFacts | { error: string }>;
  /** Host-key questions waiting for the user, oldest first. */
  prompts: HostKeyPrompt[];
  /** A changed host key seen by a test: a hard stop the user must acknowledge. */
  changedKey?: { nodeId: string; name: string };
  load(): Promise<void>;
  test(id: string): Promise<ConnectionTest | undefined>;
  loadFacts(id: string): Promise<void>;
  answer(promptId: string, accept: boolean): Promise<void>;
  dismissChanged(): void;
  /** The back end's list changed (another face, an import): events.ts calls this. */
  received(nodes: NodeSpec[]): void;
  /** A connection met an unpinned host key: the question waits for the user. */
  prompted(prompt: HostKeyPrompt): void;
}

export const useNodesStore = create<NodesState>((set, get) => ({
  nodes: [],
  loaded: false,
  tests: {},
  testing: {},
  facts: {},
  prompts: [],
  async load() {
    try {
      const { nodes } = await kubelab.nodes.list();
      set({ nodes, loaded: true, loadError: undefined });
    } catch (err) {
      set({ loaded: true, loadError: errorText(err) });
    }
  },
  async test(id) {
    set({ testing: { ...get().testing, [id]: true } });
    try {
      const result = await kubelab.nodes.test({ id });
      set({ tests: { ...get().tests, [id]: result } });
      if (result.hostKey.state === 'changed') {
        const node = get().nodes.find((n) => n.id === id);
        set({ changedKey: { nodeId: id, name: node?.name ?? id } });
      }
      return result;
    } finally {
      set({ testing: { ...get().testing, [id]: false } });
    }
  },
  async loadFacts(id) {
    try {
      const { results } = await kubelab.nodes.facts({ ids: [id] });
      const r = results[0];
      const value = r && 'facts' in r ? r.facts : { error: r?.error.message ?? '' };
      set({ facts: { ...get().facts, [id]: value } });
    } catch (err) {
      set({ facts: { ...get().facts, [id]: { error: errorText(err) } } });
    }
  },
  async answer(promptId, accept) {
    set({ prompts: get().prompts.filter((p) => p.promptId !== promptId) });
    await kubelab.nodes.answerHostKey({ promptId, accept });
  },
  dismissChanged() {
    set({ changedKey: undefined });
  },
  received(nodes) {
    set({ nodes, loaded: true });
  },
  prompted(prompt) {
    set({ prompts: [...get().prompts, prompt] });
  },
}));
