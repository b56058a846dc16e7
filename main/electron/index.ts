import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createBackend, type Backend } from '../backend';
import { installDeps } from '../services/installDeps';
import { defaultLabService } from '../lab/labService';
import { FileProjectStore } from '../store/projectStore';
import { electronPdfRenderer } from './reportPdf';
import { desktopNodesDeps } from './desktopNodes';
import { ElectronSettingsStore } from './electronSettingsStore';
import { forwardEvents, registerIpc, senderCheck } from './ipc';
import { askWhereToSave } from './saveDialog';
import { hardenSession, hardenWindow } from './security';
import { windowOptions } from './windowOptions';
import { liveReportSources } from '../report/sources';

const here = fileURLToPath(new URL('.', import.meta.url));
const devUrl = process.env.ELECTRON_RENDERER_URL;
// The renderer folder (a file URL, so spaces and the like are encoded as Chromium reports them)
// or the dev server: navigation and IPC are trusted only inside it (appUrl.ts).
const appBase = devUrl ?? pathToFileURL(join(here, '../renderer')).href;

async function main(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  const userData = app.getPath('userData');
  const projectStore = new FileProjectStore();
  const lab = defaultLabService({ projectDir: join(userData, 'lab') });
  const nodes = desktopNodesDeps(userData);
  const backend: Backend = createBackend({
    face: 'desktop',
    settingsStore: new ElectronSettingsStore(),
    projectStore,
    // Passwords in the OS keychain (safeStorage), terminal logs and the local shell.
    nodes,
    // The same install engine, steps and SSH pool as `kubelab serve` and `kubelab apply`.
    install: installDeps(),
    // PDF through Electron's own printToPDF; the report redacts the nodes' stored passwords and
    // takes facts and the last preflight from this backend's services.
    report: {
      pdf: electronPdfRenderer,
      reveal: async (path) => shell.showItemInFolder(path),
      secrets: nodes.secrets,
      ...liveReportSources(projectStore, () => backend.nodes),
    },
    // The practice lab where this machine can run it (Linux + root); it explains otherwise.
    lab,
  });
  app.on('before-quit', () => void lab.shutdown());
  registerIpc(ipcMain, backend, senderCheck(appBase));

  const win = new BrowserWindow(windowOptions(join(here, '../preload/index.cjs')));
  hardenWindow(win, appBase);
  // The report and the support bundle download as in the browser; here a save dialog asks where.
  askWhereToSave(session.defaultSession, () => (win.isDestroyed() ? undefined : win));
  const stopEvents = forwardEvents(backend, win.webContents);
  win.on('closed', stopEvents);
  win.once('ready-to-show', () => win.show());
  if (devUrl) await win.loadURL(devUrl);
  else await win.loadFile(join(here, '../renderer/index.html'));
}

app.on('window-all-closed', () => app.quit());
void main();
