import type { Handlers } from '../api/handlers';
import type { ProjectStore } from '../store/projectStore';

type ProjectHandlers = Pick<Handlers, 'project.open' | 'project.save'>;

/** Opening and saving the project file (`kubelab.yaml`) through the backend's project store. */
export function createProjectHandlers(store: ProjectStore): ProjectHandlers {
  return {
    'project.open': async ({ path }) => {
      const project = await store.open(path);
      return { path: store.path() ?? path, project };
    },
    'project.save': async ({ path }) => ({ path: await store.save(path) }),
  };
}
