import type { BrowserWindow, DownloadItem, Session } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// electron is mocked: the dialog records what it was asked and answers what the test says.
const dialogState = vi.hoisted(() => ({
  answer: undefined as string | undefined,
  calls: [] as unknown[][],
}));

vi.mock('electron', () => ({
  app: { getPath: (name: string): string => (name === 'downloads' ? '/home/ann/Downloads' : '') },
  dialog: {
    showSaveDialogSync: (...args: unknown[]): string | undefined => {
      dialogState.calls.push(args);
      return dialogState.answer;
    },
  },
}));

const { askWhereToSave } = await import('./saveDialog');

interface FakeItem {
  item: DownloadItem;
  savedTo: () => string | undefined;
  cancelled: () => boolean;
}

function fakeItem(url: string, filename: string): FakeItem {
  let savedTo: string | undefined;
  let cancelled = false;
  const item = {
    getURL: () => url,
    getFilename: () => filename,
    setSavePath: (p: string) => {
      savedTo = p;
    },
    cancel: () => {
      cancelled = true;
    },
  } as unknown as DownloadItem;
  return { item, savedTo: () => savedTo, cancelled: () => cancelled };
}

/** A session that keeps the will-download listener, and a way to fire it. */
function fakeSession(): { session: Session; download: (item: DownloadItem) => void } {
  let listener: ((event: unknown, item: DownloadItem) => void) | undefined;
  const session = {
    on: (name: string, fn: typeof listener) => {
      if (name === 'will-download') listener = fn;
    },
  } as unknown as Session;
  return { session, download: (item) => listener?.({}, item) };
}

const WIN = { id: 1 } as unknown as BrowserWindow;
const BUNDLE = 'lab-support-20261207-143000.tar.gz';

describe('desktop downloads ask where to save', () => {
  beforeEach(() => {
    dialogState.calls = [];
    dialogState.answer = undefined;
  });

  it('opens the save dialog on the window with the suggested name in Downloads, and saves there', () => {
    const { session, download } = fakeSession();
    askWhereToSave(session, () => WIN);
    dialogState.answer = '/home/ann/cases/lab-support.tar.gz';
    const d = fakeItem('blob:file:///4f1c-…', BUNDLE);
    download(d.item);
    expect(dialogState.calls).toEqual([[WIN, { defaultPath: `/home/ann/Downloads/${BUNDLE}` }]]);
    expect(d.savedTo()).toBe('/home/ann/cases/lab-support.tar.gz');
    expect(d.cancelled()).toBe(false);
  });

  it('cancels the download when the dialog is cancelled: nothing is written', () => {
    const { session, download } = fakeSession();
    askWhereToSave(session, () => WIN);
    const d = fakeItem('blob:file:///4f1c-…', 'lab-report.pdf');
    download(d.item);
    expect(dialogState.calls).toHaveLength(1);
    expect(d.savedTo()).toBeUndefined();
    expect(d.cancelled()).toBe(true);
  });

  it('without a window the dialog is still shown (unparented)', () => {
    const { session, download } = fakeSession();
    askWhereToSave(session, () => undefined);
    dialogState.answer = '/tmp/r.md';
    const d = fakeItem('blob:file:///x', 'lab-report.md');
    download(d.item);
    expect(dialogState.calls).toEqual([[{ defaultPath: '/home/ann/Downloads/lab-report.md' }]]);
    expect(d.savedTo()).toBe('/tmp/r.md');
  });

  it('cancels anything that is not one of the app’s own blob links, without a dialog', () => {
    const { session, download } = fakeSession();
    askWhereToSave(session, () => WIN);
    dialogState.answer = '/tmp/evil.sh';
    const d = fakeItem('https://example.com/evil.sh', 'evil.sh');
    download(d.item);
    expect(dialogState.calls).toHaveLength(0);
    expect(d.savedTo()).toBeUndefined();
    expect(d.cancelled()).toBe(true);
  });
});
