/**
 * Importing architecture JSON: a spigo `json_arch` file or an archsim document. It must be a JSON
 * object with a `services` list; it is taken as it is (every spigo file opens unchanged, its
 * formatting included). A spigo instance graph (`spigo-0.4`) is not an architecture.
 */
import { parseJsonText } from '../document/json-text.ts';
import type { ImportResult } from './result.ts';

/**
 * Why a parsed JSON value is not an architecture (a phrase: "not an architecture: …"), or null
 * when it is one.
 */
export function architectureValueProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not an architecture: it is not a JSON object';
  }
  const fields = value as Record<string, unknown>;
  if (Array.isArray(fields['graph']) && !Array.isArray(fields['services'])) {
    return 'a spigo instance graph (spigo-0.4), not an architecture; import its json_arch file instead';
  }
  if (!Array.isArray(fields['services'])) {
    return 'not a spigo architecture: it has no "services" list';
  }
  return null;
}

/** Architecture JSON: the text itself, when it is one. */
export function importArchitectureJson(text: string): ImportResult {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const { message, line, column } = parsed.problem;
    // The location goes in line and column (FILE:LINE:COLUMN), not twice in the message.
    const reason = message.replace(/ at line \d+, column \d+/, '');
    return { ok: false, message: reason, ...(line === undefined ? {} : { line, column }) };
  }
  const problem = architectureValueProblem(parsed.value);
  if (problem) return { ok: false, message: problem };
  const version = (parsed.value as Record<string, unknown>)['archsimVersion'];
  return { ok: true, text, format: version === undefined ? 'spigo' : 'archsim' };
}
