import { BrowserWindow } from 'electron';
import type { PaperSize, PdfRenderer } from '../report/pdf';

/**
 * The desktop face's PDF printer: the report's HTML in a hidden, sandboxed window with
 * JavaScript off and every request refused, printed by Chromium's own printToPDF. Plug it in as
 * `createBackend({ …, report: { pdf: electronPdfRenderer } })`.
 */
export const electronPdfRenderer: PdfRenderer = async (html: string, paper: PaperSize) => {
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
      // A throwaway session: nothing the report loads (nothing, by its CSP) is cached.
      partition: 'kubelab-report-pdf',
    },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  try {
    // The HTML is self-contained; any request it could make is refused here too.
    win.webContents.session.webRequest.onBeforeRequest((details, callback) => {
      callback({ cancel: !details.url.startsWith('data:') });
    });
    const url = `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
    await win.loadURL(url);
    const pdf = await win.webContents.printToPDF({ pageSize: paper, printBackground: true });
    return new Uint8Array(pdf);
  } finally {
    win.destroy();
  }
};
