/** The pure parts of the model load progress (src/ui/loadProgress.ts), on hand-worked cases. */
import { describe, expect, it } from 'vitest';
import { arrivedBytes, estimateSeconds } from '../../src/ui/loadProgress';
import { precacheList } from '../../scripts/lib/serviceWorkerPlugin';

describe('arrivedBytes', () => {
  const files = [
    { path: 'model.json', bytes: 500 },
    { path: 'group1-shard1of2', bytes: 4000 },
    { path: 'group1-shard2of2', bytes: 3000 },
  ];
  it('adds the sizes of the files that arrived, each once, only of this model', () => {
    const names = [
      'http://127.0.0.1:4460/models/m/model.json',
      'http://127.0.0.1:4460/models/m/model.json', // fetched twice (verify, then load): counted once
      'http://127.0.0.1:4460/models/m/group1-shard2of2',
      'http://127.0.0.1:4460/models/other/group1-shard1of2', // another model
    ];
    expect(arrivedBytes(names, 'm', files)).toBe(500 + 3000);
  });
});

describe('estimateSeconds', () => {
  it('extrapolates the measured rate: 2 MB of 8 MB in 3 s leaves 9 s', () => {
    expect(estimateSeconds(2e6, 8e6, 3)).toBe(9);
  });
  it('says nothing before the first byte', () => {
    expect(estimateSeconds(0, 8e6, 3)).toBeNull();
  });
});

describe('service worker precache list', () => {
  it('takes the shell, WASM, models, checkpoints and the whole sample gallery, not maps, old font formats or sw.js', () => {
    const files = ['index.html', 'sw.js', 'assets/a.js', 'assets/a.js.map', 'assets/K.ttf', 'assets/K.woff', 'assets/K.woff2', 'wasm/x.wasm', 'models/m/model.json', 'checkpoints/c/w.bin', 'samples/index.json', 'samples/thumbs/a.jpg', 'samples/a.jpg', 'favicon.svg'];
    expect(precacheList(files)).toEqual(['assets/K.woff2', 'assets/a.js', 'checkpoints/c/w.bin', 'favicon.svg', 'index.html', 'models/m/model.json', 'samples/a.jpg', 'samples/index.json', 'samples/thumbs/a.jpg', 'wasm/x.wasm']);
  });
});
