import { expect, test } from '@playwright/test';

test('home: contents in lecture order, Russian by default, English on ?lang=en, ←/→ navigation', async ({ page }) => {
  await page.goto('./#/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сегментация, детекция, инстанс-сегментация');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  const links = page.getByTestId('toc-link');
  // Lecture order: segmentation comes before detection.
  const hrefs = await links.evaluateAll((els) => els.map((e) => e.getAttribute('href')));
  expect(hrefs.indexOf('#/segmentation/basics')).toBeLessThan(hrefs.indexOf('#/detection/live'));
  expect(hrefs.indexOf('#/detection/live')).toBeLessThan(hrefs.indexOf('#/detection/metrics'));

  await page.getByRole('button', { name: 'EN' }).click();
  await expect(page).toHaveURL(/lang=en/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Segmentation, Detection, Instance Segmentation');

  // The EN button has focus: section keys must not fire on a focused control.
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/#\/$/);
  await page.locator('main').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(new RegExp(`${hrefs[0]}$`));
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/#\/$/);
});

test('an unknown route says so and links home', async ({ page }) => {
  await page.goto('./?lang=en#/no/such/page');
  await expect(page.getByRole('alert')).toHaveText('There is no such page.');
  await page.getByRole('link', { name: 'Back to contents' }).click();
  await expect(page).toHaveURL(/#\/$/);
});
