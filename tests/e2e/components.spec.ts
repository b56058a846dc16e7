import { expect, test } from '@playwright/test';
import { startPreview, type Preview } from './support/preview';
import { PreviewPage } from './support/previewPage';

let preview: Preview;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  preview = await startPreview();
});
test.afterAll(async () => {
  await preview.stop();
});
test.use({ viewport: { width: 1440, height: 1100 } });

for (const lang of ['en', 'zh-CN'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`components render cleanly in ${lang}, ${theme}`, async ({ page }) => {
      const ui = new PreviewPage(page);
      await ui.open(preview.url, lang, theme);
      await expect(ui.topologyNode('node3')).toHaveAttribute('data-state', 'failed');
      await expect(page.locator('[data-testid="terminal-pane-p1"] .xterm-rows')).toContainText(
        'root@node2',
      );
      await page.screenshot({
        path: `test-results/screenshots/components-${lang}-${theme}.png`,
        fullPage: true,
      });
      expect(ui.errors).toEqual([]);
    });
  }
}

test('the checklist is a keyboard grid: arrows move, Enter selects', async ({ page }) => {
  const ui = new PreviewPage(page);
  await ui.open(preview.url);
  await ui.cell('preflight', 'node1').click();
  await expect(ui.selectedCell).toHaveText('preflight/node1');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(ui.cell('runtime', 'node3')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ui.selectedCell).toHaveText('runtime/node3');
  await expect(ui.cell('runtime', 'node3')).toHaveAttribute('aria-selected', 'true');
  await expect(ui.cell('runtime', 'node3')).toHaveAttribute('data-status', 'failed');
  // Only one cell is in the tab order, so Tab leaves the grid.
  await expect(ui.checklist.locator('[tabindex="0"]')).toHaveCount(1);
  // A small grid is drawn whole (10 steps × 3 nodes), with its place in the grid for ARIA.
  await expect(ui.gridCells).toHaveCount(30);
  await expect(ui.cell('runtime', 'node3')).toHaveAttribute('aria-colindex', '4');
  await expect(ui.row(5).locator('[data-step="runtime"]')).toHaveCount(3);
});

test('a 100 × 25 checklist draws what is in view; headers stay, focus and keys follow', async ({
  page,
}) => {
  const ui = new PreviewPage(page);
  await ui.open(preview.url, 'en', 'light', 'large');
  const grid = ui.checklist;
  await expect(grid).toHaveAttribute('aria-rowcount', '26');
  await expect(grid).toHaveAttribute('aria-colcount', '101');
  const first = ui.cell('s01', 'node001');
  await expect(first).toBeInViewport();
  const drawn = await ui.gridCells.count();
  expect(drawn).toBeGreaterThan(20);
  expect(drawn).toBeLessThan(400);
  await expect(ui.cell('s25', 'node100')).toHaveCount(0);

  await first.click();
  await expect(ui.selectedCell).toHaveText('s01/node001');
  // A status change of a cell out of view is drawn once the cell is scrolled to.
  await page.evaluate(() => window.preview?.setCell('s01', 'node100', 'failed'));
  await page.keyboard.press('End');
  const end = ui.cell('s01', 'node100');
  await expect(end).toBeFocused();
  await expect(end).toHaveAttribute('data-status', 'failed');
  await expect(end).toHaveAttribute('aria-colindex', '101');
  await expect(end).toBeInViewport({ ratio: 1 });
  await expect.poll(() => ui.clearOfHeaders(end)).toBe(true);
  await expect(ui.columnHeader('node100')).toBeInViewport();
  await expect(first).toHaveCount(0);

  // Ctrl+End: the last cell, with both sticky headers still in view beside it.
  await page.keyboard.press('Control+End');
  const last = ui.cell('s25', 'node100');
  await expect(last).toBeFocused();
  await expect(last).toBeInViewport({ ratio: 1 });
  await expect.poll(() => ui.clearOfHeaders(last)).toBe(true);
  await expect(ui.row(26).locator('[data-step="s25"][data-node="node100"]')).toHaveCount(1);
  await expect(ui.columnHeader('node100')).toBeInViewport();
  await expect(ui.rowHeader('Install kubeadm, kubelet, kubectl (25)')).toBeInViewport();
  await expect(ui.columnHeader('Step')).toBeInViewport();

  // Scrolled back to the top left, the focused cell is out of view yet keeps the focus…
  await grid.evaluate((el) => el.scrollTo(0, 0));
  await expect(ui.cell('s01', 'node001')).toBeInViewport();
  await expect(last).not.toBeInViewport();
  await expect(last).toBeFocused();
  await expect(ui.rowHeader('Preflight checks (01)')).toBeInViewport();
  // …and the keys go on from it, scrolling it back into view.
  await page.keyboard.press('ArrowUp');
  const up = ui.cell('s24', 'node100');
  await expect(up).toBeFocused();
  await expect(up).toBeInViewport({ ratio: 1 });
  await expect.poll(() => ui.clearOfHeaders(up)).toBe(true);
  await page.keyboard.press('Enter');
  await expect(ui.selectedCell).toHaveText('s24/node100');
  await expect(up).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Control+Home');
  await expect(ui.cell('s01', 'node001')).toBeFocused();
  await expect(ui.cell('s01', 'node001')).toBeInViewport({ ratio: 1 });
  await expect(grid.locator('[tabindex="0"]')).toHaveCount(1);
  expect(await ui.gridCells.count()).toBeLessThan(400);
  expect(ui.errors).toEqual([]);
});

