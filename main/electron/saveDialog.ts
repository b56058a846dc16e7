import { app, dialog, type BrowserWindow, type DownloadItem, type Session } from 'electron';
import { join } from 'node:path';

/** Where the dialog opens: the user's Downloads folder, with the file name the app suggests. */
export function defaultSavePath(filename: string): string {
  return join(app.getPath('downloads'), filename);
}

/**
 * The desktop's side of a download (the report, the support bundle): the renderer hands the file
 * over as a blob link, exactly as in the browser (renderer/src/screens/report/download.ts), and
 * here the user picks where it goes with the system's save dialog. Cancel cancels the download.
 *
 * The dialog is the synchronous one on purpose: Electron reads the save path only during the
 * `will-download` callback ("The API is only available in session's will-download callback
 * function. If user doesn't set the save path via the API, Electron will use the original
 * routine…", https://www.electronjs.org/docs/latest/api/download-item#downloaditemsetsavepathpath;
 * an async dialog would be too late, electron/electron#41640).
 *
 * Only the app's own blob links are saved: the app never downloads anything else, so any other
 * download (a link that slipped through) is cancelled rather than written to disk.
 */
export function askWhereToSave(session: Session, win: () => BrowserWindow | undefined): void {
  session.on('will-download', (_event, item) => saveWithDialog(item, win()));
}

export function saveWithDialog(item: DownloadItem, win: BrowserWindow | undefined): void {
  if (!item.getURL().startsWith('blob:')) {
    item.cancel();
    return;
  }
  const options = { defaultPath: defaultSavePath(item.getFilename()) };
  const path =
    win === undefined
      ? dialog.showSaveDialogSync(options)
      : dialog.showSaveDialogSync(win, options);
  if (path === undefined || path === '') item.cancel();
  else item.setSavePath(path);
}
