// Opens the URL in the user's browser where there is one to open: a desktop session on Linux
// (DISPLAY or WAYLAND_DISPLAY with xdg-open), `open` on macOS, `start` on Windows. Never fatal.
import { spawn } from 'node:child_process';
import { onPath } from './prerequisites.mjs';

export function browserCommand(url, env = process.env, platform = process.platform) {
  if (platform === 'darwin') return ['open', [url]];
  if (platform === 'win32') return ['cmd', ['/c', 'start', '', url]];
  if ((env.DISPLAY || env.WAYLAND_DISPLAY) && onPath('xdg-open', env.PATH))
    return ['xdg-open', [url]];
  return undefined;
}

/** Returns true when a browser was asked to open the URL. */
export function openBrowser(url) {
  const cmd = browserCommand(url);
  if (!cmd) return false;
  try {
    const child = spawn(cmd[0], cmd[1], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
