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

/** Page object for the Nodes screen and its add/edit dialog. */
export class NodesPage {
  constructor(readonly page: Page) {}

  get add(): Locator {
    return this.page.getByTestId('nodes-add');
  }

  get dialog(): Locator {
    return this.page.getByTestId('node-dialog');
  }

  input(name: string): Locator {
    return this.page.getByTestId(`node-${name}`);
  }

  row(id: string): Locator {
    return this.page.getByTestId(`node-row-${id}`);
  }

  /** Fills the add dialog and saves; the row appears when the back end has the node. */
  async addNode(node: {
    name: string;
    address: string;
    role: 'control-plane' | 'worker';
    auth?: 'password' | 'key' | 'agent';
  }): Promise<void> {
    await this.add.click();
    await this.input('name').fill(node.name);
    await this.input('address').fill(node.address);
    await this.input('auth').selectOption(node.auth ?? 'agent');
    await this.input('role').selectOption(node.role);
    await this.input('save').click();
    await this.dialog.waitFor({ state: 'hidden' });
  }
}
