import { z } from 'zod';
import { ReportLangSchema, ReportSchema } from '../report/model';

/**
 * The cluster report of the open project (issue 9). `report.preview` returns the model and the
 * self-contained HTML the Report screen can show (e.g. in a sandboxed iframe's srcdoc);
 * `report.export` writes one format to a file the user chose.
 */
export const REPORT_FORMATS = ['html', 'pdf', 'md', 'json'] as const;

/** The extensions a format may be written under: a report never lands on `~/.bashrc`. */
export const REPORT_EXTENSIONS: Record<(typeof REPORT_FORMATS)[number], readonly string[]> = {
  html: ['.html', '.htm'],
  pdf: ['.pdf'],
  md: ['.md', '.markdown'],
  json: ['.json'],
};

export const ReportExportSchema = z
  .object({
    format: z.enum(REPORT_FORMATS),
    /** Absolute path ending in the format's extension (.html, .pdf, .md, .json). */
    path: z
      .string()
      .min(2)
      .max(4096)
      .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path'),
    lang: ReportLangSchema.default('en'),
    paper: z.enum(['A4', 'Letter']).default('A4'),
  })
  .strict()
  .refine((x) => REPORT_EXTENSIONS[x.format].some((ext) => x.path.toLowerCase().endsWith(ext)), {
    message: 'must end with the format’s extension',
    path: ['path'],
  });

/** What a browser downloads: the rendered report, base64 (PDF is binary), and a file name. */
export const ReportDownloadSchema = z.object({
  /** `<cluster>-report.<ext>`: letters, digits, dot, dash and underscore only. */
  filename: z.string(),
  mime: z.string(),
  base64: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type ReportDownload = z.infer<typeof ReportDownloadSchema>;

export const reportRequests = {
  'report.preview': {
    payload: z.object({ lang: ReportLangSchema.default('en') }).strict(),
    result: z.object({ report: ReportSchema, html: z.string() }),
  },
  'report.export': {
    payload: ReportExportSchema,
    result: z.object({ path: z.string(), bytes: z.number().int().nonnegative() }),
  },
  /**
   * The report rendered for a download: the browser cannot name a path on the machine kubelab
   * runs on, and the desktop asks where with a save dialog (main/electron/saveDialog.ts); the
   * CLI writes to a path it is given through report.export.
   */
  'report.download': {
    payload: z
      .object({
        format: z.enum(REPORT_FORMATS),
        lang: ReportLangSchema.default('en'),
        paper: z.enum(['A4', 'Letter']).default('A4'),
      })
      .strict(),
    result: ReportDownloadSchema,
  },
  /**
   * Shows an exported report in the system's file manager (desktop only). No screen offers it
   * since the desktop saves through a dialog; kept for the contract's faces.
   */
  'report.reveal': {
    payload: z.object({ path: z.string().min(1).max(4096) }).strict(),
    result: z.object({ revealed: z.literal(true) }),
  },
} as const;
