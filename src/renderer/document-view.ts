/**
 * What the studio shows of a parsed document, read tolerantly: a document with errors is still
 * shown as far as it can be (an unknown package does not hide the service that names it).
 */

/** One service as listed in the studio. Missing or mistyped fields are undefined. */
export interface ServiceRow {
  /** Position in the document's `services` array. */
  readonly index: number;
  readonly name: string | undefined;
  readonly packageName: string | undefined;
  readonly count: number | undefined;
  readonly regions: number | undefined;
  readonly dependencies: readonly string[];
}

export interface DocumentView {
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly services: readonly ServiceRow[];
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** Title, description and services of a parsed JSON value (anything at all). */
export function viewDocument(value: unknown): DocumentView {
  if (!isObject(value)) return { title: undefined, description: undefined, services: [] };
  const services = Array.isArray(value['services']) ? (value['services'] as unknown[]) : [];
  return {
    title: stringOf(value['title']) ?? stringOf(value['arch']),
    description: stringOf(value['description']),
    services: services.map((service, index) => {
      const fields = isObject(service) ? service : {};
      const dependencies = Array.isArray(fields['dependencies']) ? (fields['dependencies'] as unknown[]) : [];
      return {
        index,
        name: stringOf(fields['name']),
        packageName: stringOf(fields['package']),
        count: numberOf(fields['count']),
        regions: numberOf(fields['regions']),
        dependencies: dependencies.filter(
          (dependency): dependency is string => typeof dependency === 'string',
        ),
      };
    }),
  };
}

/** The offset in `text` of a 1-based line and column (clamped to the text). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + Math.max(column - 1, 0), text.length);
}
