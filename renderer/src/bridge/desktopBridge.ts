import { buildApi, type KubelabApi } from '../../../common/api';
import { AppError, AppErrorSchema } from '../../../common/model/appError';

/**
 * The desktop's `window.kubelab`, as the renderer uses it. The preload rejects a failed request
 * with plain AppErrorData, because Electron's context bridge copies a plain object whole but
 * rebuilds an Error from its message alone (preload/index.ts). Here, in the page's own world, that
 * data becomes an AppError again, so `code` and `field` reach the screens exactly as on the web
 * face, where webBridge.ts builds the AppError from the WebSocket's envelope.
 */
export function withAppErrors(exposed: KubelabApi): KubelabApi {
  const requests = exposed as unknown as Record<string, Record<string, Call>>;
  const events = exposed.events as unknown as Record<string, Record<string, Subscribe>>;
  return buildApi({
    async invoke(name, payload) {
      const [ns, method] = splitName(name);
      const call = requests[ns]?.[method];
      if (!call) throw new Error(`Unknown request ${name}`);
      try {
        return await call(payload);
      } catch (err) {
        throw rebuiltError(err);
      }
    },
    subscribe(name, listener) {
      const [ns, method] = splitName(name);
      const subscribe = events[ns]?.[method];
      if (!subscribe) throw new Error(`Unknown event ${name}`);
      return subscribe(listener);
    },
  });
}

type Call = (payload: unknown) => Promise<unknown>;
type Subscribe = (listener: (payload: unknown) => void) => () => void;

function splitName(name: string): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

/** AppErrorData (a plain object) becomes an AppError; anything else is passed on as it is. */
export function rebuiltError(err: unknown): unknown {
  if (err instanceof Error) return err;
  const parsed = AppErrorSchema.safeParse(err);
  return parsed.success ? new AppError(parsed.data) : err;
}
