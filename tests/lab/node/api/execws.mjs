// `kubectl exec` over WebSocket, as kubectl 1.30+ speaks it (KEP-4006: subprotocols
// v5.channel.k8s.io / v4.channel.k8s.io; every binary message starts with its channel byte:
// 0 stdin, 1 stdout, 2 stderr, 3 error = a metav1.Status JSON ending the stream, 255 close in v5).
// The frame layout is RFC 6455 §5.2 (server frames unmasked). The lab runs the command through the
// kubelet's exec endpoint and sends its whole output at once (no interactive stdin, no TTY resize);
// clients that only speak SPDY (kubectl before 1.30) get the upgrade refused.
import { createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

function frame(opcode, payload) {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65536 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 255]) : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(n));
    return b;
  })()]);
  return Buffer.concat([head, payload]);
}
const channel = (ch, data) => frame(0x2, Buffer.concat([Buffer.from([ch]), Buffer.from(data)]));

/** Whether an upgrade request is a WebSocket exec this module answers. */
export function isWsExec(req) {
  return /websocket/i.test(req.headers.upgrade ?? '') && /\/pods\/[^/]+\/exec$/.test(new URL(req.url ?? '/', 'https://lab').pathname);
}

/**
 * Completes the handshake on `socket`, runs `run(command)` → {stdout, stderr, code} or
 * {status: Status} and streams the result; refuses with `refuse(code, Status)` when it cannot.
 */
export async function serveWsExec(req, socket, run) {
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
  const proto = PROTOCOLS.find((p) => offered.includes(p));
  const key = req.headers['sec-websocket-key'];
  if (!proto || !key) {
    socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\n\r\nunsupported WebSocket subprotocol\n');
    return;
  }
  const url = new URL(req.url ?? '/', 'https://lab');
  const command = url.searchParams.getAll('command');
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${proto}\r\n\r\n`);
  socket.on('data', () => undefined); // stdin and close signals from the client: not used by the lab
  socket.on('error', () => undefined);
  const r = await run(command);
  if (r.stdout) socket.write(channel(1, r.stdout));
  if (r.stderr) socket.write(channel(2, r.stderr));
  const st = r.status
    ? r.status
    : r.code
      ? { metadata: {}, status: 'Failure', message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${r.code}`, reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(r.code) }] } }
      : { metadata: {}, status: 'Success' };
  socket.write(channel(3, JSON.stringify(st)));
  socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
}
