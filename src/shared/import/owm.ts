/**
 * Importing an OnlineWardleyMaps map (`.owm`): its components become services, its links
 * dependencies (see src/shared/value-chain/owm.ts). What the map holds that a document cannot
 * (pipelines, styles, lines that are not OWM) comes back as warnings with their line numbers; a
 * map without a single component is not importable.
 */
import { fromOwm } from '../value-chain/owm.ts';
import type { ImportResult } from './result.ts';

/** Whether text looks like an OWM map: a `component` or `anchor` line with coordinates. */
export function looksLikeOwm(text: string): boolean {
  return /^\s*(component|anchor)\s+\S[^\n]*\[\s*-?[\d.]+\s*,\s*-?[\d.]+\s*\]/m.test(text);
}

export function importOwmMap(text: string): ImportResult {
  const { document, problems } = fromOwm(text);
  if (document.services.length === 0) {
    const firstProblem = problems[0];
    return {
      ok: false,
      message:
        'not an OnlineWardleyMaps map with components (no "component NAME [visibility, maturity]" line)',
      ...(firstProblem ? { line: firstProblem.line, column: 1 } : {}),
    };
  }
  return {
    ok: true,
    text: `${JSON.stringify(document, null, 2)}\n`,
    format: 'owm',
    ...(problems.length > 0 ? { warnings: problems } : {}),
  };
}
