import type { Locator, Page } from '@playwright/test';

/** One result as the panel draws it, comparable with the CLI's JSON. */
export interface ShownResult {
  checkId: string;
  nodeIds: string;
  status: string;
  severity: string;
}

/** Page object for the Install screen's preflight panel and its fix dialog. */
export class PreflightPanel {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('checks-panel');
  }

  get run(): Locator {
    return this.page.getByTestId('run-preflight');
  }

  get summary(): Locator {
    return this.page.getByTestId('preflight-summary');
  }

  group(id: 'block' | 'warn' | 'unknown' | 'pass'): Locator {
    return this.page.getByTestId(`preflight-group-${id}`);
  }

  /** The panel's result for a check on one node (or a pair / group, ids joined by commas). */
  result(checkId: string, nodeIds: string): Locator {
    return this.page
      .getByTestId('preflight-results')
      .locator(`li[data-check="${checkId}"][data-nodes="${nodeIds}"]`);
  }

  /** Every result the panel lists (passed ones too, though collapsed). */
  async shown(): Promise<ShownResult[]> {
    return this.page
      .getByTestId('preflight-results')
      .locator('li[data-check]')
      .evaluateAll((items) =>
        items.map((li) => ({
          checkId: li.getAttribute('data-check') ?? '',
          nodeIds: li.getAttribute('data-nodes') ?? '',
          status: li.getAttribute('data-status') ?? '',
          severity: li.getAttribute('data-severity') ?? '',
        })),
      );
  }

  get dialog(): Locator {
    return this.page.getByTestId('fix-dialog');
  }
}
