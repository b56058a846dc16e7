/**
 * A real HTTP + WebSocket proxy in front of `kubelab serve` for benchmarks: the page loads the
 * renderer through it and its contract WebSocket is a native browser WebSocket, as in use. It does
 * what tests/e2e/support/wsTap.ts does (answer some requests here, push events to the page) but
 * without Playwright's WebSocket routing (which injects its own WebSocket into the page and
 * delivers each message through the automation protocol), so the page's message path is the
 * product's own at 1000 messages a second.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

type Answer = (payload: unknown) => unknown;

export interface Proxy {
  /** The URL to open (the served URL with the proxy's host:port). */
  url: string;
  /** Pushes a contract event to every connected page. */
  emit(event: string, payload: unknown): void;
  close(): Promise<void>;
}

export async function startProxy(
  servedUrl: string,
  answers: Record<string, Answer> = {},
): Promise<Proxy> {
  const upstream = new URL(servedUrl);
  const wss = new WebSocketServer({ noServer: true });
  const pages = new Set<WebSocket>();
  const server: Server = createServer((req, res) => {
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.setNoDelay(true);
    const target = `ws://${upstream.host}${req.url ?? '/ws'}`;
    const up = new WebSocket(target, { headers: { origin: upstream.origin } });
    // Requests go on as the text frames they came as (`ws` hands them over as Buffers, which
    // send() would make binary frames; the server takes only text requests).
    const queued: string[] = [];
    up.on('open', () => {
      for (const m of queued.splice(0)) up.send(m);
    });
    wss.handleUpgrade(req, socket, head, (page) => {
      pages.add(page);
      page.on('message', (raw) => {
        const msg = JSON.parse(String(raw)) as { id: number; name: string; payload?: unknown };
        const answer = answers[msg.name];
        if (answer) {
          page.send(
            JSON.stringify({ id: msg.id, envelope: { ok: true, value: answer(msg.payload) } }),
          );
          return;
        }
        if (up.readyState === WebSocket.OPEN) up.send(String(raw));
        else queued.push(String(raw));
      });
      // Events as they came: text as text, binary (terminal output) as binary.
      up.on('message', (data, isBinary) => page.send(isBinary ? data : String(data)));
      page.on('close', () => {
        pages.delete(page);
        up.close();
      });
      up.on('close', () => page.close());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = new URL(servedUrl);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString(),
    emit(event, payload) {
      const text = JSON.stringify({ event, payload });
      for (const page of pages) page.send(text);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const page of pages) page.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
