import { z } from 'zod';
import { AppErrorSchema } from '../model/appError';
import { NodeIdSchema } from '../model/node';
import { Empty } from './empty';

export const TerminalTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('node'), nodeId: NodeIdSchema }).strict(),
  z.object({ kind: z.literal('local') }).strict(),
]);
export type TerminalTarget = z.infer<typeof TerminalTargetSchema>;

/** A terminal session id: `t` and 16 hex digits (17 ASCII bytes, the binary frame's header). */
export const SESSION_ID_PATTERN = /^t[0-9a-f]{16}$/;
const SessionId = z.string().regex(SESSION_ID_PATTERN, 'must be a terminal session id');
const Size = { cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(500) };
const Done = z.object({});

/**
 * Terminal sessions (a pty shell on a node, or a local shell). Output arrives as
 * `terminal.data` events (the first chunk after a pause at once, then batched every ~5 ms while
 * it streams); the UI acknowledges what it has written with `terminal.ack` so the back end can
 * pause a fast producer (flow control). `chars` counts in the unit of the data: bytes for
 * Uint8Array output (what the back end sends), UTF-16 units for text.
 */
export const terminalRequests = {
  'terminal.open': {
    payload: z
      .object({ target: TerminalTargetSchema, ...Size, log: z.boolean().default(false) })
      .strict(),
    result: z.object({ sessionId: z.string(), title: z.string() }),
  },
  'terminal.write': {
    payload: z.object({ sessionId: SessionId, data: z.string().max(65_536) }).strict(),
    result: Done,
  },
  'terminal.resize': {
    payload: z.object({ sessionId: SessionId, ...Size }).strict(),
    result: Done,
  },
  'terminal.ack': {
    payload: z
      .object({ sessionId: SessionId, chars: z.number().int().min(0).max(100_000_000) })
      .strict(),
    result: Done,
  },
  'terminal.close': { payload: z.object({ sessionId: SessionId }).strict(), result: Done },
  'terminal.localAvailable': {
    payload: Empty,
    result: z.object({ available: z.boolean(), reason: z.string().optional() }),
  },
} as const;

export const terminalEvents = {
  /**
   * The node's raw output bytes (UTF-8, possibly cut inside a character: xterm.js decodes them
   * statefully), handed to xterm.js without a decode; text is accepted too (test doubles).
   * The web face carries the bytes as a binary frame (common/terminalFrame.ts), Electron IPC as
   * a structured-clone Uint8Array.
   */
  'terminal.data': z.object({
    sessionId: z.string(),
    data: z.union([
      z.string(),
      z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'must be bytes'),
    ]),
  }),
  'terminal.exit': z.object({
    sessionId: z.string(),
    code: z.number().nullable().optional(),
    signal: z.string().optional(),
    error: AppErrorSchema.optional(),
  }),
} as const;
