import type { ClientChannel } from 'ssh2';
import { sshError } from './errors';
import type { Lease } from './pool';

/** An interactive shell with a pty on a node, for terminals (never used by steps). */
export function openShell(lease: Lease, cols: number, rows: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    lease.client.shell({ term: 'xterm-256color', cols, rows }, (err, stream) => {
      if (err) {
        reject(
          sshError(
            'connection_lost',
            lease.nodeId,
            `Cannot open a shell on ${lease.spec.name}: ${err.message}`,
          ),
        );
      } else resolve(stream);
    });
  });
}

/** Tells the remote pty its new size (SIGWINCH for the program inside). */
export function resizeShell(stream: ClientChannel, cols: number, rows: number): void {
  stream.setWindow(rows, cols, 0, 0);
}
