import type { Page, WebSocketRoute } from '@playwright/test';

type Answer = (payload: unknown) => unknown;

export interface Tap {
  /** Every request the page sent, in order (answered locally or by the server). */
  readonly requests: { name: string; payload: unknown }[];
  /** Pushes a contract event to the page, as the back end would. */
  emit(event: string, payload: unknown): void;
}

/**
 * Sits between the page and `kubelab serve` on the contract's WebSocket: everything goes to the
 * real server except the request names given in `answers`, which are answered here. The page
 * still runs its real bridge and stores; only what the engine would say is scripted — for
 * screens whose live data needs machines this test does not have.
 */
export async function tapBackend(page: Page, answers: Record<string, Answer>): Promise<Tap> {
  const requests: Tap['requests'] = [];
  let route: WebSocketRoute | undefined;
  const pending: string[] = [];
  await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
    route = ws;
    const server = ws.connectToServer();
    ws.onMessage((raw) => {
      const msg = JSON.parse(String(raw)) as { id: number; name: string; payload?: unknown };
      requests.push({ name: msg.name, payload: msg.payload });
      const answer = answers[msg.name];
      if (!answer) {
        server.send(raw);
        return;
      }
      try {
        ws.send(JSON.stringify({ id: msg.id, envelope: { ok: true, value: answer(msg.payload) } }));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        ws.send(
          JSON.stringify({ id: msg.id, envelope: { ok: false, error: { code: 'test', message } } }),
        );
      }
    });
    for (const text of pending.splice(0)) ws.send(text);
  });
  return {
    requests,
    emit(event, payload) {
      const text = JSON.stringify({ event, payload });
      if (route) route.send(text);
      else pending.push(text);
    },
  };
}
