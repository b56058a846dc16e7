import { app, BrowserWindow, ipcMain, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../backend';
import { desktopNodesDeps } from './desktopNodes';
import { ElectronSettingsStore } from './electronSettingsStore';
import { forwardEvents, registerIpc, senderCheck } from './ipc';
import { hardenSession, hardenWindow } from './security';
import { windowOptions } from './windowOptions';

const here = fileURLToPath(new URL('.', import.meta.url));
const devUrl = process.env.ELECTRON_RENDERER_URL;
const appUrlPrefix = devUrl ?? `file://${join(here, '../renderer')}`;

async function main(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  const backend = createBackend({
    face: 'desktop',
    settingsStore: new ElectronSettingsStore(),
    // Passwords in the OS keychain (safeStorage), terminal logs and the local shell.
    nodes: desktopNodesDeps(app.getPath('userData')),
  });
  registerIpc(ipcMain, backend, senderCheck(appUrlPrefix));

  const win = new BrowserWindow(windowOptions(join(here, '../preload/index.cjs')));
  hardenWindow(win, appUrlPrefix);
  const stopEvents = forwardEvents(backend, win.webContents);
  win.on('closed', stopEvents);
  win.once('ready-to-show', () => win.show());
  if (devUrl) await win.loadURL(devUrl);
  else await win.loadFile(join(here, '../renderer/index.html'));
}

app.on('window-all-closed', () => app.quit());
void main();
