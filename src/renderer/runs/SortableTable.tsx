/**
 * A table whose columns sort (click a header; again to reverse), with numbers right-aligned.
 * The run views' tables — results per entry and service, comparisons — are all this one.
 */
import { useMemo, useState, type ReactNode } from 'react';

export interface Column<Row> {
  readonly key: string;
  readonly label: string;
  readonly numeric?: boolean;
  /** The value sorted by. */
  readonly value: (row: Row) => number | string;
  /** What the cell shows (default: the value). */
  readonly render?: (row: Row) => ReactNode;
  readonly title?: (row: Row) => string | undefined;
  readonly className?: (row: Row) => string | undefined;
}

export interface SortableTableProps<Row> {
  readonly label: string;
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  readonly rowKey: (row: Row) => string;
  /** The column sorted by at first (default: none, the given order). */
  readonly initialSort?: { readonly key: string; readonly descending: boolean };
}

export function SortableTable<Row>({ label, columns, rows, rowKey, initialSort }: SortableTableProps<Row>) {
  const [sort, setSort] = useState<{ key: string; descending: boolean } | null>(initialSort ?? null);
  const sorted = useMemo(() => {
    const column = sort && columns.find((candidate) => candidate.key === sort.key);
    if (!column || !sort) return rows;
    const direction = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => {
      const left = column.value(a);
      const right = column.value(b);
      const order =
        typeof left === 'number' && typeof right === 'number'
          ? left - right
          : String(left).localeCompare(String(right));
      return order * direction;
    });
  }, [rows, columns, sort]);
  return (
    <table className="results-table" aria-label={label}>
      <thead>
        <tr>
          {columns.map((column) => {
            const active = sort?.key === column.key;
            return (
              <th
                key={column.key}
                scope="col"
                className={column.numeric ? 'number' : undefined}
                aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              >
                <button
                  type="button"
                  className="sort-button"
                  onClick={() =>
                    setSort((current) =>
                      current?.key === column.key
                        ? { key: column.key, descending: !current.descending }
                        : { key: column.key, descending: column.numeric === true },
                    )
                  }
                >
                  {column.label}
                  <span className="sort-mark" aria-hidden="true">
                    {active ? (sort.descending ? ' ▾' : ' ▴') : ''}
                  </span>
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((column, index) => {
              const content = column.render ? column.render(row) : column.value(row);
              const className = [column.numeric ? 'number' : '', column.className?.(row) ?? '']
                .filter(Boolean)
                .join(' ');
              return index === 0 ? (
                <th
                  key={column.key}
                  scope="row"
                  className={className || undefined}
                  title={column.title?.(row)}
                >
                  {content}
                </th>
              ) : (
                <td key={column.key} className={className || undefined} title={column.title?.(row)}>
                  {content}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
