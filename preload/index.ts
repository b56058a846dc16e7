/**
 * The desktop preload: exposes the contract as `window.kubelab` and nothing else. Channels come
 * from the contract's names only, so a compromised renderer cannot reach any other IPC channel.
 * Emitted as CommonJS because sandboxed preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../common/api';
import {
  ipcEventChannel,
  ipcRequestChannel,
  isEventName,
  isRequestName,
  type Envelope,
} from '../common/contract';
import { AppErrorSchema, type AppErrorData } from '../common/model/appError';

const api = buildApi({
  async invoke(name, payload) {
    if (!isRequestName(name)) throw new Error(`Unknown request ${String(name)}`);
    const envelope = (await ipcRenderer.invoke(
      ipcRequestChannel(name),
      payload,
    )) as Envelope<unknown>;
    if (envelope.ok) return envelope.value;
    // Not an Error: Electron's context bridge rebuilds a thrown Error from its message alone
    // (PassValueToOtherContext in shell/renderer/api/electron_api_context_bridge.cc: "Errors
    // aren't serializable currently"), losing `code` and `field`, while a plain object is copied
    // whole. The renderer's bridge/desktopBridge.ts turns this data back into an AppError.
    return Promise.reject(bridgedError(envelope.error));
  },
  subscribe(name, listener) {
    if (!isEventName(name)) throw new Error(`Unknown event ${String(name)}`);
    const channel = ipcEventChannel(name);
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
});

/** The envelope's error as plain data with only AppError's own keys (what the bridge copies). */
function bridgedError(error: unknown): AppErrorData {
  const parsed = AppErrorSchema.safeParse(error);
  return parsed.success ? parsed.data : { code: 'internal', message: String(error) };
}

contextBridge.exposeInMainWorld('kubelab', api);
