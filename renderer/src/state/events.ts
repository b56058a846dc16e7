import type { KubelabApi } from '../../../common/api';
import { useAppStore } from './appStore';
import { useBundleStore } from './bundleStore';
import { useNodesStore } from './nodesStore';
import { queueRunEvent, queueRunEvents } from './runStore';
import { deliverTerminalOutput, useTerminalsStore } from './terminalsStore';

/**
 * The one place the renderer listens: every back-end event (and the address bar's #/area) is
 * handed to its domain's store. Started once when the page starts (main.tsx), so importing a
 * store subscribes to nothing and a test can use a store without a back end. Returns what stops
 * every subscription.
 */
export function listenToBackEnd(api: Pick<KubelabApi, 'events'>, target: EventTarget): () => void {
  const stops = [
    api.events.nodes.changed(({ nodes }) => useNodesStore.getState().received(nodes)),
    api.events.nodes.hostKeyPrompt((prompt) => useNodesStore.getState().prompted(prompt)),
    api.events.terminal.data(({ sessionId, data }) => deliverTerminalOutput(sessionId, data)),
    api.events.terminal.exit(({ sessionId, error }) =>
      useTerminalsStore.getState().markPane(sessionId, error ? 'failed' : 'closed'),
    ),
    api.events.install.event(queueRunEvent),
    api.events.install.progress(({ events }) => queueRunEvents(events)),
    api.events.bundle.buildProgress((event) => useBundleStore.getState().received(event)),
  ];
  const followHash = (): void => useAppStore.getState().followHash();
  target.addEventListener('hashchange', followHash);
  return () => {
    for (const stop of stops) stop();
    target.removeEventListener('hashchange', followHash);
  };
}
