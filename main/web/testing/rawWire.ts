/**
 * Test kit: speaks HTTP and WebSocket to the web host byte by byte, so a test can send what no
 * well-behaved client library would (absolute-form targets, bad ports, invalid UTF-8 in a text
 * frame, fragments, reserved opcodes). Loopback only; every wait is bounded.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** The status line's code, or undefined when the server closed without answering. */
  status: number | undefined;
  /** Everything the server sent, as text (headers and body). */
  text: string;
  /** Bytes the server sent after the HTTP head (WebSocket frames after a 101). */
  rest: Buffer;
  /** Everything the server sent, as bytes. */
  raw: Buffer;
  /** The connection ended (closed or reset) within the wait. */
  closed: boolean;
}

/** Opens a TCP connection to the host on loopback. */
export function openRaw(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Collects what the server sends on `socket` until it closes or `waitMs` passes, then destroys
 * the socket. `send` runs once the collector is listening.
 */
export function collect(
  socket: Socket,
  send: (socket: Socket) => void,
  waitMs: number,
  done: (received: Buffer) => boolean = () => false,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let closed = false;
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const all = Buffer.concat(chunks);
      const headEnd = all.indexOf('\r\n\r\n');
      const text = all.toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({
        status: status ? Number(status) : undefined,
        text,
        rest: headEnd >= 0 ? all.subarray(headEnd + 4) : Buffer.alloc(0),
        raw: all,
        closed,
      });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (done(Buffer.concat(chunks))) finish();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      finish();
    });
    try {
      send(socket);
    } catch {
      finish();
    }
  });
}

/** Sends raw request bytes and returns the answer (or the close) within `waitMs`. */
export async function rawRequest(
  port: number,
  bytes: string | Buffer,
  waitMs = 15_000,
): Promise<RawAnswer> {
  const socket = await openRaw(port);
  return collect(socket, (s) => s.write(bytes), waitMs);
}

/** The upgrade request a browser on our own page would send. */
export function upgradeRequest(port: number, token: string, extraHeaders: string[] = []): string {
  const lines = [
    `GET /ws?token=${token} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    `Origin: http://127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...extraHeaders,
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * A WebSocket to the host made by hand: the upgrade a same-origin page with the token sends,
 * resolved once the 101 arrives, so the caller can write any frame it likes.
 */
export async function openWebSocket(port: number, token: string): Promise<Socket> {
  const socket = await openRaw(port);
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const timer = setTimeout(() => fail(new Error('no 101 within 15 s')), 15_000);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      if (head.indexOf('\r\n\r\n') < 0) return;
      clearTimeout(timer);
      socket.off('data', onData);
      if (head.toString('latin1').startsWith('HTTP/1.1 101')) resolve(socket);
      else fail(new Error(head.toString('latin1').split('\r\n')[0]));
    };
    socket.on('data', onData);
    socket.once('error', fail);
    socket.write(upgradeRequest(port, token));
  });
}

export const OP = { cont: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9 } as const;

/**
 * One client frame (RFC 6455 §5.2), masked as a client must. `fin` false starts or continues a
 * fragmented message; `rsv` sets reserved bits no extension negotiated.
 */
export function frame(
  opcode: number,
  payload: Buffer,
  opts: { fin?: boolean; rsv?: number } = {},
): Buffer {
  const fin = opts.fin ?? true;
  const first = (fin ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | (opcode & 0x0f);
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([first, 0x80 | len])
      : len < 65536
        ? Buffer.from([first, 0x80 | 126, len >> 8, len & 0xff])
        : Buffer.concat([Buffer.from([first, 0x80 | 127]), u64(len)]);
  const mask = randomBytes(4);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([head, mask, body]);
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

/** The close code in the first server frame of `bytes`, if that frame is a close frame. */
export function closeCode(bytes: Buffer): number | undefined {
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = (bytes[at] ?? 0) & 0x0f;
    let len = (bytes[at + 1] ?? 0) & 0x7f;
    let start = at + 2;
    if (len === 126) {
      len = bytes.readUInt16BE(start);
      start += 2;
    } else if (len === 127) {
      len = Number(bytes.readBigUInt64BE(start));
      start += 8;
    }
    if (opcode === OP.close) return len >= 2 ? bytes.readUInt16BE(start) : 1005;
    at = start + len;
  }
  return undefined;
}
