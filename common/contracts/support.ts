import { z } from 'zod';
import { Empty } from './empty';

/**
 * The support bundle (issue 18): one .tar.gz with the project, run records, step logs, facts,
 * preflight, verification, the report and a manifest, every secret redacted. The UI downloads it
 * (the browser saves it; the desktop asks where with a save dialog, main/electron/saveDialog.ts);
 * the CLI writes it to the path it is given (`kubelab support-bundle -o FILE`).
 */
export const SupportFileSchema = z.object({
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  what: z.string(),
});

export const SupportBundleDownloadSchema = z.object({
  /** `<cluster>-support-<yyyymmdd-hhmmss>.tar.gz`: letters, digits, dot, dash, underscore. */
  filename: z.string(),
  mime: z.literal('application/gzip'),
  base64: z.string(),
  bytes: z.number().int().nonnegative(),
  /** The manifest's list: what is inside. */
  files: z.array(SupportFileSchema),
  /** What there was nothing for (no preflight run yet, a cell without a kept log). */
  missing: z.array(z.string()),
});
export type SupportBundleDownload = z.infer<typeof SupportBundleDownloadSchema>;

export const supportRequests = {
  'support.bundle': { payload: Empty, result: SupportBundleDownloadSchema },
} as const;
