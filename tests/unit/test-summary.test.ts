import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs script without type declarations
import { countJUnit } from '../../scripts/test-summary.mjs';

const count = countJUnit as (xml: string) => { passed: number; failed: number; skipped: number };

describe('test-summary: counts JUnit test cases', () => {
  it('Vitest shape: open/close test cases, one failure, one skipped', () => {
    const xml = `<?xml version="1.0"?><testsuites name="vitest tests" tests="4" failures="1">
      <testsuite name="a.test.ts" tests="4">
        <testcase classname="a" name="ok one" time="0.1">
        </testcase>
        <testcase classname="a" name="broken" time="0.1">
          <failure message="expected 1 to be 2" type="AssertionError">stack</failure>
        </testcase>
        <testcase classname="a" name="later" time="0"><skipped/></testcase>
        <testcase classname="a" name="ok two" time="0.1"></testcase>
      </testsuite></testsuites>`;
    expect(count(xml)).toEqual({ passed: 2, failed: 1, skipped: 1 });
  });

  it('Playwright shape: self-closed test cases, an error, system-out that mentions <skipped> as text', () => {
    const xml = `<testsuites tests="3"><testsuite name="x.spec.ts">
      <testcase name="passes" classname="x.spec.ts" time="1.2"/>
      <testcase name="errs" classname="x.spec.ts" time="0.5"><error message="timeout"/></testcase>
      <testcase name="logs" classname="x.spec.ts" time="2"><system-out><![CDATA[printed &lt;skipped&gt;]]></system-out></testcase>
      </testsuite></testsuites>`;
    expect(count(xml)).toEqual({ passed: 2, failed: 1, skipped: 0 });
  });

  it('no test case at all counts nothing; an unclosed test case is an error', () => {
    expect(count('<testsuites tests="0"></testsuites>')).toEqual({ passed: 0, failed: 0, skipped: 0 });
    expect(() => count('<testsuites><testcase name="a">')).toThrow(/not closed/);
  });
});

// @ts-expect-error plain .mjs script without type declarations
import { readCases } from '../../scripts/test-summary.mjs';

describe('test-summary: the test cases replayed by junit-replay.mjs', () => {
  const read = readCases as (xml: string) => { classname: string; name: string; status: string; message: string }[];

  it('keeps order, names (entities decoded), outcomes and the failure message', () => {
    const xml = `<testsuites><testsuite name="s">
      <testcase classname="a.spec.ts" name="one &amp; &quot;two&quot; &#8594; &lt;x&gt;" time="1"/>
      <testcase classname="b" name="bad" time="2"><failure message="expected 3 &gt; 4" type="x">trace</failure></testcase>
      <testcase classname="b" name="later"><skipped message="todo"/></testcase>
      <testcase classname="c" name="errs"><error/></testcase>
    </testsuite></testsuites>`;
    expect(read(xml)).toEqual([
      { classname: 'a.spec.ts', name: 'one & "two" → <x>', status: 'passed', message: '' },
      { classname: 'b', name: 'bad', status: 'failed', message: 'expected 3 > 4' },
      { classname: 'b', name: 'later', status: 'skipped', message: '' },
      { classname: 'c', name: 'errs', status: 'failed', message: 'failed' },
    ]);
  });
});

describe('junit-replay.mjs under node --test: the closing summary carries the recorded outcomes', () => {
  it('one pass, one failure, one skip → node reports pass 1, fail 1, skipped 1 and exits non-zero', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnSync } = await import('node:child_process');
    const base = mkdtempSync(join(tmpdir(), 'replay-'));
    mkdirSync(join(base, 'reports'));
    writeFileSync(join(base, 'reports/junit-unit.xml'), '<testsuites><testcase classname="u" name="ok"/><testcase classname="u" name="later"><skipped/></testcase></testsuites>');
    writeFileSync(join(base, 'reports/junit-e2e.xml'), '<testsuites><testcase classname="e" name="bad"><failure message="boom"/></testcase></testsuites>');
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', 'scripts/junit-replay.mjs'], {
      encoding: 'utf8',
      env: { ...process.env, JUNIT_REPLAY_BASE: base },
    });
    expect(run.stdout).toMatch(/^# pass 1$/m);
    expect(run.stdout).toMatch(/^# fail 1$/m);
    expect(run.stdout).toMatch(/^# skipped 1$/m);
    expect(run.stdout).toContain('boom');
    expect(run.status).not.toBe(0);
  });
});
