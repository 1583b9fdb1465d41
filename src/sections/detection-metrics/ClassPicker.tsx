import { useId, useMemo, useState } from 'react';
import { COCO_CATEGORIES } from '../../core/cocoClasses';
import { useLang } from '../../i18n/LangContext';
import { cocoLabel } from '../../i18n/cocoNames';

/** A searchable select of the 80 COCO classes, in the UI language (English names match too). */
export function ClassPicker({ label, searchLabel, value, onChange, testId }: {
  label: string; searchLabel: string; value: number; onChange: (id: number) => void; testId: string;
}) {
  const lang = useLang();
  const id = useId();
  const [q, setQ] = useState('');
  const options = useMemo(() => {
    const all = COCO_CATEGORIES.map(([cid, en]) => ({ id: cid, name: cocoLabel(cid, lang), en }));
    return all.sort((a, b) => a.name.localeCompare(b.name, lang));
  }, [lang]);
  const needle = q.trim().toLowerCase();
  const filtered = options.filter((o) => o.id === value || needle === '' || o.name.toLowerCase().includes(needle) || o.en.includes(needle));
  return (
    <div className="class-picker">
      <label htmlFor={`${id}-s`} className="visually-hidden">{searchLabel}</label>
      <input
        id={`${id}-s`}
        type="search"
        placeholder={`${searchLabel}…`}
        value={q}
        onChange={(e) => {
          const v = e.currentTarget.value;
          setQ(v);
          const n = v.trim().toLowerCase();
          const hit = options.find((o) => n !== '' && (o.name.toLowerCase().startsWith(n) || o.en.startsWith(n)));
          if (hit) onChange(hit.id);
        }}
        data-testid={`${testId}-search`}
      />
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.currentTarget.value))} data-testid={testId}>
        {filtered.map((o) => (
          <option key={o.id} value={o.id}>{o.name}</option>
        ))}
      </select>
    </div>
  );
}
