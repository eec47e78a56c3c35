/**
 * Copy, paste and duplicate of services: what goes on the clipboard (the services' JSON, as a
 * person could paste it into the document) and what a paste adds (copies with names of their own,
 * dependencies among the copies following the copies, placed beside the originals).
 */
import type { Point } from '@shared/diagram/model.ts';
import { uniqueServiceName } from '../document/changes.ts';
import { parseJsonValue } from '@shared/document/json-text.ts';

type JsonObject = Record<string, unknown>;

/** The clipboard's text: `{"archsimServices": [...]}`, pretty-printed. */
export function servicesToClipboard(services: readonly JsonObject[]): string {
  return `${JSON.stringify({ archsimServices: services }, null, 2)}\n`;
}

/** Services from clipboard text: archsim's own format, a single service object or a list of them. */
export function servicesFromClipboard(text: string): JsonObject[] | null {
  const value = parseJsonValue(text);
  if (value === undefined) return null;
  const isService = (item: unknown): item is JsonObject =>
    typeof item === 'object' &&
    item !== null &&
    !Array.isArray(item) &&
    typeof (item as JsonObject)['name'] === 'string';
  if (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as JsonObject)['archsimServices'])
  ) {
    const services = (value as { archsimServices: unknown[] }).archsimServices;
    return services.every(isService) ? services : null;
  }
  if (Array.isArray(value)) return value.length > 0 && value.every(isService) ? value : null;
  return isService(value) ? [value] : null;
}

/** How far a paste lands from what was copied. */
export const PASTE_OFFSET = 40;

/**
 * The services a paste adds: each copy renamed to a free name, dependencies on copied services
 * pointed at their copies (others kept), positions moved by `offset`.
 */
export function pastedServices(
  copied: readonly JsonObject[],
  takenNames: Iterable<string>,
  offset: Point = { x: PASTE_OFFSET, y: PASTE_OFFSET },
): JsonObject[] {
  const taken = new Set(takenNames);
  const renamed = new Map<string, string>();
  for (const service of copied) {
    const name = String(service['name']);
    const fresh = uniqueServiceName(name, taken);
    taken.add(fresh);
    renamed.set(name, fresh);
  }
  return copied.map((service) => {
    const copy: JsonObject = structuredClone(service);
    copy['name'] = renamed.get(String(service['name']));
    if (Array.isArray(copy['dependencies'])) {
      copy['dependencies'] = (copy['dependencies'] as unknown[]).map((dependency) =>
        typeof dependency === 'string' ? (renamed.get(dependency) ?? dependency) : dependency,
      );
    }
    const position = copy['position'] as Partial<Point> | undefined;
    if (position && typeof position.x === 'number' && typeof position.y === 'number') {
      copy['position'] = { x: position.x + offset.x, y: position.y + offset.y };
    }
    return copy;
  });
}
