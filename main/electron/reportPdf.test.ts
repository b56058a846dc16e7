import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({
  options: undefined as unknown,
  url: '',
  print: undefined as unknown,
  destroyed: false,
  openHandler: undefined as (() => { action: string }) | undefined,
  filter: undefined as
    ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined,
}));

vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents = {
      setWindowOpenHandler: (f: () => { action: string }): void => {
        calls.openHandler = f;
      },
      session: {
        webRequest: {
          onBeforeRequest: (f: typeof calls.filter): void => {
            calls.filter = f;
          },
        },
      },
      printToPDF: async (opts: unknown): Promise<Buffer> => {
        calls.print = opts;
        return Buffer.from('%PDF-1.4 fake');
      },
    };
    constructor(options: unknown) {
      calls.options = options;
    }
    async loadURL(url: string): Promise<void> {
      calls.url = url;
    }
    destroy(): void {
      calls.destroyed = true;
    }
  },
}));

const { electronPdfRenderer } = await import('./reportPdf');

describe('electronPdfRenderer', () => {
  beforeEach(() => {
    calls.destroyed = false;
  });

  it('prints the HTML in a hidden sandboxed window without JavaScript, then destroys it', async () => {
    const pdf = await electronPdfRenderer('<p>报告</p>', 'Letter');
    expect(new TextDecoder().decode(pdf)).toContain('%PDF');
    expect(calls.options).toMatchObject({
      show: false,
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        javascript: false,
      },
    });
    const b64 = calls.url.replace(/^data:text\/html;charset=utf-8;base64,/, '');
    expect(Buffer.from(b64, 'base64').toString('utf8')).toBe('<p>报告</p>');
    expect(calls.print).toEqual({ pageSize: 'Letter', printBackground: true });
    expect(calls.openHandler?.()).toEqual({ action: 'deny' });
    expect(calls.destroyed).toBe(true);
  });

  it('refuses every request that is not the report itself', async () => {
    await electronPdfRenderer('<p>x</p>', 'A4');
    const verdict = (url: string): boolean => {
      let cancel = false;
      calls.filter?.({ url }, (r) => {
        cancel = r.cancel;
      });
      return cancel;
    };
    expect(verdict('https://example.com/font.woff')).toBe(true);
    expect(verdict('data:text/html;base64,AAAA')).toBe(false);
  });
});
