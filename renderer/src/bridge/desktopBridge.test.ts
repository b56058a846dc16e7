import { describe, expect, it } from 'vitest';
import { buildApi } from '../../../common/api';
import { AppError } from '../../../common/model/appError';
import { acrossContextBridge } from '../../../common/model/testing/contextBridgeCopy';
import { withAppErrors } from './desktopBridge';

const ERROR = { code: 'bundle_exists', message: '/p/a.tar exists', field: 'out' };

/** The preload's object as the page sees it: each rejection copied by the context bridge. */
function exposedRejecting(reason: unknown): ReturnType<typeof buildApi> {
  return buildApi({
    invoke: () => Promise.reject(acrossContextBridge(reason)),
    subscribe: (_name, listener) => {
      listener({ sessionId: 't0123456789abcdef', data: 'hi' });
      return () => undefined;
    },
  });
}

describe('desktop bridge', () => {
  it('an AppError thrown in the preload would lose its code and field on the bridge', () => {
    const copied = acrossContextBridge(new AppError(ERROR));
    expect(copied).toBeInstanceOf(Error);
    expect(copied).not.toHaveProperty('code');
    expect(copied).not.toHaveProperty('field');
  });

  it('turns the preload’s AppErrorData back into an AppError with its code and field', async () => {
    const api = withAppErrors(exposedRejecting(ERROR));
    const err: unknown = await api.bundle
      .build({ out: '/p/a.tar', machines: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject(ERROR);
    expect((err as AppError).message).toBe(ERROR.message);
  });

  it('passes values, other errors and events through', async () => {
    const ok = withAppErrors(
      buildApi({ invoke: async () => 'answer', subscribe: () => () => undefined }),
    );
    await expect(ok.app.info()).resolves.toBe('answer');
    const plain = withAppErrors(exposedRejecting(new Error('socket closed')));
    await expect(plain.app.info()).rejects.toThrow('socket closed');
    const got: unknown[] = [];
    withAppErrors(exposedRejecting(ERROR)).events.terminal.data((p) => got.push(p));
    expect(got).toEqual([{ sessionId: 't0123456789abcdef', data: 'hi' }]);
  });
});
