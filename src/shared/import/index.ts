/**
 * File → Import and `archsim import`: a file's text → an architecture document's text. One
 * function for both, so the studio and the command line accept the same files:
 * - `.json`: a spigo `json_arch` file or an archsim document, taken as it is;
 * - `.yml`, `.yaml`: a docker-compose file, converted (formatted JSON, 2-space indent);
 * - `.svg`: a diagram archsim exported, whose `<metadata>` holds the document's exact text;
 * - `.owm`: an OnlineWardleyMaps map, its components as services (warnings for what is not kept);
 * - any other name: told apart by content (`<` SVG, `{` JSON — or a compose file written as
 *   JSON, with `services` a mapping — an OWM map's `component NAME [v, m]` lines, else YAML).
 * Failures say why, with the line and column when there is a place to point at.
 */
import { importComposeFile } from './compose.ts';
import { importArchitectureJson } from './json.ts';
import type { ImportResult } from './result.ts';
import { importDiagramSvg } from './svg.ts';
import { importOwmMap, looksLikeOwm } from './owm.ts';

export type { ImportFormat, ImportResult, ImportWarning } from './result.ts';
export { guessPackage, imageRepositoryName } from './compose.ts';
export { guessPackageFromName } from './package-guess.ts';

/** The file types File → Import offers (extensions without the dot). */
export const IMPORT_EXTENSIONS = ['json', 'yml', 'yaml', 'svg', 'owm'] as const;

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function isComposeJson(text: string): boolean {
  try {
    const value = JSON.parse(text) as unknown;
    const services = (value as Record<string, unknown> | null)?.['services'];
    return typeof services === 'object' && services !== null && !Array.isArray(services);
  } catch {
    return false;
  }
}

/** Imports `text` read from `fileName` (a name or a path; its extension chooses the format). */
export function importDocumentText(fileName: string, text: string): ImportResult {
  const content = text.startsWith('\uFEFF') ? text.slice(1) : text;
  switch (extensionOf(fileName)) {
    case 'json':
      return importArchitectureJson(content);
    case 'yml':
    case 'yaml':
      return importComposeFile(fileName, content);
    case 'svg':
      return importDiagramSvg(content);
    case 'owm':
      return importOwmMap(content);
  }
  const start = content.trimStart()[0];
  if (start === '<') return importDiagramSvg(content);
  if ((start === '{' || start === '[') && !isComposeJson(content)) return importArchitectureJson(content);
  if (looksLikeOwm(content)) return importOwmMap(content);
  return importComposeFile(fileName, content);
}
