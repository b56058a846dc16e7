import { z } from 'zod';
import {
  JoinCommandSchema,
  TokenCreateSchema,
  TokenIdSchema,
  TokenListSchema,
} from '../tokens/model';
import { Empty } from './empty';

/**
 * Bootstrap tokens through kubeadm on the first control plane. `tokens.list` never carries a
 * secret; `tokens.create` and `tokens.joinCommand` return the join command with one, for the
 * caller to show only when asked.
 */
export const tokensRequests = {
  'tokens.list': { payload: Empty, result: TokenListSchema },
  'tokens.create': { payload: TokenCreateSchema, result: JoinCommandSchema },
  'tokens.delete': {
    payload: z.object({ id: TokenIdSchema }).strict(),
    result: z.object({ id: z.string() }),
  },
  'tokens.joinCommand': {
    payload: z.object({ id: TokenIdSchema }).strict(),
    result: JoinCommandSchema,
  },
};
