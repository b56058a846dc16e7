import { access, constants } from 'node:fs/promises';
import { CHROMIUM_ARGS } from '../../common/chromiumArgs';
import { AppError } from '../../common/model/appError';

/**
 * PDF for `serve` and the CLI: the report's HTML printed by Chromium through playwright-core
 * (Debian's /usr/bin/chromium, or KUBELAB_CHROMIUM). The desktop face prints with Electron's own
 * printToPDF instead (main/electron/reportPdf.ts); both satisfy `PdfRenderer`.
 */
export const PAPER_SIZES = ['A4', 'Letter'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

export type PdfRenderer = (html: string, paper: PaperSize) => Promise<Uint8Array>;

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBELAB_CHROMIUM || '/usr/bin/chromium';
}

async function ensureExecutable(path: string): Promise<void> {
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new AppError({
      code: 'chromium_missing',
      message: `PDF export needs Chromium: ${path} is not there. Install chromium or set KUBELAB_CHROMIUM to its path, or export HTML and print it.`,
    });
  }
}

export function chromiumPdfRenderer(executablePath = chromiumPath()): PdfRenderer {
  return async (html, paper) => {
    await ensureExecutable(executablePath);
    // Loaded on demand: the CLI's other commands should not pay for Playwright.
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath,
      args: [...CHROMIUM_ARGS],
      headless: true,
    });
    try {
      const page = await browser.newPage({ javaScriptEnabled: false, offline: true });
      // The HTML is self-contained; anything it asks for is refused rather than fetched.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      return await page.pdf({ format: paper, printBackground: true });
    } finally {
      await browser.close();
    }
  };
}
