# Checks a pycocotools build against ../shared/fixtures/metrics (values made with upstream pycocotools):
# the 12 COCOeval stats of every scenario, the printed summary lines and maskUtils.iou on iou_cases.
#   PYTHONPATH=/work/pycoco /usr/bin/python3 scripts/check-pycocotools.py [FIXTURES_DIR]
# Exit 0 when every value is equal (|diff| <= 1e-12) and every summary line identical. See docs/BENCHMARKS.md.
import json, sys, glob, os, io, contextlib
import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
from pycocotools import mask as maskUtils
F = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'fixtures', 'metrics')
worst = 0.0; n = 0
for exp_path in sorted(glob.glob(os.path.join(F, '*.expected.json'))):
    name = os.path.basename(exp_path)[:-len('.expected.json')]
    exp = json.load(open(exp_path))
    if name == 'iou_cases':
        for c in exp['cases']:
            v = maskUtils.iou([c['dt']], [c['gt']], [int(c['iscrowd'])])
            v = float(v[0][0]) if len(v) else 0.0
            worst = max(worst, abs(v - c['iou'])); n += 1
        mx = exp['matrix']
        v = np.array(maskUtils.iou(mx['dts'], mx['gts'], [int(x) for x in mx['iscrowd']]))
        worst = max(worst, float(np.max(np.abs(v - np.array(mx['iou']))))); n += 1
        print(f'{name}: {len(exp["cases"])} cases + matrix ok so far, worst {worst:.1e}')
        continue
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        gt = COCO(os.path.join(F, name + '.gt.json'))
        dts = json.load(open(os.path.join(F, name + '.dt.json')))
        if len(dts) == 0:
            dt = COCO(); dt.dataset = {'images': gt.dataset['images'], 'categories': gt.dataset['categories'], 'annotations': []}; dt.createIndex()
        else:
            dt = gt.loadRes(dts)
        E = COCOeval(gt, dt, 'bbox'); E.evaluate(); E.accumulate(); E.summarize()
    d = max(abs(float(a) - float(b)) for a, b in zip(E.stats, exp['coco']['stats']))
    worst = max(worst, d); n += 1
    lines = [l for l in buf.getvalue().split('\n') if l.startswith(' Average')]
    if lines != exp['coco']['summary_text']:
        print(f'{name}: summary text differs'); worst = 1.0
    print(f'{name}: 12 stats, max |diff| {d:.1e}')
print(f'checked {n} items; worst |diff| {worst:.1e}:', 'OK' if worst <= 1e-12 else 'MISMATCH')
sys.exit(0 if worst <= 1e-12 else 1)
