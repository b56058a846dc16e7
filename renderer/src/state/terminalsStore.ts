import { create } from 'zustand';
import type { TerminalTarget } from '../../../common/contracts/terminals';
import { kubelab } from '../bridge/kubelab';
import type { TerminalTab } from '../components/terminal/TerminalWorkspace';
import type {
  TerminalChunk,
  TerminalSource,
  TerminalStatus,
} from '../components/terminal/terminalSource';
import { errorText, useToasts } from './toastStore';

/** Output listeners by session id: one event subscription (events.ts) for all sessions. */
const outputs = new Map<string, Set<(chunk: TerminalChunk) => void>>();

/** A session's output from the back end, handed to whatever panes show that session. */
export function deliverTerminalOutput(sessionId: string, data: TerminalChunk): void {
  for (const listener of outputs.get(sessionId) ?? []) listener(data);
}

/**
 * Acks are batched (one call per 64 KiB written, not one per keystroke's echo): each is a request
 * and a reply on the socket, and at 16 KiB a 20 MiB `cat` cost ~1300 of them. The back end
 * resumes a paused session under 512 KiB unacked, far above this step, so it never drains.
 */
const ACK_EVERY = 64 * 1024;

/**
 * A TerminalSource on a contract session. Typing goes to every session in the broadcast set
 * when this session is part of it (broadcast to selected nodes).
 */
function sessionSource(sessionId: string): TerminalSource {
  let unacked = 0;
  return {
    write(data) {
      const { broadcast } = useTerminalsStore.getState();
      const targets = broadcast.includes(sessionId) ? broadcast : [sessionId];
      for (const id of targets) {
        kubelab.terminal.write({ sessionId: id, data }).catch(() => undefined);
      }
    },
    resize(cols, rows) {
      kubelab.terminal.resize({ sessionId, cols, rows }).catch(() => undefined);
    },
    onData(listener) {
      const set = outputs.get(sessionId) ?? new Set();
      set.add(listener);
      outputs.set(sessionId, set);
      return () => set.delete(listener);
    },
    ack(chars) {
      unacked += chars;
      if (unacked >= ACK_EVERY) {
        const n = unacked;
        unacked = 0;
        kubelab.terminal.ack({ sessionId, chars: n }).catch(() => undefined);
      }
    },
  };
}

interface PaneTarget {
  target: TerminalTarget;
}

interface TerminalsState {
  tabs: TerminalTab[];
  activeTabId?: string;
  targets: Record<string, PaneTarget>;
  broadcast: string[];
  opening: boolean;
  open(target: TerminalTarget, title: string, prefill?: string): Promise<void>;
  split(tabId: string, direction: 'row' | 'column'): Promise<void>;
  close(tabId: string): void;
  activate(tabId: string): void;
  reconnect(paneId: string): Promise<void>;
  markPane(paneId: string, status: TerminalStatus): void;
  toggleBroadcast(paneId: string): void;
}

async function openSession(target: TerminalTarget): Promise<{ sessionId: string; title: string }> {
  return kubelab.terminal.open({ target, cols: 80, rows: 24 });
}

export const useTerminalsStore = create<TerminalsState>((set, get) => ({
  tabs: [],
  targets: {},
  broadcast: [],
  opening: false,
  async open(target, title, prefill) {
    set({ opening: true });
    try {
      const session = await openSession(target);
      const tab: TerminalTab = {
        id: session.sessionId,
        title,
        split: 'row',
        panes: [
          {
            id: session.sessionId,
            title,
            source: sessionSource(session.sessionId),
            status: 'connected',
            prefill,
          },
        ],
      };
      set({
        tabs: [...get().tabs, tab],
        activeTabId: tab.id,
        targets: { ...get().targets, [session.sessionId]: { target } },
      });
    } catch (err) {
      useToasts.getState().push('error', errorText(err));
    } finally {
      set({ opening: false });
    }
  },
  async split(tabId, direction) {
    const tab = get().tabs.find((t) => t.id === tabId);
    const first = tab?.panes[0];
    const target = first ? get().targets[first.id]?.target : undefined;
    if (!tab || !target || tab.panes.length > 1) return;
    try {
      const session = await openSession(target);
      const pane = {
        id: session.sessionId,
        title: tab.title,
        source: sessionSource(session.sessionId),
        status: 'connected' as const,
      };
      set({
        tabs: get().tabs.map((t) =>
          t.id === tabId ? { ...t, split: direction, panes: [...t.panes, pane] } : t,
        ),
        targets: { ...get().targets, [session.sessionId]: { target } },
      });
    } catch (err) {
      useToasts.getState().push('error', errorText(err));
    }
  },
  close(tabId) {
    const tab = get().tabs.find((t) => t.id === tabId);
    for (const pane of tab?.panes ?? []) {
      kubelab.terminal.close({ sessionId: pane.id }).catch(() => undefined);
      outputs.delete(pane.id);
    }
    const tabs = get().tabs.filter((t) => t.id !== tabId);
    set({
      tabs,
      activeTabId: get().activeTabId === tabId ? tabs[tabs.length - 1]?.id : get().activeTabId,
      broadcast: get().broadcast.filter((id) => !tab?.panes.some((p) => p.id === id)),
    });
  },
  activate(tabId) {
    set({ activeTabId: tabId });
  },
  async reconnect(paneId) {
    const target = get().targets[paneId]?.target;
    if (!target) return;
    try {
      const session = await openSession(target);
      const replace = (p: TerminalTab['panes'][number]): TerminalTab['panes'][number] =>
        p.id === paneId
          ? {
              ...p,
              id: session.sessionId,
              source: sessionSource(session.sessionId),
              status: 'connected',
              prefill: undefined,
            }
          : p;
      set({
        tabs: get().tabs.map((t) => ({ ...t, panes: t.panes.map(replace) })),
        targets: { ...get().targets, [session.sessionId]: { target } },
      });
    } catch (err) {
      useToasts.getState().push('error', errorText(err));
    }
  },
  markPane(paneId, status) {
    set({
      tabs: get().tabs.map((t) => ({
        ...t,
        panes: t.panes.map((p) => (p.id === paneId ? { ...p, status } : p)),
      })),
    });
  },
  toggleBroadcast(paneId) {
    const b = get().broadcast;
    set({ broadcast: b.includes(paneId) ? b.filter((id) => id !== paneId) : [...b, paneId] });
  },
}));
