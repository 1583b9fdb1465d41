/**
 * Issue #15 item 9: a hidden tab pauses the webcam and the inference loop, and resumes them on return;
 * leaving the page releases the camera. The tab's visibility is simulated (document.hidden +
 * visibilitychange), the way a browser reports a background tab.
 */
import { expect, test, type Page } from '@playwright/test';
import { liveUrl, waitForModel } from './helpers';

async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

const frames = (page: Page) => page.locator('video.imgsrc-hidden').evaluate((v) => Number((v as HTMLVideoElement).dataset.frames ?? 0));
const trackState = (page: Page) =>
  page.locator('video.imgsrc-hidden').evaluate((v) => {
    const s = (v as HTMLVideoElement).srcObject as MediaStream | null;
    const t = s?.getVideoTracks()[0];
    return t ? `${t.readyState}/${t.enabled ? 'enabled' : 'disabled'}` : 'none';
  });

test('hidden tab: no frames and a disabled camera track while hidden; both resume; leaving the page stops the camera', async ({ page }) => {
  await page.goto(liveUrl({ lang: 'en' }));
  await waitForModel(page);
  await page.getByTestId('camera-toggle').click();
  await expect.poll(() => frames(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  expect(await trackState(page)).toBe('live/enabled');

  await setHidden(page, true);
  expect(await trackState(page)).toBe('live/disabled');
  await page.waitForTimeout(300); // a frame in flight may finish
  const atHide = await frames(page);
  await page.waitForTimeout(1500);
  expect(await frames(page)).toBe(atHide);
  expect(await page.locator('video.imgsrc-hidden').evaluate((v) => (v as HTMLVideoElement).paused)).toBe(true);

  await setHidden(page, false);
  expect(await trackState(page)).toBe('live/enabled');
  await expect.poll(() => frames(page), { timeout: 30_000 }).toBeGreaterThan(atHide + 2);

  // leaving the page: the section unmounts and the track ends (the camera light goes off)
  const track = await page.evaluateHandle(() => ((document.querySelector('video.imgsrc-hidden') as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0]!);
  await page.evaluate(() => (location.hash = '#/'));
  await expect.poll(() => track.evaluate((t) => t.readyState)).toBe('ended');
});
