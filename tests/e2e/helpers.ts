/** Test helpers: build the URL/state ("api") and act like a user ("ui"), kept apart. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SHARED = path.resolve(here, '../..', '..', 'shared');
export const IMAGES = path.join(SHARED, 'images');

export function liveUrl(opts: { backend?: string; lang?: string; query?: string } = {}): string {
  const search = new URLSearchParams();
  search.set('backend', opts.backend ?? 'wasm');
  if (opts.lang) search.set('lang', opts.lang);
  return `./?${search.toString()}#/detection/live${opts.query ? `?${opts.query}` : ''}`;
}

/** Fails the test on any request that leaves the app's origin. */
export function forbidExternalRequests(page: Page): string[] {
  const external: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['blob:', 'data:'].includes(u.protocol)) external.push(r.url());
  });
  return external;
}

export async function waitForModel(page: Page): Promise<void> {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
}

export async function upload(page: Page, file: string): Promise<void> {
  await page.getByTestId('image-input').setInputFiles(file);
}

export async function detectedClasses(page: Page): Promise<string[]> {
  const rows = page.getByTestId('detection-row');
  return rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-class') ?? ''));
}
