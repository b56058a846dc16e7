import { shell, type BrowserWindow, type Session } from 'electron';
import { contentSecurityPolicy } from '../../common/csp';
import { appUrlCheck } from './appUrl';
import { isAllowedExternalLink } from './externalLinks';

/**
 * Locks the window down: no navigation away from the app, no new windows (allowlisted links go to
 * the system browser instead), a strict CSP header on every response, and no permission grants.
 */
export function hardenWindow(win: BrowserWindow, appBase: string): void {
  const contents = win.webContents;
  const isApp = appUrlCheck(appBase);
  contents.on('will-navigate', (event, url) => {
    if (!isApp(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isApp(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy()],
      },
    });
  });
}
