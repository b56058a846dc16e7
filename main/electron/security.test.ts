import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const opened = vi.hoisted(() => [] as string[]);

vi.mock('electron', () => ({
  shell: {
    openExternal: async (url: string): Promise<void> => {
      opened.push(url);
    },
  },
}));

const { hardenWindow } = await import('./security');

type Listener = (event: { preventDefault: () => void }, url: string) => void;

/** A window whose webContents records the listeners hardenWindow installs. */
function fakeWindow(): {
  win: BrowserWindow;
  navigate: (kind: 'will-navigate' | 'will-redirect', url: string) => boolean;
  open: (url: string) => string;
} {
  const listeners = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const webContents = {
    on: (name: string, fn: Listener): void => void listeners.set(name, fn),
    setWindowOpenHandler: (fn: typeof openHandler): void => {
      openHandler = fn;
    },
  };
  const win = { webContents } as unknown as BrowserWindow;
  return {
    win,
    /** True when the navigation was allowed. */
    navigate: (kind, url) => {
      let prevented = false;
      listeners.get(kind)?.({ preventDefault: () => (prevented = true) }, url);
      return !prevented;
    },
    open: (url) => openHandler?.({ url }).action ?? 'none',
  };
}

describe('hardenWindow', () => {
  beforeEach(() => {
    opened.length = 0;
  });

  it('navigates only inside the renderer folder, never to a sibling sharing its prefix', () => {
    const w = fakeWindow();
    hardenWindow(w.win, 'file:///opt/kubelab/out/renderer');
    for (const kind of ['will-navigate', 'will-redirect'] as const) {
      expect(w.navigate(kind, 'file:///opt/kubelab/out/renderer/index.html#/report')).toBe(true);
      expect(w.navigate(kind, 'file:///opt/kubelab/out/renderer-evil/index.html')).toBe(false);
      expect(w.navigate(kind, 'file:///opt/kubelab/out/renderer/../x/index.html')).toBe(false);
      expect(w.navigate(kind, 'https://kubernetes.io/')).toBe(false);
    }
  });

  it('never opens a window; sends only allowlisted https links to the browser', async () => {
    const w = fakeWindow();
    hardenWindow(w.win, 'file:///opt/kubelab/out/renderer');
    expect(w.open('https://kubernetes.io/docs/')).toBe('deny');
    expect(w.open('http://kubernetes.io/docs/')).toBe('deny');
    expect(w.open('https://evil.example.com/')).toBe('deny');
    expect(w.open('file:///etc/passwd')).toBe('deny');
    await Promise.resolve();
    expect(opened).toEqual(['https://kubernetes.io/docs/']);
  });
});
