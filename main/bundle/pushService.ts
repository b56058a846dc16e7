import { rm } from 'node:fs/promises';
import { bundleNeeds } from '../../common/bundle/needs';
import { missingForNode } from '../../common/bundle/offlineCoverage';
import { selectForNodes } from '../../common/bundle/pushSelection';
import type { ParsedPayload, Result } from '../../common/contract';
import { AppError } from '../../common/model/appError';
import type { ClusterPlan } from '../../common/model/plan';
import type { EventBus } from '../api/eventBus';
import type { Remote } from '../engine/remote';
import { pushBundle } from './pushBundle';
import { pushStagingFor, readBundle, stageEntries } from './stageEntries';

/**
 * `bundle.push` and `bundle.pushCancel` for one back end: one push at a time (two pushes would
 * write the same partials on the nodes), an AbortController the cancel trips. The entries are
 * unpacked beside the bundle (`<bundle>.push/`), kept while a node still lacks its share so the
 * next push resumes without unpacking again, and removed once every node has verified its share.
 */
export interface BundlePushService {
  push(payload: ParsedPayload<'bundle.push'>): Promise<Result<'bundle.push'>>;
  cancel(): Result<'bundle.pushCancel'>;
}

export function createBundlePushService(
  plan: () => ClusterPlan,
  remoteFor: (nodeId: string) => Remote,
  bus: EventBus,
): BundlePushService {
  let running: AbortController | undefined;
  return {
    cancel: () => {
      const had = running !== undefined;
      running?.abort();
      return { cancelled: had };
    },
    push: async ({ path, machines, bandwidthLimit, concurrency }) => {
      if (running)
        throw new AppError({ code: 'bundle_busy', message: 'a bundle push is already running' });
      const { manifest, refs } = await readBundle(path);
      const current = plan();
      const selection = selectForNodes(manifest, machines, current.kubernetesVersion);
      if (!selection.ok) {
        const [first] = selection.errors;
        throw new AppError({
          code: 'invalid',
          field: first?.field ?? 'path',
          message: selection.errors.map((e) => e.message).join(' '),
        });
      }
      const controller = new AbortController();
      running = controller;
      const staging = pushStagingFor(path);
      try {
        const wanted = [
          ...new Map(selection.nodes.flatMap((n) => n.entries).map((e) => [e.path, e])).values(),
        ];
        const localFiles = await stageEntries(path, refs, wanted, staging, controller.signal);
        const nodes = await pushBundle({
          manifest,
          shipments: selection.nodes,
          missing: new Map(
            selection.nodes.map((n) => {
              const m = machines.find((x) => x.nodeId === n.nodeId);
              const needs = m ? bundleNeeds({ plan: current, machines: [m] }).artifacts : [];
              return [n.nodeId, missingForNode(needs, manifest, n)];
            }),
          ),
          localFiles,
          remoteFor,
          signal: controller.signal,
          ...(bandwidthLimit !== undefined ? { bandwidthLimit } : {}),
          ...(concurrency !== undefined ? { concurrency } : {}),
          onEvent: (e) => bus.emit('bundle.pushProgress', e),
        });
        const ok = nodes.every((n) => n.ok && n.missing.length === 0);
        if (nodes.every((n) => n.ok)) await rm(staging, { recursive: true, force: true });
        return { nodes, ok };
      } catch (err) {
        if (controller.signal.aborted)
          throw new AppError({
            code: 'cancelled',
            message: `bundle push interrupted; what the nodes received is kept — push ${path} again to resume`,
          });
        throw err;
      } finally {
        running = undefined;
      }
    },
  };
}
