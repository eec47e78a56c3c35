/**
 * Plain-text tables for the terminal: columns padded to their widest cell. Cells are shown with
 * their control characters escaped (names come from documents), before the widths are measured.
 */
import { escapeControls } from './io.ts';

export interface Column {
  readonly header: string;
  /** Right-align (numbers). */
  readonly numeric?: boolean;
}

export function formatTable(columns: readonly Column[], givenRows: readonly (readonly string[])[]): string {
  const rows = givenRows.map((row) => row.map(escapeControls));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => {
        const width = widths[index] ?? 0;
        return columns[index]?.numeric ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)].join('\n');
}
