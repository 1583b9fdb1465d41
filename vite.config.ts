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
  "script-src 'self' 'wasm-unsafe-eval'",
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
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173, headers: { ...SECURITY_HEADERS } },
});
