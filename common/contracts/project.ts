import { z } from 'zod';
import { ProjectSchema } from '../model/project';

/** Opening and saving the project file (`kubelab.yaml`). */

/**
 * A project file path. Only .yaml/.yml files: the caller is untrusted, and this keeps
 * project.save from being usable to overwrite arbitrary files of the user.
 */
export const ProjectPathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0') && /\.ya?ml$/i.test(p), 'must be a .yaml or .yml file path');

export const projectRequests = {
  'project.open': {
    payload: z.object({ path: ProjectPathSchema }).strict(),
    result: z.object({ path: z.string(), project: ProjectSchema }),
  },
  'project.save': {
    payload: z.object({ path: ProjectPathSchema.optional() }).strict(),
    result: z.object({ path: z.string() }),
  },
} as const;
