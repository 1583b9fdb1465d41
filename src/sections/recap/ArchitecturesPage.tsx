import { useEffect, useMemo, useState } from 'react';
import { hrefFor } from '../../app/router';
import { blockDiagonalZeroShare, groupedConvCost, LECTURE_GROUPED } from '../../core/recap/groupedConv';
import { HUMAN_TOP5, ILSVRC_TOP5 } from '../../core/recap/imagenet';
import { countResNet, PUBLISHED, RESNET_IDS, RESNETS, resnext50Variant, type NetCount, type ResNetId, type StrideAt } from '../../core/recap/resnet';
import { bool, num, oneOf } from '../../core/urlState';
import { useLang, useT } from '../../i18n/LangContext';
import type { GroupedConvResult } from '../../models/recap/convExperiments';
import { BackendPicker } from '../../ui/BackendPicker';
import { LineChart } from '../../ui/charts/LineChart';
import { Formula } from '../../ui/Formula';
import { Slider } from '../../ui/Slider';
import { useUrlState } from '../../ui/useUrlState';
import { TableHead } from '../../ui/TableHead';
import { archTexts } from './architectures.texts';
import { recapArchitecturesMeta, recapGradientsMeta } from './meta';
import { fmtExp, useTf } from './useTf';
import './recap.css';

const GROUP_CHOICES = [1, 2, 4, 8, 16, 32, 64, 128] as const;

/** Every control in the URL (`#/recap/architectures?net=resnet101&size=320&stride=1x1&g=8&c=8&d=14`). */
const SCHEMA = {
  net: oneOf<ResNetId>(RESNET_IDS, 'resnet50'),
  size: num(224, 32, 1024, true),
  stride: oneOf<StrideAt>(['3x3', '1x1'], '3x3'),
  bn: bool(false),
  g: num(32, 1, 128, true),
  c: num(32, 1, 64, true),
  d: num(4, 1, 64, true),
  /** The grouped conv computed by tf (loads tfjs and starts a backend): asked for, not on open. */
  tf: bool(false),
};

type T = ReturnType<typeof useT<keyof typeof archTexts.en>>;

