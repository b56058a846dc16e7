import { z } from 'zod';

/**
 * Handing the open project's install to other tools (issue 22 part 2): `export.ansible` writes
 * an Ansible inventory in Kubespray's groups and a playbook running kubelab's own step scripts
 * into a directory on the machine running kubelab (`kubelab export ansible` does the same).
 */
export const ExportAnsibleSchema = z
  .object({
    /** Absolute path of the output directory: missing or empty, unless `force`. */
    outDir: z
      .string()
      .min(2)
      .max(4096)
      .refine(
        (p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p)),
        'must be an absolute path',
      ),
    /** Replace a directory that is not empty (all of it). */
    force: z.boolean().default(false),
  })
  .strict();

export const exportRequests = {
  'export.ansible': {
    payload: ExportAnsibleSchema,
    result: z.object({ dir: z.string(), files: z.array(z.string()) }),
  },
} as const;
