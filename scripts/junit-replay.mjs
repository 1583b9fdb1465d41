/**
 * The closing step of `npm test`, run as `node --test scripts/junit-replay.mjs`: every test case that Vitest
 * and Playwright wrote to their JUnit files (reports/) is reported again, one node:test test each, with its
 * own outcome (a failure rethrows its message, a skip stays a skip). The log then closes with node's test
 * runner summary (tests / pass / fail / skipped), a form that CI log readers know, which Vitest's and
 * Playwright's own closing lines are not. It runs nothing of the project: the counts are the runners'.
 */
import process from 'node:process';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPORTS, readCases } from './test-summary.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The folder the report paths are relative to (the repository; a test points it at a scratch folder).
const BASE = process.env.JUNIT_REPLAY_BASE ?? REPO;

for (const rel of REPORTS) {
  // A missing report throws here, which node's runner reports as a failed file.
  const cases = readCases(readFileSync(path.join(BASE, rel), 'utf8'));
  if (cases.length === 0) throw new Error(`${rel} holds no test case`);
  describe(rel, () => {
    for (const c of cases) {
      const title = c.classname && !c.name.startsWith(c.classname) ? `${c.classname} › ${c.name}` : c.name;
      test(title, { skip: c.status === 'skipped' }, () => {
        if (c.status === 'failed') throw new Error(c.message);
      });
    }
  });
}
