import { SESSION_ID_PATTERN } from './contracts/terminals';

/**
 * The web face's binary frame for `terminal.data`: output bytes go over the WebSocket as they
 * came off the SSH channel, with no UTF-8 decode, JSON escaping or base64 on either side, and the
 * page hands them to xterm.js as a Uint8Array (which it decodes itself).
 *
 *   byte 0       FRAME_TERMINAL_DATA (1): the only binary frame there is
 *   bytes 1–17   the session id, ASCII (`t` and 16 hex digits)
 *   bytes 18–    the output
 *
 * Only the server sends binary frames; it refuses them from the page.
 */
export const FRAME_TERMINAL_DATA = 1;
const ID_LENGTH = 17;
const HEADER = 1 + ID_LENGTH;

export function encodeTerminalFrame(sessionId: string, data: Uint8Array): Uint8Array {
  if (!SESSION_ID_PATTERN.test(sessionId)) throw new Error(`not a terminal session id`);
  const frame = new Uint8Array(HEADER + data.length);
  frame[0] = FRAME_TERMINAL_DATA;
  for (let i = 0; i < ID_LENGTH; i += 1) frame[1 + i] = sessionId.charCodeAt(i);
  frame.set(data, HEADER);
  return frame;
}

/** The frame's session and output (a view, not a copy), or undefined for anything malformed. */
export function decodeTerminalFrame(
  frame: Uint8Array,
): { sessionId: string; data: Uint8Array } | undefined {
  if (frame.length < HEADER || frame[0] !== FRAME_TERMINAL_DATA) return undefined;
  const sessionId = String.fromCharCode(...frame.subarray(1, HEADER));
  if (!SESSION_ID_PATTERN.test(sessionId)) return undefined;
  return { sessionId, data: frame.subarray(HEADER) };
}
