import { randomBytes } from 'node:crypto';
import type { HostKeyPrompt } from '../../common/contracts/nodes';
import type { HostKey } from '../../common/model/node';
import type { HostKeyQuestion, HostKeyTrust } from './connection';

/**
 * Host-key trust for the faces. With `acceptNew` (the CLI's StrictHostKeyChecking=accept-new) an
 * unknown key is trusted and pinned; otherwise the question goes out as a `nodes.hostKeyPrompt`
 * event and waits for `answer()` — no answer before the deadline means no — unless a `decide`
 * function answers it directly (the CLI asks on its terminal, as ssh does). A changed key never
 * comes here (the connection stops on its own).
 */
export class HostKeyBroker implements HostKeyTrust {
  private readonly pending = new Map<
    string,
    { resolve: (ok: boolean) => void; timer: NodeJS.Timeout }
  >();

  constructor(
    private readonly opts: {
      emit: (prompt: HostKeyPrompt) => void;
      pin: (nodeId: string, key: HostKey) => Promise<void>;
      acceptNew?: boolean;
      /** Answers the question itself (the CLI's terminal prompt) instead of emitting a prompt. */
      decide?: (question: HostKeyQuestion) => Promise<boolean>;
      timeoutMs?: number;
    },
  ) {}

  askUnknown(q: HostKeyQuestion): Promise<boolean> {
    if (this.opts.acceptNew) return Promise.resolve(true);
    if (this.opts.decide) return this.opts.decide(q);
    const promptId = randomBytes(8).toString('hex');
    const timeoutMs = this.opts.timeoutMs ?? 120_000;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.answer(promptId, false), timeoutMs);
      this.pending.set(promptId, { resolve, timer });
      this.opts.emit({
        promptId,
        nodeId: q.nodeId,
        host: q.host,
        port: q.port,
        algorithm: q.key.algorithm,
        fingerprint: q.key.fingerprint,
        expiresAt: new Date(Date.now() + timeoutMs).toISOString(),
      });
    });
  }

  /** Resolves a pending prompt; false if it is unknown or already answered/expired. */
  answer(promptId: string, accept: boolean): boolean {
    const p = this.pending.get(promptId);
    if (!p) return false;
    this.pending.delete(promptId);
    clearTimeout(p.timer);
    p.resolve(accept);
    return true;
  }

  pin(nodeId: string, key: HostKey): Promise<void> {
    return this.opts.pin(nodeId, key);
  }
}