test('clicking a machine on the topology selects it; Enter does too', async ({ page }) => {
  const ui = new PreviewPage(page);
  await ui.open(preview.url);
  await ui.topologyNode('node2').click();
  await expect(ui.selectedMachine).toHaveText('node2');
  await page.locator('.react-flow__node[data-id="node3"]').focus();
  await page.keyboard.press('Enter');
  await expect(ui.selectedMachine).toHaveText('node3');
  await expect(page.getByTestId('topology-endpoint')).toContainText('10.10.0.11:6443');
  await expect(page.getByTestId('topology-network')).toContainText('10.244.0.0/16');
});

test('the log follows new lines until the user scrolls up', async ({ page }) => {
  const ui = new PreviewPage(page);
  await ui.open(preview.url);
  await page.evaluate(() => {
    const many = Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`).join('\n');
    window.preview?.appendLog(`${many}\n`);
  });
  await expect(ui.log.locator('[data-line="5006"]')).toBeVisible();
  // Virtualised: thousands of lines, a few dozen in the DOM.
  expect(await ui.log.locator('.log-line').count()).toBeLessThan(120);
  await ui.log.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(ui.follow).toHaveAttribute('aria-pressed', 'false');
  await page.evaluate(() => window.preview?.appendLog('newest\n'));
  await expect(ui.log.locator('[data-line="1"]')).toBeVisible();
  await ui.follow.click();
  await expect(ui.log.getByText('newest')).toBeVisible();
});

test('the terminal types into its source, fits and reports its size', async ({ page }) => {
  const ui = new PreviewPage(page);
  await ui.open(preview.url);
  const rows = page.locator('[data-testid="terminal-pane-p1"] .xterm-rows');
  await expect(rows).toContainText('journalctl -u kubelet -n 200');
  await page.locator('.xterm-helper-textarea').first().focus();
  // Clear the prefilled diagnostic (typed, not run) and run `hostname` instead.
  await page.keyboard.press('Control+U');
  await page.keyboard.type('hostname');
  await page.keyboard.press('Enter');
  await expect(rows.locator('div', { hasText: /^node2\s*$/ })).toHaveCount(1);
  const sizes = await page.evaluate(() => window.preview?.sources.t1?.sizes ?? []);
  expect(sizes.length).toBeGreaterThan(0);
  const [cols, lines] = sizes[sizes.length - 1] ?? [0, 0];
  expect(cols).toBeGreaterThan(40);
  expect(lines).toBeGreaterThan(5);
  await page.getByRole('button', { name: 'Split right' }).click();
  await expect(page.locator('[data-testid="terminal-pane-t1-b"] .xterm-rows')).toContainText(
    'root@node2',
  );
  await page.getByTestId('terminal-tab-t1').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('terminal-tab-t2')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('The connection dropped.')).toBeVisible();
});

test('fields show their zod error as the user types; the dialog traps focus and Esc closes it', async ({
  page,
}) => {
  const ui = new PreviewPage(page);
  await ui.open(preview.url);
  const form = ui.section('form');
  const id = form.getByLabel('Id');
  await expect(id).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('a DNS label')).toBeVisible();
  await id.fill('node1');
  await expect(id).toHaveAttribute('aria-invalid', 'false');
  await form.getByLabel('SSH port').fill('70000');
  await expect(form.getByText('Must be at most 65535.')).toBeVisible();

  const opener = page.getByTestId('open-dialog');
  await opener.click();
  const dialog = page.getByTestId('preview-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Address')).toBeFocused();
  for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
  const inside = await dialog.evaluate((el) => el.contains(document.activeElement));
  expect(inside).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

test('an irreversible action needs the name typed exactly', async ({ page }) => {
  const ui = new PreviewPage(page);
  await ui.open(preview.url);
  await page.getByTestId('open-reset').click();
  const ok = page.getByTestId('confirm-typing-ok');
  await expect(ok).toBeDisabled();
  await page.getByTestId('confirm-typing-input').fill('kubernete');
  await expect(ok).toBeDisabled();
  await page.getByTestId('confirm-typing-input').fill('kubernetes');
  await ok.click();
  await expect(page.getByTestId('reset-state')).toHaveText('confirmed');
});
