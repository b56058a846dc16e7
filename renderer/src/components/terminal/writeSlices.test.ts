import { describe, expect, it } from 'vitest';
import { writeSlices } from './writeSlices';

describe('writeSlices', () => {
  it('leaves a small chunk whole', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(writeSlices(bytes, 4)).toEqual([bytes]);
    expect(writeSlices('abc', 3)).toEqual(['abc']);
  });

  it('cuts bytes into views of the same buffer that add up to the chunk', () => {
    const bytes = new TextEncoder().encode('é'.repeat(10)); // 20 bytes, 2 per character
    const parts = writeSlices(bytes, 7);
    expect(parts.map((p) => p.length)).toEqual([7, 7, 6]);
    for (const p of parts) expect((p as Uint8Array).buffer).toBe(bytes.buffer);
    // A cut inside a character is fine: a streaming decoder (as xterm.js has) rebuilds it.
    const decoder = new TextDecoder();
    const text = parts.map((p) => decoder.decode(p as Uint8Array, { stream: true })).join('');
    expect(text).toBe('é'.repeat(10));
  });

  it('never cuts text between the halves of a surrogate pair', () => {
    const text = `ab${'😀'.repeat(3)}`; // 2 + 6 UTF-16 units
    const parts = writeSlices(text, 3) as string[];
    expect(parts.join('')).toBe(text);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(3);
      expect(p).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
  });
});