export default function ArchitecturesPage() {
  const t = useT(archTexts);
  const tm = useT(recapArchitecturesMeta.texts);
  const [state, setState] = useUrlState(SCHEMA);
  const { backend, error } = useTf(state.tf);
  const lang = useLang();
  const n = (x: number) => x.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US');
  const opts = { height: state.size, width: state.size, strideAt: state.stride, countBn: state.bn };
  return (
    <article className="section recap">
      <h1>{tm('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <div className="toolbar">
        <BackendPicker />
        <a href={hrefFor(recapGradientsMeta.path)}>{t('back')}</a>
      </div>
      <ResNetSection state={state} setState={setState} opts={opts} n={n} t={t} />
      <GroupedSection groups={state.g} setGroups={(g) => setState({ g })} asked={state.tf} ask={() => setState({ tf: true })} backend={backend} backendError={error} n={n} t={t} />
      <ResNeXtSection c={state.c} d={state.d} setState={setState} opts={opts} n={n} t={t} />
      <ImageNetSection t={t} />
    </article>
  );
}

type State = { [K in keyof typeof SCHEMA]: (typeof SCHEMA)[K]['default'] };
type Opts = { height: number; width: number; strideAt: StrideAt; countBn: boolean };

function StageTable({ count, n, t, testId }: { count: NetCount; n: (x: number) => string; t: T; testId: string }) {
  return (
    <div className="recap-table-wrap">
      <table className="recap-table" data-testid={testId}>
        <TableHead columns={[t('colStage'), t('colOut'), t('colBlocks'), t('colParams'), t('colMacs'), t('colShare')]} />
        <tbody>
          {count.stages.map((s) => (
            <tr key={s.name}>
              <th scope="row">{s.name === 'fc' ? 'pool + fc' : s.name === 'conv1' ? 'conv1 + pool' : `${s.name}_x`}</th>
              <td>{`${s.outH}×${s.outW}×${s.outC}`}</td>
              <td>{s.name.startsWith('conv') && s.name !== 'conv1' ? s.blocks.length : '—'}</td>
              <td data-testid={`${testId}-params-${s.name}`}>{n(s.params)}</td>
              <td data-testid={`${testId}-macs-${s.name}`}>{n(s.macs)}</td>
              <td>{((100 * s.macs) / count.macs).toFixed(1)} %</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('total')}</th>
            <td />
            <td />
            <td data-testid={`${testId}-params`}>{`${n(count.params)} ≈ ${(count.params / 1e6).toFixed(1)}×10⁶`}</td>
            <td data-testid={`${testId}-macs`}>{`${(count.macs / 1e9).toFixed(2)}×10⁹`}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function ResNetSection({ state, setState, opts, n, t }: { state: State; setState: (p: Partial<State>) => void; opts: Opts; n: (x: number) => string; t: T }) {
  const spec = RESNETS[state.net];
  const count = useMemo(() => countResNet(spec, opts), [spec, opts.height, opts.width, opts.strideAt, opts.countBn]); // eslint-disable-line react-hooks/exhaustive-deps
  const all = useMemo(() => RESNET_IDS.map((id) => countResNet(RESNETS[id], opts)), [opts.height, opts.width, opts.strideAt, opts.countBn]); // eslint-disable-line react-hooks/exhaustive-deps
  const stage = count.stages.find((s) => s.name === 'conv3')!;
  const basic = 2 * 9 * 256 * 256;
  const bottleneck = 256 * 64 + 9 * 64 * 64 + 64 * 256;
  return (
    <section className="recap-section" aria-labelledby="resnet-h" data-testid="resnet">
      <h2 id="resnet-h">{t('resnetH')}</h2>
      <p className="recap-explain">{t('resnetOverview')}</p>
      <ul>
        <li>{t('blockBasic', { n: n(basic) })}</li>
        <li>{t('blockBottleneck', { n: n(bottleneck), x: (basic / bottleneck).toFixed(1) })}</li>
      </ul>
      <Formula display tex={String.raw`\text{params} = k^2\,\frac{c_\text{in}}{g}\,c_\text{out},\qquad \text{MACs} = k^2\,\frac{c_\text{in}}{g}\,c_\text{out}\cdot H_\text{out}W_\text{out}`} />
      <details>
        <summary>{t('conventionsH')}</summary>
        <p className="recap-explain">{t('conventions')}</p>
        <p className="recap-explain">{t('strideNote')}</p>
      </details>
      <div className="recap-controls">
        <fieldset>
          <legend>{t('net')}</legend>
          <select value={state.net} onChange={(e) => setState({ net: e.currentTarget.value as ResNetId })} aria-label={t('net')} data-testid="net-select">
            {RESNET_IDS.map((id) => (
              <option key={id} value={id}>
                {RESNETS[id].name}
              </option>
            ))}
          </select>
        </fieldset>
        <Slider label={t('inputSize')} value={state.size} min={32} max={1024} step={32} onChange={(v) => setState({ size: v })} testId="size-slider" />
        <fieldset>
          <legend>{t('strideAt')}</legend>
          {(['3x3', '1x1'] as const).map((s) => (
            <label key={s} className="check">
              <input type="radio" name="recap-stride" checked={state.stride === s} onChange={() => setState({ stride: s })} data-testid={`stride-${s}`} /> {s === '3x3' ? t('stride3x3') : t('stride1x1')}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={state.bn} onChange={(e) => setState({ bn: e.currentTarget.checked })} data-testid="count-bn" /> {t('countBn')}
        </label>
      </div>
      <StageTable count={count} n={n} t={t} testId="stages" />
      <h3>{t('layerTitle', { stage: 'conv3_x' })}</h3>
      <div className="recap-table-wrap">
        <table className="recap-table" data-testid="block-table">
          <TableHead columns={[t('colLayer'), t('colKernel'), t('colChannels'), t('colGroups'), t('colStride'), t('colOut'), t('colParams'), t('colMacs')]} />
          <tbody>
            {stage.blocks[0]!.layers.map((l, i) => (
              <tr key={i}>
                <th scope="row">{l.role === 'shortcut' ? t('shortcut') : l.role}</th>
                <td>{`${l.kernel}×${l.kernel}`}</td>
                <td>{`${l.cin} → ${l.cout}`}</td>
                <td>{l.groups}</td>
                <td>{l.stride}</td>
                <td>{`${l.outH}×${l.outW}`}</td>
                <td>{`${l.kernel}·${l.kernel}·${l.cin / l.groups}·${l.cout} = ${n(l.params)}`}</td>
                <td>{`${n(l.params)}·${l.outH}·${l.outW} = ${n(l.macs)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('allTitle', { size: state.size })}</h3>
      <div className="recap-table-wrap">
        <table className="recap-table" data-testid="all-nets">
          <TableHead columns={[t('net'), t('colParams'), t('colMacs'), t('colPaper')]} />
          <tbody>
            {all.map((c) => {
              const id = c.spec.id as ResNetId;
              const paper = (PUBLISHED.resnetPaperGflops as Record<string, number>)[id];
              return (
                <tr key={id} aria-current={id === state.net ? 'true' : undefined}>
                  <th scope="row">{c.spec.name}</th>
                  <td>{`${(c.params / 1e6).toFixed(1)}×10⁶`}</td>
                  <td>{`${(c.macs / 1e9).toFixed(2)}×10⁹`}</td>
                  <td>
                    {paper !== undefined ? `${t('paperResnet', { g: paper })}; ` : ''}
                    {t('paperTv', { p: n(PUBLISHED.torchvisionParams[id]) })}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function GroupedSection(props: { groups: number; setGroups: (g: number) => void; asked: boolean; ask: () => void; backend: string | null; backendError: string | null; n: (x: number) => string; t: T }) {
  const { groups, setGroups, asked, ask, backend, backendError, n, t } = props;
  const g = (GROUP_CHOICES as readonly number[]).includes(groups) ? groups : 32;
  const shape = { ...LECTURE_GROUPED, groups: g };
  const cost = groupedConvCost(shape);
  const [res, setRes] = useState<{ g: number; r: GroupedConvResult } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    if (!backend) return;
    let live = true;
    // tfjs only now: the page opens without it
    import('../../models/recap/convExperiments').then(({ runGroupedConv }) => runGroupedConv({ ...LECTURE_GROUPED, groups: g })).then(
      (r) => {
        if (live) {
          setRes({ g, r });
          setErr(null);
        }
      },
      (e: unknown) => live && setErr(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [backend, g]);
  const r = res?.g === g ? res.r : null;
  const hand = r ? r.window.reduce((s, v, i) => s + v * r.kernel0[i]!, 0) : 0;
  return (
    <section className="recap-section" aria-labelledby="grouped-h" data-testid="grouped">
      <h2 id="grouped-h">{t('groupedH')}</h2>
      <p className="recap-explain">{t('groupedOverview')}</p>
      <Slider
        label={t('groups')}
        value={GROUP_CHOICES.indexOf(g as (typeof GROUP_CHOICES)[number])}
        min={0}
        max={GROUP_CHOICES.length - 1}
        step={1}
        onChange={(i) => setGroups(GROUP_CHOICES[i]!)}
        format={(i) => String(GROUP_CHOICES[i])}
        testId="groups-slider"
      />
      <p data-testid="grouped-costs">
        {t('groupedCosts', { w: n(cost.weights), dw: n(cost.denseWeights), m: n(cost.macs), dm: n(cost.denseMacs), r: cost.ratio, z: `${(100 * blockDiagonalZeroShare(g)).toFixed(1)} %` })}
      </p>
      {!asked ? (
        <p>
          <button type="button" data-testid="grouped-run" onClick={ask}>
            {t('groupedRun', { g })}
          </button>
        </p>
      ) : (
        !r && !err && !backendError && (
          <p role="status" data-testid="grouped-loading">
            {t('groupedLoading')}
          </p>
        )
      )}
      {(err ?? backendError) && (
        <p className="error" role="alert">
          {t('groupedError', { detail: err ?? backendError ?? '' })}
        </p>
      )}
      {r && backend && (
        <div data-testid="grouped-result" data-diff={r.maxAbsDiff} data-max={r.maxAbs}>
          <p>{t('runGrouped', { backend, g, cin: shape.cin, cout: shape.cout })}</p>
          <p>{t('groupedShapes', { slice: r.sliceShape.join('×'), kernel: r.groupKernelShape.join('×'), out: r.outShape.join('×') })}</p>
          <p data-testid="grouped-equal">{t('groupedEqual', { diff: fmtExp(r.maxAbsDiff), max: r.maxAbs.toFixed(3) })}</p>
          <h3>{t('handTitle')}</h3>
          <p data-testid="grouped-hand">
            {t('hand', { ci: cost.cinPerGroup, n: r.window.length, sum: hand.toFixed(5), g: r.sampleGrouped[0]!.toFixed(5), d: r.sampleDense[0]!.toFixed(5) })}
          </p>
          <p className="hint">{t('timing', { tg: r.msGrouped.toFixed(1), td: r.msDense.toFixed(1) })}</p>
        </div>
      )}
    </section>
  );
}

function ResNeXtSection({ c, d, setState, opts, n, t }: { c: number; d: number; setState: (p: Partial<State>) => void; opts: Opts; n: (x: number) => string; t: T }) {
  const r50 = useMemo(() => countResNet(RESNETS.resnet50, opts), [opts.height, opts.width, opts.strideAt, opts.countBn]); // eslint-disable-line react-hooks/exhaustive-deps
  const x = useMemo(() => countResNet(resnext50Variant(c, d), opts), [c, d, opts.height, opts.width, opts.strideAt, opts.countBn]); // eslint-disable-line react-hooks/exhaustive-deps
  const rows = r50.stages.map((s, i) => ({ s, x: x.stages[i]! }));
  return (
    <section className="recap-section" aria-labelledby="resnext-h" data-testid="resnext">
      <h2 id="resnext-h">{t('resnextH')}</h2>
      <p className="recap-explain">{t('resnextOverview')}</p>
      <div className="recap-controls">
        <Slider label={t('cardinality')} value={c} min={1} max={64} step={1} onChange={(v) => setState({ c: v })} testId="card-slider" />
        <Slider label={t('groupWidth')} value={d} min={1} max={64} step={1} onChange={(v) => setState({ d: v })} testId="gw-slider" />
      </div>
      <p className="hint">{t('table2Hint')}</p>
      <h3>{t('table1')}</h3>
      <div className="recap-table-wrap">
        <table className="recap-table" data-testid="resnext-table">
          <TableHead columns={[t('colStage'), `${t('colResnet')}: ${t('colParams')}`, `${t('colResnet')}: ${t('colMacs')}`, `${t('colResnext', { c, d })}: ${t('colParams')}`, `${t('colResnext', { c, d })}: ${t('colMacs')}`]} />
          <tbody>
            <tr>
              <th scope="row">{t('widthRow')}</th>
              <td colSpan={2}>{r50.stages[1]!.width}</td>
              <td colSpan={2}>{`${c}·${d} = ${x.stages[1]!.width}`}</td>
            </tr>
            {rows.map(({ s, x: xs }) => (
              <tr key={s.name}>
                <th scope="row">{s.name}</th>
                <td>{n(s.params)}</td>
                <td>{n(s.macs)}</td>
                <td>{n(xs.params)}</td>
                <td>{n(xs.macs)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('total')}</th>
              <td data-testid="r50-params">{`${(r50.params / 1e6).toFixed(1)}×10⁶`}</td>
              <td data-testid="r50-macs">{`${(r50.macs / 1e9).toFixed(1)}×10⁹`}</td>
              <td data-testid="x50-params">{`${(x.params / 1e6).toFixed(1)}×10⁶`}</td>
              <td data-testid="x50-macs">{`${(x.macs / 1e9).toFixed(1)}×10⁹`}</td>
            </tr>
            <tr>
              <th scope="row">{t('paperRow')}</th>
              <td>25.5×10⁶</td>
              <td>4.1×10⁹</td>
              <td>{c === 32 && d === 4 ? '25.0×10⁶' : '—'}</td>
              <td>{c === 32 && d === 4 ? '4.2×10⁹' : '—'}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function ImageNetSection({ t }: { t: T }) {
  const years = ILSVRC_TOP5.filter((e, i, a) => a.findIndex((o) => o.year === e.year) === i);
  const values = years.map((e) => `${e.year} ${e.model} ${e.top5}`).join(', ');
  return (
    <section className="recap-section" aria-labelledby="imagenet-h" data-testid="imagenet">
      <h2 id="imagenet-h">{t('imagenetH')}</h2>
      <p className="recap-explain">{t('imagenetOverview')}</p>
      <LineChart
        x={years.map((e) => e.year)}
        series={[
          { label: t('colTop5'), color: '#0b5cad', y: years.map((e) => e.top5) },
          { label: t('human'), color: '#57606a', y: years.map(() => HUMAN_TOP5.top5), dash: [6, 4] },
        ]}
        xLabel={t('year')}
        yLabel={t('top5')}
        yRange={[0, 16]}
        label={t('chartAlt', { values, human: HUMAN_TOP5.top5 })}
        height={220}
        testId="imagenet-chart"
      />
      <div className="recap-table-wrap">
        <table className="recap-table" data-testid="imagenet-table">
          <TableHead columns={[t('colYear'), t('colModel'), t('colTop5'), t('colSource')]} />
          <tbody>
            {ILSVRC_TOP5.map((e) => (
              <tr key={e.model}>
                <td>{e.year}</td>
                <th scope="row">{e.model}</th>
                <td>{e.top5}</td>
                <td style={{ textAlign: 'left', whiteSpace: 'normal' }}>{e.source}</td>
              </tr>
            ))}
            <tr>
              <td>2015</td>
              <th scope="row">{t('human')}</th>
              <td>{HUMAN_TOP5.top5}</td>
              <td style={{ textAlign: 'left', whiteSpace: 'normal' }}>{HUMAN_TOP5.source}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
