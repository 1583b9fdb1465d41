/**
 * The two-stage page on a sample photo, in both languages (WASM): selective search in the worker,
 * proposals and the merge-step viewer, R-CNN vs Fast R-CNN timing, RoI Pool vs RoI Align on the real
 * feature map, and the RPN anchor labels against the photo's COCO annotations.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO } from './playwright.config';
import { forbidExternalRequests, IMAGES, upload } from './helpers';

const url = (lang: string, query: string) => `./?backend=wasm&lang=${lang}#/detection/rcnn?${query}`;

test.describe('two-stage detectors page (WASM)', () => {
  test('en: sample photo → proposals, merges, R-CNN vs Fast R-CNN, RoI Pool vs Align, RPN labels', async ({ page }) => {
    test.setTimeout(400_000);
    const external = forbidExternalRequests(page);
    await page.goto(url('en', 'mode=single&side=200&cap=2'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Two-stage detectors/);
    // a sample from the gallery has COCO annotations → recall and RPN labels
    const sample = page.getByRole('button', { name: /000000397133/ }).first();
    if (await sample.count()) await sample.click();
    else await upload(page, path.join(IMAGES, '000000397133.jpg'));
    await page.getByTestId('ss-run').click();
    await expect(page.getByTestId('ss-status')).toHaveAttribute('data-count', /^[1-9]\d*$/, { timeout: 240_000 });
    const n = Number(await page.getByTestId('ss-status').getAttribute('data-count'));
    expect(n).toBeLessThanOrEqual(2000);
    await expect(page.getByTestId('ss-canvas')).toHaveAttribute('aria-label', /with 300 selective search proposals|with \d+ selective search proposals/);
    await expect(page.getByTestId('rpn-counts')).toContainText('anchors');
    const pos = Number(await page.getByTestId('rpn-counts').getAttribute('data-pos'));
    expect(pos).toBeGreaterThan(0); // every GT has at least its best anchor
    // merge steps
    await page.getByTestId('ss-view').selectOption('segments');
    await page.getByTestId('ss-step').fill('10');
    await expect(page.getByTestId('ss-step-info')).toContainText('After 10 of');
    await expect(page).toHaveURL(/step=10/);
    // timing + RoI views
    await page.getByTestId('fast-run').click();
    await expect(page.getByTestId('fast-results')).toBeVisible({ timeout: 240_000 });
    const rcnn = Number(await page.getByTestId('rcnn-time').getAttribute('data-ms'));
    const fast = Number(await page.getByTestId('fast-time').getAttribute('data-ms'));
    // R-CNN's extrapolated total for n regions vs Fast R-CNN's one pass (both measured here)
    expect(rcnn * n).toBeGreaterThan(fast);
    await expect(page.getByTestId('roi-feature-canvas')).toBeVisible();
    await expect(page.getByTestId('roi-mis')).toContainText('px of the original photo');
    // the trained Fast R-CNN head on all proposals, step by step
    await page.getByTestId('det-run').click();
    const steps = page.getByTestId('det-steps');
    await expect(steps).toHaveAttribute('data-pipe', 'fast-align', { timeout: 240_000 });
    expect(Number(await steps.getAttribute('data-proposals'))).toBe(n);
    const above = Number(await steps.getAttribute('data-above'));
    const final = Number(await steps.getAttribute('data-final'));
    expect(above).toBeLessThanOrEqual(n);
    expect(final).toBeLessThanOrEqual(above);
    if (final > 0) await expect(page.getByTestId('det-table').locator('tbody tr')).toHaveCount(Math.min(final, 20));
    await expect(steps).toContainText('one backbone pass');
    // R-CNN on the first 10 regions: 10 crops, each a backbone pass
    await page.getByTestId('det-pipe').selectOption('rcnn');
    await expect(page).toHaveURL(/pipe=rcnn/);
    await page.getByTestId('det-cap').fill('10');
    await page.getByTestId('det-run').click();
    await expect(steps).toHaveAttribute('data-pipe', 'rcnn', { timeout: 240_000 });
    expect(Number(await steps.getAttribute('data-proposals'))).toBe(Math.min(10, n));
    await expect(page.getByTestId('det-stage-features')).toContainText(`${Math.min(10, n)} crops × backbone`);
    // the measured AP table is the committed report, row for row
    const report = JSON.parse(readFileSync(path.join(REPO, 'public', 'checkpoints', 'rcnn', 'report.json'), 'utf8')) as { table: Record<string, { AP: number }> };
    for (const k of ['rcnn', 'fast-align', 'fast-pool']) await expect(page.locator(`[data-testid="det-report-table"] tr[data-row="${k}"]`)).toHaveAttribute('data-ap', String(report.table[k]!.AP));
    expect(external).toEqual([]);
  });

  test('ru: a photo without annotations — proposals drawn, RPN asks for a sample', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto(url('ru', 'mode=single&side=160'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Двухстадийные детекторы/);
    await upload(page, path.join(IMAGES, 'unannotated', 'skimage_chelsea.png'));
    await expect(page.getByTestId('rpn-no-gt')).toContainText('нет разметки');
    await page.getByTestId('ss-run').click();
    await expect(page.getByTestId('ss-status')).toHaveAttribute('data-count', /^[1-9]\d*$/, { timeout: 240_000 });
    await expect(page.getByTestId('ss-status')).toContainText('предложений');
    await expect(page.getByTestId('ss-canvas')).toHaveAttribute('aria-label', /предложениями selective search/);
    const n = Number(await page.getByTestId('ss-status').getAttribute('data-count'));
    await page.getByTestId('det-pipe').selectOption('fast-pool');
    await page.getByTestId('det-run').click();
    const steps = page.getByTestId('det-steps');
    await expect(steps).toHaveAttribute('data-pipe', 'fast-pool', { timeout: 240_000 });
    expect(Number(await steps.getAttribute('data-proposals'))).toBe(n);
    await expect(steps).toContainText('RoI Pool');
    await expect(steps).toContainText('NMS по классам');
    await expect(page.getByTestId('det-report')).toContainText('Измеренная точность');
  });
});
