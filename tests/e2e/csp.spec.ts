import { expect, test } from '@playwright/test';

/** Parses a CSP string into directive → sources. */
function parseCsp(csp: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) m.set(name.toLowerCase(), values);
  }
  return m;
}

function assertPolicy(p: Map<string, string[]>): void {
  expect(p.get('default-src')).toEqual(["'self'"]);
  expect(p.get('base-uri')).toEqual(["'self'"]);
  expect(p.get('form-action')).toEqual(["'self'"]);
  expect(p.get('object-src')).toEqual(["'none'"]);
  for (const [name, values] of p) {
    // no remote origin anywhere: only keywords and the local schemes
    for (const v of values) expect(`${name} ${v}`).toMatch(/^\S+ ('self'|'none'|'wasm-unsafe-eval'|'unsafe-inline'|blob:|data:|mediastream:)$/);
    expect(values).not.toContain("'unsafe-eval'");
  }
  // inline styles are allowed, inline scripts are not; blob: only so the threaded WASM backend's
  // pthread workers can importScripts() the glue code tfjs hands them as a Blob
  expect(p.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", 'blob:']);
}

test('CSP: the built page and the preview headers forbid remote origins, eval, <base>, foreign forms and framing', async ({ page }) => {
  const response = await page.goto('./#/');
  expect(response).not.toBeNull();
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).not.toBeNull();
  const metaPolicy = parseCsp(meta!);
  assertPolicy(metaPolicy);
  expect(metaPolicy.has('frame-ancestors')).toBe(false); // ignored in <meta>: it lives in the header

  const header = response!.headers()['content-security-policy'];
  expect(header).toBeDefined();
  const headerPolicy = parseCsp(header!);
  assertPolicy(headerPolicy);
  expect(headerPolicy.get('frame-ancestors')).toEqual(["'self'"]);
  expect(response!.headers()['x-content-type-options']).toBe('nosniff');

  // the policy is enforced (page.evaluate itself is exempt from script-src, so check what the browser
  // reports): an injected <base> to a remote origin is refused and reported as a violation
  await page.evaluate(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { violations: string[] }).violations.push(e.violatedDirective));
  });
  const baseIgnored = await page.evaluate(() => {
    const b = document.createElement('base');
    b.href = 'https://example.com/';
    document.head.appendChild(b);
    const resolved = new URL('x', document.baseURI).origin;
    b.remove();
    return resolved !== 'https://example.com';
  });
  expect(baseIgnored).toBe(true);
  await expect.poll(() => page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toContain('base-uri');
});
