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
import { AppError } from '../common/model/appError';

const api = buildApi({
  async invoke(name, payload) {
    if (!isRequestName(name)) throw new Error(`Unknown request ${String(name)}`);
    const envelope = (await ipcRenderer.invoke(
      ipcRequestChannel(name),
      payload,
    )) as Envelope<unknown>;
    if (envelope.ok) return envelope.value;
    throw new AppError(envelope.error);
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

contextBridge.exposeInMainWorld('kubelab', api);
