import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { serviceWorker } from './scripts/lib/serviceWorkerPlugin';

/**
 * The built app may only talk to its own origin: models, WASM binaries and samples are served with
 * it. The policy goes into the built index.html only (the dev server injects inline scripts).
 * No remote origin, no 'unsafe-eval' ('wasm-unsafe-eval' only compiles the tfjs WASM binaries);
 * `base-uri`/`form-action` stop an injected <base>/<form> from redirecting; `object-src 'none'`.
 * `frame-ancestors` cannot be carried by a <meta> policy (browsers ignore it there): it is sent as an
 * HTTP header by `vite preview` below, and README ("Hosting") lists the headers for real hosting.
 */
export const CSP = [
  "default-src 'self'",
  // blob: lets the threaded WASM backend's pthread workers importScripts() the glue tfjs passes as a Blob
  // (a blob: URL can only be made by script already running on this origin).
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self' data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self' blob: data:",
  "worker-src 'self' blob:",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** Headers for real hosting (README "Hosting"): the meta policy plus what only a header can carry. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': `${CSP}; frame-ancestors 'self'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Cross-origin isolation (`crossOriginIsolated` → SharedArrayBuffer): lets the tfjs WASM backend run
 * its threaded SIMD binary on every core in the inference and training workers. Everything the app
 * loads is same-origin, so `require-corp` blocks nothing. Sent by `vite` (dev) and `vite preview`;
 * README ("Hosting") lists them for real hosting (without them the app still works, single-threaded).
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

// `base: './'` so that the static build works from any folder (hash routes, relative assets).
export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(), serviceWorker()],
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { host: '127.0.0.1', port: 5173, headers: { ...ISOLATION_HEADERS } },
  preview: { host: '127.0.0.1', port: 4173, headers: { ...SECURITY_HEADERS, ...ISOLATION_HEADERS } },
});
