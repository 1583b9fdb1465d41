import type { ReactNode } from 'react';

/** A table's column heads: one row, one `<th scope="col">` per entry, in order. */
export function TableHead({ columns }: { readonly columns: readonly ReactNode[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          <th key={i} scope="col">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
