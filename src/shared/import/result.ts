/** What an import gives: a document's text, or why the file cannot be one (located when it can be). */
import { LineIndex } from '../document/json-text.ts';

/** Where a document came from: spigo or archsim JSON, a docker-compose file, an exported SVG. */
export type ImportFormat = 'spigo' | 'archsim' | 'compose' | 'svg';

export type ImportResult =
  | { readonly ok: true; readonly text: string; readonly format: ImportFormat }
  | { readonly ok: false; readonly message: string; readonly line?: number; readonly column?: number };

/** A failure at `offset` of `text` (1-based line and column, as editors count). */
export function failureAt(text: string, offset: number, message: string): ImportResult {
  return { ok: false, message, ...new LineIndex(text).at(offset) };
}
