import { expect, type Locator, type Page } from '@playwright/test';

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

  /** "Use today's defaults": the modern upstream preset (it has no test id of its own). */
  get useModern(): Locator {
    return this.page.getByRole('button', { name: "Use today's defaults" });
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

  get outcome(): Locator {
    return this.page.getByTestId('install-outcome');
  }

  get detail(): Locator {
    return this.page.getByTestId('cell-detail');
  }

  /** A machine on the topology; its `data-state` is the topology's (ready, failed, …). */
  machine(nodeId: string): Locator {
    return this.page.getByTestId(`topology-node-${nodeId}`);
  }

  /** The "add these machines to the cluster" banner shown for nodes not in the install yet. */
  get newcomers(): Locator {
    return this.page.getByTestId('day2-add');
  }
}

/** Page object for the Terminals screen (xterm.js panes). */
export class TerminalsPage {
  constructor(readonly page: Page) {}

  openOn(nodeId: string): Locator {
    return this.page.getByTestId(`open-terminal-${nodeId}`);
  }

  /** The visible rows of the active terminal. */
  get screen(): Locator {
    return this.page.locator('.xterm-rows').locator('visible=true');
  }

  /** The terminal rows whose whole text matches `text`. */
  line(text: RegExp): Locator {
    return this.screen.locator(':scope > div').filter({ hasText: text });
  }

  /** xterm takes keys through its helper textarea (the rows themselves do not take clicks). */
  async type(text: string): Promise<void> {
    await this.page.locator('.xterm-helper-textarea').locator('visible=true').focus();
    await this.page.keyboard.type(text);
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
    user?: string;
    keyPath?: string;
  }): Promise<void> {
    await this.add.click();
    await this.input('name').fill(node.name);
    await this.input('address').fill(node.address);
    if (node.user !== undefined) await this.input('user').fill(node.user);
    await this.input('auth').selectOption(node.auth ?? 'agent');
    if (node.keyPath !== undefined) await this.input('keyPath').fill(node.keyPath);
    await this.input('role').selectOption(node.role);
    await this.input('save').click();
    await this.dialog.waitFor({ state: 'hidden' });
  }

  get hostKeyPrompt(): Locator {
    return this.page.getByTestId('host-key-prompt');
  }

  /**
   * Test connection on a node's row; the first connection asks about the host key, which is
   * accepted only when its fingerprint is `expected`. Resolves once the test result shows.
   */
  async testAndAcceptHostKey(id: string, expected: string): Promise<void> {
    await this.page.getByTestId(`node-test-${id}`).click();
    await expect(this.hostKeyPrompt).toBeVisible();
    await expect(this.hostKeyPrompt.getByTestId('host-key-fingerprint')).toHaveText(expected);
    await this.hostKeyPrompt.getByTestId('host-key-accept').click();
    await expect(this.hostKeyPrompt).toBeHidden();
    await expect(this.page.getByTestId(`test-result-${id}`)).toBeVisible({ timeout: 30_000 });
  }
}
