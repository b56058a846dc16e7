// The demo prefers kubelab's usual port 7443, and falls back to a free one when it is taken
// (an `npm run serve` already running, say) instead of failing.
import { createServer } from 'node:net';

export function portFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
