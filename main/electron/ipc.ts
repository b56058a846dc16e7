import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcEventChannel, ipcRequestChannel, requestNames } from '../../common/contract';
import { dispatch } from '../api/dispatch';
import { batchRunProgress } from '../api/runProgressBatcher';
import type { Backend } from '../backend';
import { appUrlCheck } from './appUrl';

/**
 * Registers one `ipcMain.handle` per contract entry. Each call must come from the app's own main
 * frame (a frame from another origin, or a subframe, is refused) and its payload passes the
 * contract's schema in `dispatch` before any service runs.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  backend: Backend,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const name of requestNames) {
    ipcMain.handle(ipcRequestChannel(name), (event, payload: unknown) => {
      if (!isTrustedSender(event)) {
        return {
          ok: false,
          error: { code: 'forbidden', message: 'IPC from an untrusted frame was refused.' },
        };
      }
      return dispatch(backend.handlers, name, payload, { face: 'desktop' });
    });
  }
}

/** Forwards back-end events to a window for as long as it lives. */
export function forwardEvents(backend: Backend, contents: WebContents): () => void {
  // Run events reach the window as one install.progress per tick (runProgressBatcher.ts).
  const batched = batchRunProgress((name, payload) => {
    if (!contents.isDestroyed()) contents.send(ipcEventChannel(name), payload);
  });
  const unsubscribe = backend.bus.subscribe(batched.listener);
  return () => {
    unsubscribe();
    batched.stop();
  };
}

/**
 * The sender check: the top frame of our window, showing our own page (`appBase` is the renderer
 * folder or the dev server; compared as parsed URLs, see appUrl.ts).
 */
export function senderCheck(appBase: string) {
  const isApp = appUrlCheck(appBase);
  return (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    return !!frame && frame.parent === null && isApp(frame.url);
  };
}
