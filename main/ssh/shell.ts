import type { Client, ClientChannel } from 'ssh2';
import { sshError } from './errors';
import type { Lease } from './pool';

/**
 * The SSH channel window of an interactive shell: how much output the node may send ahead of what
 * kubelab has taken from the channel. ssh2 grants every channel 2 MiB and tops it up again at
 * 1 MiB, so after Ctrl-C on `yes` up to ~2 MiB already produced must still be drawn. 256 KiB keeps
 * a local-network `cat` at full speed and bounds that backlog (OpenSSH's default is 2 MiB, too,
 * but its terminal draws at memcpy speed; ours draws through xterm.js).
 */
export const SHELL_WINDOW = 256 * 1024;
/** The largest data packet the node may send on the shell channel (ssh2's default is 32 KiB). */
export const SHELL_PACKET = 32 * 1024;

/**
 * ssh2 (1.17) has no option for a channel's window: it is a constant. These are the internals
 * used to open the shell with a smaller one and to grow it ourselves; when a future ssh2 lacks
 * them, the shell keeps ssh2's own window management.
 */
interface ProtocolInternals {
  session?: (chan: number, initWindow: number, maxPacket: number) => void;
  channelWindowAdjust?: (chan: number, amount: number) => void;
}
interface ChannelInternals {
  incoming?: { window: number };
  outgoing?: { id: number; state?: string };
}

/** ssh2's own window tracker is kept far above its refill threshold (1 MiB) so it never refills. */
const SSH2_WINDOW_PARKED = 1 << 30;
/** ssh2's MAX_WINDOW: what it believes it granted at open. */
const SSH2_DEFAULT_WINDOW = 2 * 1024 * 1024;

/** An interactive shell channel; `consumed` is told each chunk of output taken off the channel. */
export interface ShellChannel {
  stream: ClientChannel;
  /** Bytes taken from the channel: the window grows back by this much (in steps of half). */
  consumed(bytes: number): void;
}

/** An interactive shell with a pty on a node, for terminals (never used by steps). */
export function openShell(lease: Lease, cols: number, rows: number): Promise<ShellChannel> {
  return new Promise((resolve, reject) => {
    const protocol = (lease.client as Client & { _protocol?: ProtocolInternals })._protocol;
    const session = protocol?.session;
    const small =
      typeof session === 'function' && typeof protocol?.channelWindowAdjust === 'function';
    if (protocol && small) {
      // shell() opens its channel synchronously: the open request carries the small window.
      protocol.session = (chan) => session.call(protocol, chan, SHELL_WINDOW, SHELL_PACKET);
    }
    try {
      lease.client.shell({ term: 'xterm-256color', cols, rows }, (err, stream) => {
        if (err) {
          reject(
            sshError(
              'connection_lost',
              lease.nodeId,
              `Cannot open a shell on ${lease.spec.name}: ${err.message}`,
            ),
          );
          return;
        }
        const internals = stream as ClientChannel & ChannelInternals;
        const adjust = protocol?.channelWindowAdjust;
        if (!small || !adjust || !internals.incoming || !internals.outgoing) {
          resolve({ stream, consumed: () => undefined });
          return;
        }
        const incoming = internals.incoming;
        const outgoing = internals.outgoing;
        // What the node may still send: the small grant less what already arrived.
        let window = SHELL_WINDOW - Math.max(0, SSH2_DEFAULT_WINDOW - incoming.window);
        incoming.window = SSH2_WINDOW_PARKED;
        resolve({
          stream,
          consumed: (bytes) => {
            incoming.window = SSH2_WINDOW_PARKED;
            window -= bytes;
            if (window > SHELL_WINDOW / 2 || outgoing.state === 'closed') return;
            adjust.call(protocol, outgoing.id, SHELL_WINDOW - window);
            window = SHELL_WINDOW;
          },
        });
      });
    } finally {
      if (protocol && session) protocol.session = session;
    }
  });
}

/** Tells the remote pty its new size (SIGWINCH for the program inside). */
export function resizeShell(stream: ClientChannel, cols: number, rows: number): void {
  stream.setWindow(rows, cols, 0, 0);
}
