#!/usr/bin/env node
/**
 * The last line of `npm test`: one count of every test both runners ran, read from their JUnit files.
 *
 *   node scripts/test-summary.mjs --clean   (first step of `npm test`: removes reports/ so no old file is counted)
 *   node scripts/test-summary.mjs           (last step: prints `tests: N passed, N failed, N skipped`)
 *
 * Vitest and Playwright each close with a summary of their own, in formats a CI log reader may not know;
 * this line is the plain `N passed, N failed` form. It exits 1 when a report is missing, unreadable,
 * holds no test case, or holds a failure, so it can never turn a red run green.
 */
import process from 'node:process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPORTS = ['reports/junit-unit.xml', 'reports/junit-e2e.xml'];

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** @param {string} s */
const unescape = (s) =>
  s.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-f]+));/gi, (_, name, dec, hex) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ENTITIES[name.toLowerCase()]);

/** @param {string} tag @param {string} attr */
function attribute(tag, attr) {
  const m = new RegExp(`\\s${attr}="([^"]*)"`).exec(tag);
  return m ? unescape(m[1]) : '';
}

/**
 * The `<testcase>` elements of one JUnit XML text, in order: failed when one holds `<failure` or `<error`
 * (its message attribute kept), skipped when it holds `<skipped`, passed otherwise.
 * @param {string} xml
 * @returns {{ classname: string, name: string, status: 'passed' | 'failed' | 'skipped', message: string }[]}
 */
export function readCases(xml) {
  const cases = [];
  const open = /<testcase\b[^>]*?(\/?)>/g;
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    let body = '';
    if (m[1] !== '/') {
      const end = xml.indexOf('</testcase>', open.lastIndex);
      if (end < 0) throw new Error('a <testcase> is not closed');
      body = xml.slice(open.lastIndex, end);
      open.lastIndex = end;
    }
    const failure = /<(?:failure|error)\b[^>]*/.exec(body);
    cases.push({
      classname: attribute(m[0], 'classname'),
      name: attribute(m[0], 'name'),
      status: failure ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed',
      message: failure ? attribute(failure[0], 'message') || 'failed' : '',
    });
  }
  return cases;
}

/**
 * Counts the test cases of one JUnit XML text by status (see `readCases`).
 * @param {string} xml
 * @returns {{ passed: number, failed: number, skipped: number }}
 */
export function countJUnit(xml) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const c of readCases(xml)) counts[c.status]++;
  return counts;
}

/** @param {string[]} argv */
function main(argv) {
  if (argv.includes('--clean')) {
    rmSync(path.join(REPO, 'reports'), { recursive: true, force: true });
    return 0;
  }
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const rel of REPORTS) {
    const file = path.join(REPO, rel);
    if (!existsSync(file)) {
      process.stderr.write(`test-summary: ${rel} is missing: that runner wrote no report\n`);
      return 1;
    }
    const c = countJUnit(readFileSync(file, 'utf8'));
    if (c.passed + c.failed + c.skipped === 0) {
      process.stderr.write(`test-summary: ${rel} holds no test case\n`);
      return 1;
    }
    process.stdout.write(`${rel} — ${c.passed} passed / ${c.failed} failed / ${c.skipped} skipped\n`);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  }
  process.stdout.write(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
  return total.failed > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
