import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './common/chromiumArgs';

// Debian's Chromium, never a downloaded browser (`npx playwright install` is not used here).

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 120_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.KUBELAB_CHROMIUM ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS],
    },
    trace: 'retain-on-failure',
  },
});
