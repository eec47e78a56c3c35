/** What an import gives: a document's text, or why the file cannot be one (located when it can be). */
import { LineIndex } from '../document/json-text.ts';

/**
 * Where a document came from: spigo or archsim JSON, a docker-compose file, an exported SVG, an
 * OnlineWardleyMaps map.
 */
export type ImportFormat = 'spigo' | 'archsim' | 'compose' | 'svg' | 'owm';

/** Something of the file the import could not use (it still made a document), at a 1-based line. */
export interface ImportWarning {
  readonly line: number;
  readonly message: string;
}

export type ImportResult =
  | {
      readonly ok: true;
      readonly text: string;
      readonly format: ImportFormat;
      /** What the file holds that the document does not (an OWM map's pipelines, bad lines…). */
      readonly warnings?: readonly ImportWarning[];
    }
  | { readonly ok: false; readonly message: string; readonly line?: number; readonly column?: number };

/** A failure at `offset` of `text` (1-based line and column, as editors count). */
export function failureAt(text: string, offset: number, message: string): ImportResult {
  return { ok: false, message, ...new LineIndex(text).at(offset) };
}
