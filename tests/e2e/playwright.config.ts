import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../..');
export const SHARED = path.resolve(REPO, '..', 'shared');
const PORT = Number(process.env.E2E_PORT ?? 4317);
const DEV_PORT = PORT + 1;

/**
 * End-to-end tests against the production build (`npm run build` first), served by `vite preview`,
 * in Debian's Chromium (no browser download). The fake camera plays ../shared/images/webcam-test.y4m.
 */
export default defineConfig({
  testDir: here,
  outputDir: path.join(REPO, 'test-results'),
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  // The console list, plus a JUnit file for CI to count tests by (reports/ is ignored by git).
  reporter: [['list'], ['junit', { outputFile: path.join(REPO, 'reports', 'junit-e2e.xml') }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    trace: 'retain-on-failure',
    // The app's service worker would answer requests that tests intercept; only the offline test allows it.
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [
    { name: 'build', testIgnore: /dev-server\.spec\.ts/ },
    // The dev server pre-bundles dependencies differently from the build: keep one test on it.
    { name: 'dev', testMatch: /dev-server\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${DEV_PORT}/` } },
  ],
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
      cwd: REPO,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx vite --host 127.0.0.1 --port ${DEV_PORT} --strictPort`,
      cwd: REPO,
      url: `http://127.0.0.1:${DEV_PORT}/`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
