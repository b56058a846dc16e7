/**
 * Test kit: hostile bytes for the web host's two parsers, the HTTP request head and the
 * WebSocket frame reader. Each case is what one connection sends; the fuzz suite checks the host
 * answers or closes that connection and keeps serving everyone else.
 */
import { randomBytes } from 'node:crypto';
import { frame, OP, upgradeRequest } from './rawWire';

export interface HttpCase {
  label: string;
  bytes: string | Buffer;
  /** A well-formed upgrade the host may accept (then it must negotiate no extension). */
  mayUpgrade?: true;
}

const head = (requestLine: string, port: number, extra: string[] = []): string =>
  `${[requestLine, `Host: 127.0.0.1:${port}`, ...extra, 'Connection: close'].join('\r\n')}\r\n\r\n`;

/** Request lines and heads no browser sends: absolute-form, bad ports, methods, sizes, garbage. */
export function httpCases(port: number, token: string): HttpCase[] {
  const targets = [
    'http://a:99999/',
    'http://a:99999/ws',
    'http://a:-1/',
    'https://a:0/',
    'http://[::1/',
    'http://%zz/',
    'http://user:pass@127.0.0.1/',
    `http://127.0.0.1:${port}:1/`,
    'ws://a:70000/ws',
    '//a:99999/',
    '/%',
    '/%00',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/../../../../etc/passwd',
    `/?token=${'x'.repeat(8000)}`,
    '*',
    'a:1',
    '\u00ff',
  ];
  const cases: HttpCase[] = targets.map((t) => ({
    label: `GET ${t.slice(0, 40)}`,
    bytes: head(`GET ${t} HTTP/1.1`, port),
  }));
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH', 'FOO', 'get']) {
    cases.push({ label: `${method} /`, bytes: head(`${method} /?token=${token} HTTP/1.1`, port) });
  }
  cases.push(
    { label: 'CONNECT authority-form', bytes: head('CONNECT a:443 HTTP/1.1', port) },
    { label: 'HTTP/2 preface', bytes: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' },
    { label: 'HTTP/9.9', bytes: head('GET / HTTP/9.9', port) },
    { label: 'HTTP/0.9 style', bytes: 'GET /\r\n\r\n' },
    { label: 'header without colon', bytes: head('GET / HTTP/1.1', port, ['NoColonHere']) },
    {
      label: 'huge header value',
      bytes: head('GET / HTTP/1.1', port, [`X-Big: ${'a'.repeat(70_000)}`]),
    },
    {
      label: 'many headers',
      bytes: head(
        'GET / HTTP/1.1',
        port,
        Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`),
      ),
    },
    { label: 'huge target', bytes: head(`GET /${'a'.repeat(100_000)} HTTP/1.1`, port) },
    { label: 'two Host headers', bytes: head('GET / HTTP/1.1', port, ['Host: evil.example']) },
    { label: 'no Host header', bytes: 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n' },
    { label: 'Host with a bad port', bytes: `GET / HTTP/1.1\r\nHost: 127.0.0.1:99999\r\n\r\n` },
    {
      label: 'bad Content-Length',
      bytes: head(`POST /?token=${token} HTTP/1.1`, port, ['Content-Length: -1']),
    },
    {
      label: 'bad chunk',
      bytes: `${head(`POST / HTTP/1.1`, port, ['Transfer-Encoding: chunked'])}zz\r\nboom\r\n`,
    },
    {
      label: 'CL and TE together',
      bytes: head('POST / HTTP/1.1', port, ['Content-Length: 4', 'Transfer-Encoding: chunked']),
    },
    { label: 'bare LF head', bytes: `GET / HTTP/1.1\nHost: 127.0.0.1:${port}\n\n` },
    { label: 'NUL bytes', bytes: Buffer.alloc(64) },
    { label: 'random bytes', bytes: randomBytes(4096) },
    { label: 'TLS ClientHello', bytes: Buffer.from('16030100a1010000', 'hex') },
    { label: 'empty line flood', bytes: '\r\n'.repeat(10_000) },
    // The upgrade path: every refusal must be an HTTP answer or a close, never an exception.
    {
      label: 'upgrade, absolute-form bad port',
      bytes: upgradeRequest(port, token).replace(/^GET \S+/, 'GET http://a:99999/ws'),
    },
    { label: 'upgrade, no token', bytes: upgradeRequest(port, '') },
    {
      label: 'upgrade, foreign Origin',
      bytes: upgradeRequest(port, token).replace(/Origin: .*/, 'Origin: http://evil.example'),
    },
    {
      label: 'upgrade, bad key',
      bytes: upgradeRequest(port, token).replace(/Sec-WebSocket-Key: .*/, 'Sec-WebSocket-Key: x'),
    },
    {
      // ws speaks 13 and hybi-08's 8 (ws/lib/websocket-server.js); 7 is neither.
      label: 'upgrade, version 7',
      bytes: upgradeRequest(port, token).replace('Version: 13', 'Version: 7'),
    },
    {
      label: 'upgrade, POST',
      bytes: upgradeRequest(port, token).replace(/^GET/, 'POST'),
    },
    {
      label: 'upgrade, other path',
      bytes: upgradeRequest(port, token).replace('/ws?', '/other?'),
    },
    {
      // The host negotiates no extension, so ws ignores the offer (RFC 6455 §9.1).
      label: 'upgrade, bad extension offer',
      bytes: upgradeRequest(port, token, ['Sec-WebSocket-Extensions: permessage-deflate; x=;;']),
      mayUpgrade: true,
    },
  );
  return cases;
}

export interface FrameCase {
  label: string;
  frames: Buffer[];
  /** The close code RFC 6455 §7.4.1 gives this case; undefined when the message is answered. */
  closeCode?: number;
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const info = json({ id: 1, name: 'app.info', payload: {} });

/** A frame sent without the client mask (RFC 6455 §5.1: the server must close). */
function unmasked(opcode: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x80 | opcode, payload.length]), payload]);
}

/** A frame head that announces `length` bytes, followed by a few of them. */
function announces(length: bigint): Buffer {
  const h = Buffer.alloc(14);
  h[0] = 0x81;
  h[1] = 0x80 | 127;
  h.writeBigUInt64BE(length, 2);
  return Buffer.concat([h, Buffer.from('xxxx')]);
}

export function frameCases(maxBytes: number): FrameCase[] {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  return [
    {
      label: 'over the message limit',
      frames: [frame(OP.text, Buffer.alloc(maxBytes + 1, 0x61))],
      closeCode: 1009,
    },
    { label: 'announces 2^53 bytes', frames: [announces(2n ** 53n)], closeCode: 1009 },
    { label: 'announces 2^63 bytes', frames: [announces(2n ** 63n)], closeCode: 1009 },
    {
      label: 'fragments over the limit',
      frames: [
        frame(OP.text, Buffer.alloc(maxBytes - 10, 0x61), { fin: false }),
        frame(OP.cont, Buffer.alloc(20, 0x61)),
      ],
      closeCode: 1009,
    },
    {
      label: 'invalid UTF-8',
      frames: [frame(OP.text, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))],
      closeCode: 1007,
    },
    {
      label: 'overlong UTF-8',
      frames: [frame(OP.text, Buffer.from([0xc0, 0xaf]))],
      closeCode: 1007,
    },
    {
      label: 'UTF-8 surrogate',
      frames: [frame(OP.text, Buffer.from([0xed, 0xa0, 0x80]))],
      closeCode: 1007,
    },
    {
      label: 'UTF-8 split across fragments, then cut',
      frames: [
        frame(OP.text, Buffer.from([0xe8, 0x8a]), { fin: false }),
        frame(OP.cont, Buffer.from([0x41])),
      ],
      closeCode: 1007,
    },
    { label: 'binary request', frames: [frame(OP.binary, info)], closeCode: 1003 },
    { label: 'stray continuation', frames: [frame(OP.cont, info)], closeCode: 1002 },
    {
      label: 'new text inside a fragmented message',
      frames: [frame(OP.text, info.subarray(0, 4), { fin: false }), frame(OP.text, info)],
      closeCode: 1002,
    },
    {
      label: 'fragmented ping',
      frames: [frame(OP.ping, Buffer.from('x'), { fin: false })],
      closeCode: 1002,
    },
    { label: 'ping over 125 bytes', frames: [frame(OP.ping, Buffer.alloc(126))], closeCode: 1002 },
    {
      label: 'RSV1 without an extension',
      frames: [frame(OP.text, info, { rsv: 4 })],
      closeCode: 1002,
    },
    { label: 'RSV3', frames: [frame(OP.text, info, { rsv: 1 })], closeCode: 1002 },
    ...[0x3, 0x7, 0xb, 0xf].map((op) => ({
      label: `reserved opcode ${op}`,
      frames: [frame(op, info)],
      closeCode: 1002,
    })),
    { label: 'unmasked frame', frames: [unmasked(OP.text, info)], closeCode: 1002 },
    {
      label: 'close with one byte',
      frames: [frame(OP.close, Buffer.from([0x03]))],
      closeCode: 1002,
    },
    {
      label: 'close code 999',
      frames: [frame(OP.close, Buffer.from([0x03, 0xe7]))],
      closeCode: 1002,
    },
    {
      label: 'close code 1005',
      frames: [frame(OP.close, Buffer.from([0x03, 0xed]))],
      closeCode: 1002,
    },
    {
      label: 'close reason invalid UTF-8',
      frames: [frame(OP.close, Buffer.from([0x03, 0xe8, 0xff]))],
      closeCode: 1007,
    },
    { label: 'not JSON', frames: [frame(OP.text, Buffer.from('{"id":'))], closeCode: 1007 },
    { label: 'JSON array', frames: [frame(OP.text, json([1, 2]))], closeCode: 1007 },
    { label: 'JSON null', frames: [frame(OP.text, Buffer.from('null'))], closeCode: 1007 },
    {
      label: 'negative id',
      frames: [frame(OP.text, json({ id: -1, name: 'app.info', payload: {} }))],
      closeCode: 1007,
    },
    {
      label: 'long name',
      frames: [frame(OP.text, json({ id: 1, name: 'x'.repeat(300), payload: {} }))],
      closeCode: 1007,
    },
    { label: 'deeply nested JSON', frames: [frame(OP.text, Buffer.from(deep))], closeCode: 1007 },
    // Answered, not closed: a well-formed message the gate refuses, a split one, a ping inside.
    {
      label: 'unknown method',
      frames: [
        frame(OP.text, json({ id: 1, name: 'fs.readFile', payload: { path: '/etc/shadow' } })),
      ],
    },
    {
      label: 'deeply nested payload',
      frames: [
        frame(
          OP.text,
          Buffer.from(
            `{"id":1,"name":"app.info","payload":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
          ),
        ),
      ],
    },
    {
      label: 'fragmented with a ping between',
      frames: [
        frame(OP.text, info.subarray(0, 3), { fin: false }),
        frame(OP.ping, Buffer.from('p')),
        frame(OP.cont, info.subarray(3)),
      ],
    },
    {
      label: 'one frame per byte',
      frames: [...info].map((b, i) =>
        frame(i === 0 ? OP.text : OP.cont, Buffer.from([b]), { fin: i === info.length - 1 }),
      ),
    },
  ];
}
