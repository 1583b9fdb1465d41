import type { CaptionScores } from '../../core/captions';

export interface ScoreRow {
  readonly id: string;
  readonly label: string;
  readonly caption?: string;
  readonly scores: CaptionScores;
}

const f3 = (x: number) => x.toFixed(3);

/** BLEU-4 / ROUGE-L / CIDEr per captioner; the full values are in data attributes (for tests and copying). */
export function ScoresTable({ rows, headers, testId }: { rows: readonly ScoreRow[]; headers: { captioner: string; caption?: string }; testId: string }) {
  const withCaption = headers.caption !== undefined;
  return (
    <div className="table-scroll">
      <table className="detections caption-scores" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{headers.captioner}</th>
            {withCaption && <th scope="col">{headers.caption}</th>}
            <th scope="col">BLEU-4</th>
            <th scope="col">ROUGE-L</th>
            <th scope="col">CIDEr</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid={`score-${r.id}`} data-bleu4={r.scores.Bleu_4} data-rouge={r.scores.ROUGE_L} data-cider={r.scores.CIDEr}>
              <th scope="row">{r.label}</th>
              {withCaption && <td data-testid={`scored-caption-${r.id}`}>{r.caption}</td>}
              <td>{f3(r.scores.Bleu_4)}</td>
              <td>{f3(r.scores.ROUGE_L)}</td>
              <td>{f3(r.scores.CIDEr)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
