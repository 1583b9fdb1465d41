/**
 * A page error never blanks the app: a render error (provoked with the `?crash=1` switch) and a page
 * chunk that cannot be loaded (aborted request, then offline) each show a message in the UI language
 * with a button that brings back only that section; the header and the other sections keep working.
 */
import { expect, test } from '@playwright/test';

test('a render error shows a localized message; the rest works; "reload this section" brings it back', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./?crash=1#/detection/metrics');
  const box = page.getByTestId('section-error');
  await expect(box).toBeVisible();
  await expect(box).toHaveAttribute('data-kind', 'render');
  await expect(box).toContainText('В этом разделе произошла ошибка');
  await expect(page.getByTestId('section-retry').filter({ visible: true })).toHaveText('Перезапустить раздел');
  // The shell still works: the language switch re-renders the message, in English.
  await page.getByRole('button', { name: 'EN' }).click();
  await expect(box).toContainText('Something went wrong in this section');
  await expect(page.getByTestId('section-retry').filter({ visible: true })).toHaveText('Reload this section');
  // Drop the switch: the error stays until the user asks, then only this section remounts.
  await page.evaluate(() => {
    const p = new URLSearchParams(location.search);
    p.delete('crash');
    history.replaceState(null, '', `${location.pathname}?${p.toString()}${location.hash}`);
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(box).toBeVisible();
  await page.getByTestId('section-retry').filter({ visible: true }).click();
  await expect(box).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('');
  // Other sections and the contents are reachable from the header.
  await page.locator('.app-name').click();
  await expect(page.getByTestId('toc-link').first()).toBeVisible();
  expect(errors.filter((e) => !/\?crash=1/.test(e))).toEqual([]);
});

test('a page chunk that fails to load (aborted, then offline) says so with Retry; Retry loads it in place', async ({ page, context }) => {
  await page.goto('./#/');
  await expect(page.getByTestId('toc-link').first()).toBeVisible();
  // 1. The request for the page's chunk is aborted.
  await page.route(/MetricsLabPage-[^/]*\.js$/, (r) => r.abort());
  await page.evaluate(() => (location.hash = '#/detection/metrics'));
  // visited sections stay mounted (hidden): only the one on screen counts
  const box = page.getByTestId('section-error').filter({ visible: true });
  await expect(box).toHaveAttribute('data-kind', 'load');
  await expect(box).toContainText('Не удалось загрузить этот раздел');
  await expect(page.getByTestId('section-retry').filter({ visible: true })).toHaveText('Повторить');
  // The header works meanwhile.
  await expect(page.locator('.app-name')).toBeVisible();
  await page.unroute(/MetricsLabPage-[^/]*\.js$/);
  await page.getByTestId('section-retry').filter({ visible: true }).click();
  await expect(box).toHaveCount(0);
  await expect(page.locator('.metrics-lab, article.section').first()).toBeVisible();

  // 2. Offline: a section not loaded yet cannot load; the one shown before stays usable.
  await page.evaluate(() => (location.hash = '#/'));
  await expect(page.getByTestId('toc-link').first()).toBeVisible();
  await context.setOffline(true);
  await page.evaluate(() => (location.hash = '#/detection/yolo'));
  await expect(box).toHaveAttribute('data-kind', 'load');
  await page.evaluate(() => (location.hash = '#/detection/metrics'));
  await expect(box).toHaveCount(0);
  await expect(page.locator('article.section').first()).toBeVisible();
  await page.evaluate(() => (location.hash = '#/detection/yolo'));
  await expect(box).toHaveAttribute('data-kind', 'load');
  await context.setOffline(false);
  await page.getByTestId('section-retry').filter({ visible: true }).click();
  await expect(box).toHaveCount(0);
  await expect(page.locator('article.section.yolo')).toBeVisible();
});
