import { expect, type Locator, type Page } from '@playwright/test';

export const AREAS = ['nodes', 'plan', 'install', 'terminals', 'report', 'history'] as const;
/** Every area; `bundle` only while Plan's "Machines have no internet" is on, so not in AREAS. */
export type Area = (typeof AREAS)[number] | 'bundle';

/** Page object for the app shell: navigation, preferences and the status bar. */
export class ShellPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.appInfo).toBeVisible();
  }

  get appInfo(): Locator {
    return this.page.getByTestId('app-info');
  }

  nav(area: Area): Locator {
    return this.page.getByTestId(`nav-${area}`);
  }

  area(area: Area): Locator {
    return this.page.getByTestId(`area-${area}`);
  }

  get language(): Locator {
    return this.page.getByTestId('language');
  }

  get theme(): Locator {
    return this.page.getByTestId('theme');
  }
}
