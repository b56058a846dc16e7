import type { ClientChannel } from 'ssh2';
import { sshError } from './errors';
import type { Lease } from './pool';
import { smallWindowHooks, warnNoSmallWindow } from './shellWindow';

/**
 * The SSH channel window of an interactive shell: how much output the node may send ahead of what
 * kubelab has taken from the channel. ssh2 grants every channel 2 MiB and tops it up again at
 * 1 MiB, so after Ctrl-C on `yes` up to ~2 MiB already produced must still be drawn. 256 KiB
 * bounds that backlog (Ctrl-C → prompt ~0.13 s at load 5–8). Measured trade-off on a loaded
 * machine (bench/RESULTS.md, terminal): 512 KiB made a 20 MiB `cat` ~15 % faster (sshd runs
 * further ahead while kubelab waits for a CPU) but doubled the Ctrl-C time to ~0.3 s, with
 * 0.37 s seen against the 0.5 s goal; 1 MiB likewise. The margin was kept.
 */
export const SHELL_WINDOW = 256 * 1024;
/** The largest data packet the node may send on the shell channel (ssh2's default is 32 KiB). */
export const SHELL_PACKET = 32 * 1024;

/** An interactive shell channel; `consumed` is told each chunk of output taken off the channel. */
export interface ShellChannel {
  stream: ClientChannel;
  /** Bytes taken from the channel: the window grows back by this much (in steps of half). */
  consumed(bytes: number): void;
  /** Whether the small window is in force (false: ssh2's own 2 MiB window management). */
  smallWindow: boolean;
}

function requestShell(lease: Lease, cols: number, rows: number): Promise<ClientChannel> {
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

/**
 * An interactive shell with a pty on a node, for terminals (never used by steps). ssh2 has no
 * option for a channel's window, so the small one goes through ssh2 internals (see
 * shellWindow.ts); if they are not as expected the shell opens with ssh2's window and a warning.
 */
export async function openShell(lease: Lease, cols: number, rows: number): Promise<ShellChannel> {
  const hooks = smallWindowHooks(lease.client, SHELL_WINDOW, SHELL_PACKET);
  if (!hooks) {
    warnNoSmallWindow('the ssh2 client has no session/channelWindowAdjust internals');
    return {
      stream: await requestShell(lease, cols, rows),
      consumed: () => undefined,
      smallWindow: false,
    };
  }
  // shell() sends its channel-open request synchronously, so only this channel gets the window.
  const opening = hooks.during(() => requestShell(lease, cols, rows));
  const stream = await opening;
  const window = hooks.take(stream);
  if (window) return { stream, consumed: window.consumed, smallWindow: true };
  // Opened with the small window but ssh2 would never grow it: this channel would stall. Close
  // it and open one with ssh2's own window.
  warnNoSmallWindow('an ssh2 channel has no incoming/outgoing window fields');
  stream.close();
  return {
    stream: await requestShell(lease, cols, rows),
    consumed: () => undefined,
    smallWindow: false,
  };
}

/** Tells the remote pty its new size (SIGWINCH for the program inside). */
export function resizeShell(stream: ClientChannel, cols: number, rows: number): void {
  stream.setWindow(rows, cols, 0, 0);
}
