import type { Handlers } from '../api/handlers';
import type { ProjectStore } from '../store/projectStore';
import { createToken, deleteToken, joinCommand, listTokens } from '../tokens/tokensService';
import type { NodesContext } from '../nodes/nodesContext';

type TokenHandlers = Pick<
  Handlers,
  'tokens.list' | 'tokens.create' | 'tokens.delete' | 'tokens.joinCommand'
>;

/** Bootstrap tokens of the open project's cluster, over the backend's one SSH pool. */
export function createTokensHandlers(ctx: NodesContext, projectStore: ProjectStore): TokenHandlers {
  const deps = (): Parameters<typeof listTokens>[0] => ({
    nodes: projectStore.get().nodes,
    remote: (id) => ctx.remote(id),
  });
  return {
    'tokens.list': async () => listTokens(deps()),
    'tokens.create': async (p) => createToken(deps(), p),
    'tokens.delete': async ({ id }) => deleteToken(deps(), id),
    'tokens.joinCommand': async ({ id }) => joinCommand(deps(), id),
  };
}
