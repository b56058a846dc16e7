import { isRequestName, requests, type Envelope, type RequestName } from '../../common/contract';
import { AppError, toAppErrorData } from '../../common/model/appError';
import { parseOrThrow } from '../../common/validation';
import type { CallContext, Handlers } from './handlers';

/** What a refused payload was, for the message: its kind, never its (possibly secret) value. */
function describe(payload: unknown): string {
  if (payload === null) return 'null';
  if (payload === undefined) return 'nothing';
  return Array.isArray(payload) ? 'an array' : `a ${typeof payload}`;
}

/**
 * The single gate between an untrusted caller and the services: the request name must be in the
 * contract and the payload must pass its schema, or the service is never called. Both the IPC and
 * the WebSocket transport go through here.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  payload: unknown,
  ctx: CallContext,
): Promise<Envelope<unknown>> {
  try {
    if (!isRequestName(name)) {
      throw new AppError({
        code: 'unknown_request',
        message: `Unknown request "${String(name)}".`,
      });
    }
    const key: RequestName = name;
    // Every payload in the contract is an object. A missing or null one is refused here, never
    // read as `{}`: `install.start` (now `run.start`) with null once started an install (issue 14).
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw new AppError({
        code: 'invalid_payload',
        message: `${key}: payload must be an object, got ${describe(payload)} (send {} for a call without arguments)`,
        field: 'payload',
      });
    }
    const parsed: unknown = parseOrThrow(requests[key].payload, payload, key);
    const handler = handlers[key] as (p: unknown, c: CallContext) => Promise<unknown>;
    return { ok: true, value: await handler(parsed, ctx) };
  } catch (err) {
    return { ok: false, error: toAppErrorData(err) };
  }
}
