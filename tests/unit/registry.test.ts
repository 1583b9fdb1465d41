/**
 * The model registry (src/models/registry.ts) against models/manifest.json: every model and every
 * committed checkpoint is in the registry with the manifest's licence, the registry's folders are
 * where the files are, and the committed checkpoint files have the manifest's size and sha256 (the
 * same check the runtime does before loading).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../scripts/lib/manifest';
import { REPO_ROOT } from '../../scripts/lib/nodeTf';
import { CHECKPOINT_DIRS, MANIFEST_FILES } from '../../src/models/manifestFiles';
import { isModelId, MODEL_IDS, REGISTRY } from '../../src/models/registry';

const manifest = loadManifest();

describe('model registry', () => {
  it('lists every manifest model and checkpoint, with the manifest licence', () => {
    for (const m of [...manifest.models, ...manifest.checkpoints]) {
      expect(isModelId(m.id), `${m.id} is in models/manifest.json but not in src/models/registry.ts`).toBe(true);
      if (!isModelId(m.id)) continue;
      expect(REGISTRY[m.id].license, m.id).toEqual(m.license);
    }
  });

  it('keys each entry by its own id; installed models live in models/<id>/, checkpoints in their manifest dir', () => {
    for (const id of MODEL_IDS) {
      const e = REGISTRY[id];
      expect(e.id).toBe(id);
      if (e.home === 'models') expect(e.folder).toBe(`models/${id}/`);
      else expect(e.folder).toBe(CHECKPOINT_DIRS[id]);
      const listed = MANIFEST_FILES[id];
      if (listed) expect(listed.map((f) => f.path)).toContain(e.entry);
    }
  });

  it('maps manifest tasks onto the registry tasks', () => {
    const task = { detection: 'detection', segmentation: 'semantic-segmentation' } as Record<string, string>;
    for (const m of manifest.models) if (isModelId(m.id)) expect(REGISTRY[m.id].task).toBe(task[m.task] ?? m.task);
    for (const c of manifest.checkpoints) if (isModelId(c.id)) expect(REGISTRY[c.id].task).toBe(c.task);
  });

  it('has the committed checkpoints byte for byte as the manifest lists them', () => {
    expect(manifest.checkpoints.map((c) => c.id).sort()).toEqual(['captioner-synth', 'mask-head', 'rcnn', 'seg-aspp', 'seg-fcn', 'seg-unet', 'tinyyolo']);
    for (const c of manifest.checkpoints) {
      for (const f of c.files) {
        const file = path.join(REPO_ROOT, 'public', c.dir, f.path);
        const body = readFileSync(file);
        const how = `${path.relative(REPO_ROOT, file)} differs from models/manifest.json: after \`${c.command}\` put its size and sha256 (\`sha256sum ${path.relative(REPO_ROOT, file)}\`) in the manifest's checkpoints entry`;
        expect(body.byteLength, how).toBe(f.bytes);
        expect(createHash('sha256').update(body).digest('hex'), how).toBe(f.sha256);
      }
    }
  });
});
