import type { TerminalChunk } from './terminalSource';

/**
 * Output is handed to xterm.js (and acked) in slices of at most this many bytes or UTF-16 units,
 * so acks flow back while xterm.js is still parsing a large chunk and the back end keeps sending.
 */
export const WRITE_SLICE = 16 * 1024;

/**
 * `chunk` cut into pieces of at most `size`. Bytes are cut anywhere (views, no copy): xterm.js
 * keeps an incomplete UTF-8 sequence for the next write. Text is never cut between the two
 * halves of a surrogate pair.
 */
export function writeSlices(chunk: TerminalChunk, size = WRITE_SLICE): TerminalChunk[] {
  if (chunk.length <= size) return [chunk];
  const out: TerminalChunk[] = [];
  for (let start = 0; start < chunk.length;) {
    let end = Math.min(start + size, chunk.length);
    if (typeof chunk === 'string') {
      const last = chunk.charCodeAt(end - 1);
      if (end < chunk.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
      out.push(chunk.slice(start, end));
    } else {
      out.push(chunk.subarray(start, end));
    }
    start = end;
  }
  return out;
}
