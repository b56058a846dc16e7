// A CLI back end for unit tests of the converted commands: the real one (openCliBackend, so the
// contract's schemas check every request through dispatch), with the handlers that would reach
// machines replaced by canned answers, and every request that passed validation recorded.
import type { Payload, RequestName, Result } from '../../common/contract';
import { openCliBackend, type CliBackend, type CliBackendOptions } from '../../main/cli/cliBackend';
import { MemorySecretStore } from '../../main/store/secrets';

export type Canned = {
  [K in RequestName]?: (payload: Payload<K>) => Result<K> | Promise<Result<K>>;
};

export interface RecordingOpen {
  open(opts: CliBackendOptions): Promise<CliBackend>;
  /** The requests handlers received, after the contract's validation. */
  requests: Array<{ name: RequestName; payload: unknown }>;
  /** Back ends closed so far (a command must close what it opened). */
  closed(): number;
}

export function recordingOpen(canned: Canned): RecordingOpen {
  const requests: RecordingOpen['requests'] = [];
  let closed = 0;
  return {
    requests,
    closed: () => closed,
    async open(opts) {
      const cli = await openCliBackend({ ...opts, secrets: new MemorySecretStore() });
      const handlers = cli.backend.handlers as unknown as Record<string, (p: unknown) => unknown>;
      for (const [name, answer] of Object.entries(canned)) {
        handlers[name] = async (payload: unknown) => {
          requests.push({ name: name as RequestName, payload });
          return (answer as (p: unknown) => unknown)(payload);
        };
      }
      return {
        ...cli,
        close: () => {
          closed += 1;
          cli.close();
        },
      };
    },
  };
}

/** Captured output of a command. */
export function capture(): {
  io: { out(t: string): void; err(t: string): void };
  out: string[];
  err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => void out.push(t), err: (t) => void err.push(t) }, out, err };
}
