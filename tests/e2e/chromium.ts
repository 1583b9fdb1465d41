/** How the e2e tests start Debian's Chromium (no browser download): shared by the config and specs that add flags. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const FAKE_VIDEO = path.resolve(here, '../..', '..', 'shared', 'images', 'webcam-test.y4m');

/** Launch options; `extra` flags are appended (e.g. '--disable-3d-apis' for a machine without WebGL). */
export function chromiumLaunchOptions(extra: readonly string[] = []): { executablePath: string; args: string[] } {
  return {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${FAKE_VIDEO}`,
      '--enable-unsafe-swiftshader',
      ...extra,
    ],
  };
}
