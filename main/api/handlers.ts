import type { ParsedPayload, RequestName, Result } from '../../common/contract';

/** Who is calling: lets services attribute actions and target events. */
export interface CallContext {
  face: 'desktop' | 'web' | 'cli';
}

export type Handler<K extends RequestName> = (
  payload: ParsedPayload<K>,
  ctx: CallContext,
) => Promise<Result<K>>;

/** One handler per contract entry; the type makes a missing one a compile error. */
export type Handlers = { [K in RequestName]: Handler<K> };
