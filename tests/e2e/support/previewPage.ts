import { expect, type Locator, type Page } from '@playwright/test';

/** What renderer/preview/main.tsx exposes to tests (a subset of its shape). */
declare global {
  interface Window {
    preview?: {
      sources: Record<string, { sizes: [number, number][]; written: string[] } | undefined>;
      appendLog(text: string): void;
      setCell(stepId: string, nodeId: string, status: string): void;
    };
  }
}

/** Page object for the component preview. */
export class PreviewPage {
  constructor(readonly page: Page) {}

  async open(
    base: string,
    lang: 'en' | 'zh-CN' = 'en',
    theme: 'light' | 'dark' = 'light',
    /** `large`: the checklist at benchmark scale, 100 nodes × 25 steps, in a 420 px panel. */
    checklist: 'sample' | 'large' = 'sample',
  ): Promise<void> {
    const errors: string[] = [];
    this.page.on('pageerror', (err) => errors.push(err.message));
    this.page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    this.errors = errors;
    const large = checklist === 'large' ? '&checklist=large' : '';
    await this.page.goto(`${base}?lang=${lang}&theme=${theme}${large}`);
    await expect(this.checklist).toBeVisible();
  }

  errors: string[] = [];

  get checklist(): Locator {
    return this.page.getByTestId('checklist');
  }

  cell(stepId: string, nodeId: string): Locator {
    return this.checklist.locator(`[data-step="${stepId}"][data-node="${nodeId}"]`);
  }

  /** The cells drawn (a big grid draws those in view and the focused one). */
  get gridCells(): Locator {
    return this.checklist.getByRole('gridcell');
  }

  /** A row by its aria-rowindex (1 is the node names). */
  row(ariaRowIndex: number): Locator {
    return this.checklist.locator(`[role="row"][aria-rowindex="${ariaRowIndex}"]`);
  }

  columnHeader(name: string): Locator {
    return this.checklist.getByRole('columnheader', { name, exact: true });
  }

  rowHeader(name: string): Locator {
    return this.checklist.getByRole('rowheader', { name, exact: true });
  }

  /** Whether a cell lies wholly below the sticky node names and right of the sticky step names. */
  async clearOfHeaders(cell: Locator): Promise<boolean> {
    const box = await cell.boundingBox();
    const corner = await this.checklist.getByRole('columnheader').first().boundingBox();
    if (!box || !corner) return false;
    return box.y >= corner.y + corner.height - 0.5 && box.x >= corner.x + corner.width - 0.5;
  }

  get selectedCell(): Locator {
    return this.page.getByTestId('selected-cell');
  }

  topologyNode(id: string): Locator {
    return this.page.getByTestId(`topology-node-${id}`);
  }

  get selectedMachine(): Locator {
    return this.page.getByTestId('selected-machine');
  }

  get log(): Locator {
    return this.page.getByTestId('log-viewer');
  }

  get follow(): Locator {
    return this.page.getByTestId('log-follow');
  }

  section(name: string): Locator {
    return this.page.getByTestId(`preview-${name}`);
  }
}
