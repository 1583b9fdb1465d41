/**
 * scripts/run-cli.mjs rebuilds a CLI's bundle exactly when a file it was built from changed: run on a
 * scratch repository (its own src/ and scripts/, the real node_modules linked in) and read back what the
 * CLI prints and whether the bundle file was rewritten.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'run-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const later = (file: string, s: number) => { const t = new Date(Date.now() + s * 1000); utimesSync(file, t, t); };
const run = () => spawnSync(process.execPath, [path.join(dir, 'scripts/run-cli.mjs'), 'hello'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
const bundle = path.join(dir, '.cache/cli/hello.mjs');

describe('run-cli: the bundle follows its sources', () => {
  it('builds, reuses, and rebuilds when an imported source, a newly imported file or a deleted one says so', () => {
    mkdirSync(path.join(dir, 'scripts'), { recursive: true });
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    copyFileSync(path.join(REPO, 'scripts/run-cli.mjs'), path.join(dir, 'scripts/run-cli.mjs'));
    symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(path.join(dir, 'src/msg.ts'), "export const msg: string = 'one';\n");
    writeFileSync(path.join(dir, 'src/unrelated.ts'), "export const x = 1;\n");
    writeFileSync(path.join(dir, 'scripts/hello.ts'), "import { msg } from '../src/msg';\nconsole.log(msg);\n");

    let r = run();
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('one');
    const built = statSync(bundle).mtimeMs;

    // a file the CLI does not import changes: the bundle is reused
    writeFileSync(path.join(dir, 'src/unrelated.ts'), "export const x = 2;\n");
    later(path.join(dir, 'src/unrelated.ts'), 5);
    expect(run().stdout.trim()).toBe('one');
    expect(statSync(bundle).mtimeMs).toBe(built);

    // an imported source changes
    writeFileSync(path.join(dir, 'src/msg.ts'), "export const msg: string = 'two';\n");
    later(path.join(dir, 'src/msg.ts'), 10);
    expect(run().stdout.trim()).toBe('two');

    // the source now imports a new file
    writeFileSync(path.join(dir, 'src/extra.ts'), "export const extra = 'three';\n");
    writeFileSync(path.join(dir, 'src/msg.ts'), "import { extra } from './extra';\nexport const msg: string = extra;\n");
    later(path.join(dir, 'src/msg.ts'), 20);
    r = run();
    expect(r.stdout.trim()).toBe('three');
    writeFileSync(path.join(dir, 'src/extra.ts'), "export const extra = 'four';\n");
    later(path.join(dir, 'src/extra.ts'), 30);
    expect(run().stdout.trim()).toBe('four');

    // a recorded source disappears: rebuilt, and esbuild names the missing import
    rmSync(path.join(dir, 'src/extra.ts'));
    r = run();
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/extra/);
  });
});
