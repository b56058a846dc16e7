import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, EventPayload } from '../../common/contract';
import { contentSecurityPolicy } from '../../common/csp';
import { encodeTerminalFrame } from '../../common/terminalFrame';
import { dispatch } from '../api/dispatch';
import { batchRunProgress } from '../api/runProgressBatcher';
import type { Backend } from '../backend';
import { allowedHosts, readCookie, tokenMatches } from './access';
import { ClientMessageSchema, MAX_CLIENT_MESSAGE_BYTES } from './protocol';
import { parseRequestTarget, type RequestTarget } from './requestTarget';
import { readStatic } from './staticFiles';

export interface WebHostOptions {
  host: string;
  port: number;
  rendererDir: string;
  backend: Backend;
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string;
}

export interface WebHost {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const COOKIE = 'kubelab_token';

/** The last word on a request whose handler failed: 500 if nothing was sent yet, else a cut. */
function failRequest(res: ServerResponse): void {
  if (res.headersSent) res.destroy();
  else res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Server error\n');
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** A `terminal.data` event carrying bytes (the back end's output), for the binary frame. */
function terminalBytes(
  event: EventName,
  payload: unknown,
): { sessionId: string; data: Uint8Array } | undefined {
  if (event !== 'terminal.data') return undefined;
  const p = payload as EventPayload<'terminal.data'>;
  return p.data instanceof Uint8Array ? { sessionId: p.sessionId, data: p.data } : undefined;
}

/**
 * The web face: serves the built renderer and the contract over a WebSocket on one port.
 * Every HTTP request and upgrade must carry the per-start token (query or cookie) and a Host
 * header naming this server (DNS-rebinding guard); upgrades must also come from our own Origin.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  let hosts = new Set<string>();

  // A wildcard bind cannot know the names it is reached by; then any Host passes the rebinding
  // guard, but the token and the same-origin check below still apply.
  const wildcard = options.host === '0.0.0.0' || options.host === '::';
  const knownHost = (req: IncomingMessage): boolean =>
    wildcard || hosts.has(req.headers.host ?? '');
  const authorised = (req: IncomingMessage, url: RequestTarget): boolean =>
    knownHost(req) &&
    (tokenMatches(token, url.searchParams.get('token')) ||
      tokenMatches(token, readCookie(req.headers.cookie, COOKIE)));

  // Nothing a client sends may throw out of a handler: an uncaught error would end the process
  // and any install it drives. Whatever escapes is answered (or the socket dropped) right here.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handleHttp(req, res).catch(() => failRequest(res));
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy());
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const url = parseRequestTarget(req.url, req.headers.host);
    if (!url) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request\n');
      return;
    }
    if (!authorised(req, url)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        'kubelab: this address needs the token. Open the URL that `kubelab serve` printed.\n',
      );
      return;
    }
    const file = await readStatic(options.rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    if (tokenMatches(token, url.searchParams.get('token'))) {
      res.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    res.setHeader(
      'Cache-Control',
      url.pathname.startsWith('/assets/') ? 'private, max-age=3600' : 'no-store',
    );
    res.writeHead(200, { 'Content-Type': file.type });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A reset during the handshake must not become an unhandled 'error' event.
    socket.on('error', () => socket.destroy());
    try {
      handleUpgrade(req, socket, head);
    } catch {
      refuseUpgrade(socket, '500 Internal Server Error');
    }
  });

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = parseRequestTarget(req.url, req.headers.host);
    if (!url) {
      refuseUpgrade(socket, '400 Bad Request');
      return;
    }
    const origin = req.headers.origin ?? '';
    const sameOrigin = origin === `http://${req.headers.host ?? ''}`;
    if (url.pathname !== '/ws' || !sameOrigin || !authorised(req, url)) {
      refuseUpgrade(socket, '403 Forbidden');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  }

  function serveSocket(ws: WebSocket): void {
    // A frame the protocol refuses (over maxPayload: 1009, invalid UTF-8: 1007, a reserved
    // opcode or bit: 1002) arrives here after ws has sent that close code and started closing
    // this connection (ws/lib/websocket.js receiverOnError); without a listener it is an
    // unhandled 'error' event that ends the process. Nothing more to do: it ends this one only.
    ws.on('error', () => undefined);
    // Run events reach the page as one install.progress per tick (runProgressBatcher.ts).
    const batched = batchRunProgress((event, payload) => {
      if (ws.readyState !== ws.OPEN) return;
      // Terminal output is bytes: one binary frame, no decode, JSON escaping or base64.
      const bytes = terminalBytes(event, payload);
      if (bytes) {
        ws.send(encodeTerminalFrame(bytes.sessionId, bytes.data), { binary: true });
        return;
      }
      ws.send(JSON.stringify({ event, payload }));
    });
    const unsubscribe = options.backend.bus.subscribe(batched.listener);
    ws.on('close', () => {
      unsubscribe();
      batched.stop();
    });
    ws.on('message', (data, isBinary) => {
      // Requests are JSON text; binary frames go one way only (terminal output to the page).
      if (isBinary) {
        ws.close(1003, 'binary frames are not accepted');
        return;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        ws.close(1007, 'invalid JSON');
        return;
      }
      const msg = ClientMessageSchema.safeParse(raw);
      if (!msg.success) {
        ws.close(1007, 'invalid message');
        return;
      }
      const { id, name, payload } = msg.data;
      // dispatch answers every failure as an envelope; what could still throw is the reply
      // itself (a value JSON cannot write), and that must not become an unhandled rejection.
      void dispatch(options.backend.handlers, name, payload, { face: 'web' })
        .then((envelope) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, envelope }));
        })
        .catch(() => {
          if (ws.readyState === ws.OPEN) ws.close(1011, 'reply failed');
        });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const displayHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  hosts = allowedHosts(options.host, port);

  return {
    url: `http://${displayHost}:${port}/?token=${token}`,
    token,
    port,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
