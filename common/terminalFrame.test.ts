import { describe, expect, it } from 'vitest';
import { decodeTerminalFrame, encodeTerminalFrame, FRAME_TERMINAL_DATA } from './terminalFrame';

const ID = 't0123456789abcdef';

describe('terminal output frames', () => {
  it('round-trips a session id and raw bytes, including a character cut in half', () => {
    const bytes = new TextEncoder().encode('héllo\x1b[0m').subarray(0, 2); // 'h' + half of 'é'
    const frame = encodeTerminalFrame(ID, bytes);
    expect(frame[0]).toBe(FRAME_TERMINAL_DATA);
    expect(frame.length).toBe(18 + 2);
    const decoded = decodeTerminalFrame(frame);
    expect(decoded?.sessionId).toBe(ID);
    expect([...(decoded?.data ?? [])]).toEqual([...bytes]);
  });

  it('carries empty output', () => {
    expect(decodeTerminalFrame(encodeTerminalFrame(ID, new Uint8Array()))?.data.length).toBe(0);
  });

  it('refuses to encode anything but a session id', () => {
    expect(() => encodeTerminalFrame('../../etc', new Uint8Array([1]))).toThrow();
    expect(() => encodeTerminalFrame(`${ID}0`, new Uint8Array([1]))).toThrow();
  });

  it('drops malformed frames: short, another tag, a bad id', () => {
    const good = encodeTerminalFrame(ID, new Uint8Array([65]));
    expect(decodeTerminalFrame(good.subarray(0, 17))).toBeUndefined();
    const tag = good.slice();
    tag[0] = 2;
    expect(decodeTerminalFrame(tag)).toBeUndefined();
    const id = good.slice();
    id[1] = 'x'.charCodeAt(0);
    expect(decodeTerminalFrame(id)).toBeUndefined();
    const upper = good.slice();
    upper[5] = 'A'.charCodeAt(0);
    expect(decodeTerminalFrame(upper)).toBeUndefined();
  });
});
