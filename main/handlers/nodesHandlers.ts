import type { ConnectionTest } from '../../common/contracts/nodes';
import { AppError, toAppErrorData } from '../../common/model/appError';
import type { Handlers } from '../api/handlers';
import { execRaw, sudoMode } from '../ssh/exec';
import { gatherMany } from '../nodes/factsService';
import { nodeSecretKey } from '../store/secrets';
import type { NodesContext } from '../nodes/nodesContext';

type NodesHandlers = Pick<Handlers, Extract<keyof Handlers, `nodes.${string}`>>;

const SUDO_STATE: Record<string, ConnectionTest['sudo']> = {
  sudo_password_required: 'password_required',
  sudo_password_wrong: 'password_wrong',
  sudo_denied: 'denied',
};

/** Fresh login + `true` + sudo check, reported step by step rather than as one pass/fail. */
async function testConnection(ctx: NodesContext, id: string): Promise<ConnectionTest> {
  await ctx.inventory.get(id);
  ctx.pool.disconnect(id);
  const result: ConnectionTest = {
    nodeId: id,
    reachable: false,
    authOk: false,
    hostKey: { state: 'not_checked' },
    sudo: 'not_checked',
  };
  try {
    const lease = await ctx.pool.acquire(id);
    try {
      result.reachable = true;
      result.authOk = true;
      const key = lease.connected.hostKey;
      result.hostKey = {
        state: lease.connected.hostKeyState === 'match' ? 'pinned' : 'accepted',
        ...key,
      };
      const t0 = Date.now();
      await execRaw(lease, 'true', { timeoutMs: 15_000 });
      result.latencyMs = Date.now() - t0;
      try {
        result.sudo = await sudoMode(lease, ctx);
      } catch (err) {
        const state = err instanceof AppError ? SUDO_STATE[err.code] : undefined;
        if (!state) throw err;
        result.sudo = state;
        result.error = toAppErrorData(err);
      }
    } finally {
      lease.release();
    }
  } catch (err) {
    const e = toAppErrorData(err);
    result.error = { ...e, nodeId: id };
    result.reachable = ['auth_failed', 'host_key_changed', 'host_key_unknown'].includes(e.code);
    if (e.code === 'host_key_changed') result.hostKey = { state: 'changed' };
    else if (e.code === 'host_key_unknown') result.hostKey = { state: 'unknown' };
    else if (e.code === 'auth_failed') {
      const pinned = (await ctx.inventory.get(id)).hostKey;
      if (pinned) result.hostKey = { state: 'pinned', ...pinned };
    }
  }
  return result;
}

/** Handlers for the inventory, connection tests, host-key answers, secrets and facts. */
export function createNodesHandlers(ctx: NodesContext): NodesHandlers {
  return {
    'nodes.list': async () => ({ nodes: await ctx.inventory.list() }),
    'nodes.add': (input) => ctx.inventory.add(input),
    'nodes.update': async ({ id, patch }) => {
      const spec = await ctx.inventory.update(id, patch);
      ctx.pool.disconnect(id); // the next use logs in with the new settings
      return spec;
    },
    'nodes.remove': async ({ id }) => {
      const removed = await ctx.inventory.remove(id);
      ctx.pool.disconnect(id);
      return { removed };
    },
    'nodes.import': (req) => ctx.inventory.import(req),
    'nodes.test': ({ id }) => testConnection(ctx, id),
    'nodes.answerHostKey': async ({ promptId, accept }) => ({
      ok: ctx.hostKeys.answer(promptId, accept),
    }),
    'nodes.forgetHostKey': async ({ id }) => {
      ctx.pool.disconnect(id);
      return ctx.inventory.forgetHostKey(id);
    },
    'nodes.setSecret': async ({ id, kind, value }) => {
      await ctx.inventory.get(id);
      await ctx.secrets.set(nodeSecretKey(id, kind), value);
      ctx.pool.disconnect(id);
      return { store: ctx.secrets.kind };
    },
    'nodes.clearSecret': async ({ id, kind }) => {
      await ctx.secrets.delete(nodeSecretKey(id, kind));
      return {};
    },
    'nodes.secretStatus': async ({ id }) => ({
      password: (await ctx.secrets.get(nodeSecretKey(id, 'password'))) !== undefined,
      passphrase: (await ctx.secrets.get(nodeSecretKey(id, 'passphrase'))) !== undefined,
      store: ctx.secrets.kind,
      writable: ctx.secrets.writable,
    }),
    'nodes.facts': async ({ ids }) => {
      for (const id of ids) await ctx.inventory.get(id);
      const results = await gatherMany(ctx.pool, ctx, ids);
      for (const r of results) if ('facts' in r) ctx.lastFacts.set(r.nodeId, r.facts);
      return { results };
    },
  };
}
