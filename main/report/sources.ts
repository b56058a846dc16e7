import type { HostFacts } from '../../common/model/facts';
import type { NodesContext } from '../nodes/nodesContext';
import { lastPreflight } from '../store/preflightRecord';
import { gatherMany } from '../nodes/factsService';
import type { ProjectStore } from '../store/projectStore';
import type { ReportDeps } from './collect';

export interface LiveSourcesOptions {
  /** How long a report waits for facts of nodes never gathered before (default 8 s). */
  factsTimeoutMs?: number;
  /** Gathering, replaceable in tests (default: the facts script over the context's pool). */
  gather?: (
    ctx: NodesContext,
    ids: string[],
  ) => Promise<Array<{ nodeId: string; facts?: HostFacts }>>;
}

const defaultGather: NonNullable<LiveSourcesOptions['gather']> = (ctx, ids) =>
  gatherMany(ctx.pool, ctx, ids);

/**
 * The report's facts and preflight for a face (desktop, `kubelab serve`) from the backend's own
 * services: facts are the nodes service's last gathered ones (nodes.facts), and nodes without any
 * are gathered on demand, waiting at most `factsTimeoutMs` (a slow or unreachable node shows as
 * "not checked"; what arrives later is kept for the next report). Preflight is the last run
 * (store/preflightRecord.ts). Neither ever fails the report. `nodes` is read at report time, so a face
 * can pass `() => backend.nodes` before the backend exists.
 */
export function liveReportSources(
  projectStore: ProjectStore,
  nodes: () => NodesContext | undefined,
  opts: LiveSourcesOptions = {},
): Pick<ReportDeps, 'facts' | 'preflight' | 'preflightMatrices'> {
  const timeoutMs = opts.factsTimeoutMs ?? 8_000;
  const gather = opts.gather ?? defaultGather;
  return {
    facts: async () => {
      const ctx = nodes();
      if (!ctx) return [];
      const ids = projectStore.get().nodes.map((n) => n.id);
      const missing = ids.filter((id) => !ctx.lastFacts.has(id));
      if (missing.length > 0) {
        const gathering = gather(ctx, missing)
          .then((results) => {
            for (const r of results) if (r.facts) ctx.lastFacts.set(r.nodeId, r.facts);
          })
          .catch(() => undefined);
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          gathering,
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, timeoutMs);
          }),
        ]);
        clearTimeout(timer);
      }
      return ids.flatMap((id) => {
        const f = ctx.lastFacts.get(id);
        return f ? [f] : [];
      });
    },
    preflight: async () => (await lastPreflight(projectStore).catch(() => undefined))?.report,
    preflightMatrices: async () =>
      (await lastPreflight(projectStore).catch(() => undefined))?.matrices ?? [],
  };
}
