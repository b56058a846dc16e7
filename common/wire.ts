/**
 * Sizes in bytes, the one unit the contract and the transports share (issue 14, defect 2). A
 * string limit in characters says little about a message's size: a character is 1 to 3 bytes of
 * UTF-8 and up to 6 bytes once JSON escapes it (`\u0001`). The web host refuses a message
 * larger than MAX_MESSAGE_BYTES; every text the contract admits is measured the same way, so a
 * request the contract accepts always fits the transport, on every face.
 */
import { z } from 'zod';

/** Room for what wraps a payload's largest text: quotes, `{"id":…,"name":…,"payload":{…}}`. */
export const MESSAGE_OVERHEAD_BYTES = 64 * 1024;

/** Largest request message (JSON, UTF-8) the web host accepts: an 8 MiB text and its envelope. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024 + MESSAGE_OVERHEAD_BYTES;

/**
 * Bytes `text` takes inside a JSON message as UTF-8, quotes excluded: what `JSON.stringify`
 * writes for it (RFC 8259 §7 escapes, and well-formed JSON.stringify's `\udXXX` for a lone
 * surrogate). Counted without building the string, so an 8 MB paste costs one pass.
 */
export function wireBytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x0c || c === 0x0a || c === 0x0d) {
      bytes += 2;
    } else if (c === 0x09) bytes += 2;
    else if (c < 0x20) bytes += 6;
    else if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 6;
    } else if (c >= 0xdc00 && c <= 0xdfff) bytes += 6;
    else bytes += 3;
  }
  return bytes;
}

/** `8 MiB` for a message: sizes as people read them. */
function formatSize(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/**
 * A text field limited in bytes as sent (see wireBytes). The character limit first refuses a
 * hopeless input without scanning it (every character is at least one byte); `maxBytes` is also
 * recorded as metadata so a test can hold every contract limit against the transport's.
 */
export function boundedText(maxBytes: number): z.ZodString {
  const message = `must be at most ${formatSize(maxBytes)} (UTF-8, as sent)`;
  return z
    .string()
    .max(maxBytes, message)
    .refine((text) => wireBytes(text) <= maxBytes, message)
    .meta({ maxBytes });
}
