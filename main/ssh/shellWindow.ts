import type { Client, ClientChannel } from 'ssh2';

/**
 * A small SSH channel window through ssh2 internals. ssh2 (1.17, pinned `~1.17.0` in
 * package.json) opens every channel with a constant 2 MiB window and has no option for it. What is
 * used, all checked before use (main/ssh/shellWindow.test.ts fails if ssh2 changes them):
 *  - `client._protocol.session(localChan, initWindow, maxPacket)`: the channel-open request;
 *    patched for one synchronous `client.shell()` call so the request carries our window;
 *  - `client._protocol.channelWindowAdjust(remoteChan, bytes)`: grants the node more window;
 *  - `channel.incoming.window` (ssh2's count of window left, which it tops up at 1 MiB: we keep it
 *    parked far above that so ssh2 never adjusts this channel) and `channel.outgoing.{id,state}`.
 * Anything missing: the caller falls back to ssh2's own window (a larger Ctrl-C backlog only).
 */
interface ProtocolInternals {
  session: (chan: number, initWindow: number, maxPacket: number) => void;
  channelWindowAdjust: (chan: number, amount: number) => void;
}
interface ChannelInternals {
  incoming: { window: number };
  outgoing: { id: number; state: string };
}

/** ssh2's own window count is parked this high so its refill threshold is never reached. */
const PARKED = 2 ** 30;

function protocolOf(client: Client): ProtocolInternals | undefined {
  const protocol: unknown = (client as Client & { _protocol?: unknown })._protocol;
  if (typeof protocol !== 'object' || protocol === null) return undefined;
  const p = protocol as Partial<ProtocolInternals>;
  // Arity checks: a changed signature would otherwise send a wrong window silently.
  if (typeof p.session !== 'function' || p.session.length !== 3) return undefined;
  if (typeof p.channelWindowAdjust !== 'function' || p.channelWindowAdjust.length !== 2)
    return undefined;
  return p as ProtocolInternals;
}

function channelOf(stream: ClientChannel): ChannelInternals | undefined {
  const c = stream as ClientChannel & { incoming?: unknown; outgoing?: unknown };
  const incoming = c.incoming as { window?: unknown } | undefined;
  const outgoing = c.outgoing as { id?: unknown; state?: unknown } | undefined;
  if (typeof incoming?.window !== 'number') return undefined;
  if (typeof outgoing?.id !== 'number' || typeof outgoing.state !== 'string') return undefined;
  return c as ClientChannel & ChannelInternals;
}

export interface SmallWindowHooks {
  /** Runs `open` (which must open exactly one channel synchronously) with the small window. */
  during<T>(open: () => T): T;
  /** Takes over window management of the opened channel; undefined if its fields are missing. */
  take(stream: ClientChannel): { consumed(bytes: number): void } | undefined;
}

/** Hooks for a channel with `window` bytes of window and `packet`-byte packets, or undefined. */
export function smallWindowHooks(
  client: Client,
  window: number,
  packet: number,
): SmallWindowHooks | undefined {
  const protocol = protocolOf(client);
  if (!protocol) return undefined;
  return {
    during(open) {
      const own = Object.hasOwn(protocol, 'session');
      const session = protocol.session;
      protocol.session = (chan) => session.call(protocol, chan, window, packet);
      try {
        return open();
      } finally {
        if (own) protocol.session = session;
        else delete (protocol as Partial<ProtocolInternals>).session;
      }
    },
    take(stream) {
      const channel = channelOf(stream);
      if (!channel) return undefined;
      // Our grant less what was taken off the channel. Every byte that arrives (also before
      // this point, still in the stream's buffers) passes through `consumed` when it is read,
      // so the node never has more than `window` bytes in flight beyond what was read.
      let left = window;
      channel.incoming.window = PARKED;
      return {
        consumed(bytes) {
          channel.incoming.window = PARKED;
          left -= bytes;
          if (left > window / 2 || channel.outgoing.state === 'closed') return;
          protocol.channelWindowAdjust.call(protocol, channel.outgoing.id, window - left);
          left = window;
        },
      };
    },
  };
}

let warned = false;

/** Logged once per process: terminals still work, with ssh2's 2 MiB window. */
export function warnNoSmallWindow(why: string): void {
  if (warned) return;
  warned = true;
  console.warn(
    `kubelab: terminal shells use ssh2's default 2 MiB channel window (${why}); ` +
      'Ctrl-C on a fast producer may take longer to show the prompt.',
  );
}
