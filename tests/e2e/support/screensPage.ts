import type { Locator, Page } from '@playwright/test';

/** Page object for the Plan and Install screens. */
export class PlanPage {
  constructor(readonly page: Page) {}

  field(name: string): Locator {
    return this.page.getByTestId(`plan-${name}`);
  }

  get status(): Locator {
    return this.page.getByTestId('plan-status');
  }

  get config(): Locator {
    return this.page.getByTestId('plan-kubeadm-config');
  }

  get save(): Locator {
    return this.page.getByTestId('plan-save');
  }

  get useGuide(): Locator {
    return this.page.getByTestId('plan-guide');
  }

  get showScript(): Locator {
    return this.page.getByTestId('plan-show-script');
  }

  /** The error shown under a field (the control is described by it). */
  errorOf(control: Locator): Locator {
    return control.locator('xpath=..').locator('.field-error');
  }
}

export class InstallPage {
  constructor(readonly page: Page) {}

  get start(): Locator {
    return this.page.getByTestId('install-start');
  }

  get checklist(): Locator {
    return this.page.getByTestId('checklist');
  }

  cell(stepId: string, nodeId: string): Locator {
    return this.checklist.locator(`[data-step="${stepId}"][data-node="${nodeId}"]`);
  }
}

export function toasts(page: Page): Locator {
  return page.getByTestId('toasts');
}
