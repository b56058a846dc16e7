import { expect, type Locator, type Page } from '@playwright/test';

/** What renderer/preview/main.tsx exposes to tests (a subset of its shape). */
declare global {
  interface Window {
    preview?: {
      sources: Record<string, { sizes: [number, number][]; written: string[] } | undefined>;
      appendLog(text: string): void;
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
  ): Promise<void> {
    const errors: string[] = [];
    this.page.on('pageerror', (err) => errors.push(err.message));
    this.page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    this.errors = errors;
    await this.page.goto(`${base}?lang=${lang}&theme=${theme}`);
    await expect(this.checklist).toBeVisible();
  }

  errors: string[] = [];

  get checklist(): Locator {
    return this.page.getByTestId('checklist');
  }

  cell(stepId: string, nodeId: string): Locator {
    return this.checklist.locator(`[data-step="${stepId}"][data-node="${nodeId}"]`);
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
