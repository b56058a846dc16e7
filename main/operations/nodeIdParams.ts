import { z } from 'zod';
import { AppError } from '../../common/model/appError';
import type { OperationTarget } from './operation';

/** Parameters of an operation on chosen machines: their ids in the project. */
export const NodeIdsParamsSchema = z
  .object({ nodeIds: z.array(z.string().min(1).max(63)).min(1).max(500) })
  .strict();
export type NodeIdsParams = z.infer<typeof NodeIdsParamsSchema>;

/** Parameters of an operation on one machine. */
export const NodeIdParamsSchema = z.object({ nodeId: z.string().min(1).max(63) }).strict();
export type NodeIdParams = z.infer<typeof NodeIdParamsSchema>;

/** The ids, each checked to be a machine of the project (an unknown one names the field). */
export function projectNodeIds(ids: readonly string[], target: OperationTarget): string[] {
  for (const [i, id] of ids.entries()) {
    if (!target.nodes.some((n) => n.id === id)) {
      throw new AppError({
        code: 'not_found',
        message: `no node "${id}" in the project`,
        nodeId: id,
        field: ids.length === 1 ? 'params.nodeId' : `params.nodeIds.${i}`,
      });
    }
  }
  return [...ids];
}
