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
