/**
 * Field values, pure: what an input shows for a value, what a typed text means (parsed strictly,
 * and left as the text when it is not what the field takes, so the schema refuses it with its own
 * reason), values read across a multi-selection, and immutable writes into nested values that
 * start missing groups the way their schema requires.
 */
import type { Defaults } from './field-defaults.ts';
import { childShape, variantOf, type FieldDescriptor, type FieldPath, type Shape } from './schema-fields.ts';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON number as people type one: no hex, no "Infinity", no trailing garbage ("12px"). */
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * The value a typed text stands for: empty removes the field (undefined); numbers parse strictly;
 * `null` where the field may be null. Anything else stays the text itself, which the schema then
 * refuses with its reason ("must be a number (got "abc")").
 */
export function parseInput(shape: Shape, nullable: boolean, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (nullable && trimmed === 'null') return null;
  switch (shape.kind) {
    case 'number':
      return NUMBER.test(trimmed) ? Number(trimmed) : trimmed;
    case 'numberOrEnum':
      return NUMBER.test(trimmed) ? Number(trimmed) : trimmed;
    case 'boolean':
      return trimmed === 'true' ? true : trimmed === 'false' ? false : trimmed;
    case 'textList': {
      const items = trimmed
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      return items;
    }
    case 'text':
    case 'enum':
    case 'serviceName':
      // NOTE: text is kept as typed (spaces included): a name's spaces are the schema's business.
      return text;
    default:
      return text;
  }
}

/** What an input shows for a value (the empty string for an absent one). */
export function formatValue(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ');
  return JSON.stringify(value);
}

/** A value across the selected services: the one they share, or "mixed". */
export type Shared = { readonly mixed: false; readonly value: unknown } | { readonly mixed: true };

/** JSON with sorted keys: two values are the same when their documents would say the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, item: unknown) =>
    isObject(item)
      ? Object.fromEntries(
          Object.keys(item)
            .sort()
            .map((key) => [key, item[key]]),
        )
      : item,
  );
}

export function sharedValue(values: readonly unknown[]): Shared {
  if (values.length === 0) return { mixed: false, value: undefined };
  const first = canonicalJson(values[0]);
  return values.every((value, index) => index === 0 || canonicalJson(value) === first)
    ? { mixed: false, value: values[0] }
    : { mixed: true };
}

/** The value at `path` inside `root`, or undefined when any step is missing. */
export function valueAt(root: unknown, path: FieldPath): unknown {
  let value = root;
  for (const key of path) {
    if (typeof key === 'number' ? !Array.isArray(value) : !isObject(value)) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** The smallest number a field takes (0, or 1 where it must be more than 0). */
function smallestNumber(shape: Extract<Shape, { kind: 'number' }>): number {
  if (shape.exclusiveMinimum !== undefined) return shape.exclusiveMinimum + 1;
  return shape.minimum ?? 0;
}

/**
 * A value to start the field at `path` with: its seed (the package default, a new region's
 * name…), else the least the schema accepts: an object with its required fields, a union's first
 * variant, a list with its required items.
 */
export function seedValue(shape: Shape, path: FieldPath, defaults: Defaults): unknown {
  // An explicit seed (a new region, SLO…) is taken whole; a default only decides a union's variant
  // and the leaves, so a started group gets its required fields and nothing more.
  const seed = defaults.seed(path);
  const hint = seed ?? defaults.at(path)?.value;
  const required = (fields: readonly FieldDescriptor[], seeded: JsonObject): JsonObject => {
    for (const field of fields) {
      if (field.required && seeded[field.key] === undefined) {
        seeded[field.key] = seedValue(field.shape, [...path, field.key], defaults);
      }
    }
    return seeded;
  };
  switch (shape.kind) {
    case 'object':
      return required(shape.fields, isObject(seed) ? { ...seed } : {});
    case 'union': {
      const variant = variantOf(shape, seed) ?? variantOf(shape, hint) ?? shape.variants[0];
      if (variant === undefined) return {};
      const start = isObject(seed) && variantOf(shape, seed) ? { ...seed } : {};
      return required(variant.fields, { ...start, [shape.discriminator]: variant.value });
    }
    case 'list': {
      if (Array.isArray(seed)) return seed;
      return Array.from({ length: shape.minItems }, (_, index) =>
        seedValue(shape.item, [...path, index], defaults),
      );
    }
    case 'record':
      return isObject(seed) ? seed : {};
    case 'number':
      return typeof hint === 'number' ? hint : smallestNumber(shape);
    case 'boolean':
      return typeof hint === 'boolean' ? hint : false;
    case 'enum':
      return typeof hint === 'string' && shape.options.includes(hint) ? hint : shape.options[0];
    case 'numberOrEnum':
      return typeof hint === 'number' || (typeof hint === 'string' && shape.options.includes(hint))
        ? hint
        : shape.options[0];
    case 'textList':
      return Array.isArray(hint) ? hint : Array.from({ length: shape.length ?? 0 }, () => '');
    case 'serviceNames':
      return [];
    case 'text':
    case 'serviceName':
      return typeof hint === 'string' ? hint : '';
    case 'json':
      return hint ?? null;
  }
}

/**
 * A union value switched to another variant: the fields both variants have are kept, the new
 * variant's required ones are seeded; a model turned into a mixture becomes its first component.
 */
export function switchVariant(
  shape: Shape,
  current: unknown,
  variantName: string,
  path: FieldPath,
  defaults: Defaults,
): unknown {
  if (shape.kind !== 'union') return current;
  const variant = shape.variants.find((candidate) => candidate.value === variantName);
  if (variant === undefined) return current;
  const previous = isObject(current) ? current : {};
  const switched: JsonObject = { [shape.discriminator]: variantName };
  for (const field of variant.fields) {
    if (previous[field.key] !== undefined) switched[field.key] = previous[field.key];
    else if (field.required) {
      if (variantName === 'mixture' && field.key === 'components' && variantOf(shape, current)) {
        switched[field.key] = [{ weight: 1, model: current }];
      } else switched[field.key] = seedValue(field.shape, [...path, field.key], defaults);
    }
  }
  return switched;
}

/**
 * `root` with `value` at `path` (undefined removes it, a list item is spliced out), cloning only
 * the containers on the way. A missing container is started with `seedValue`, so a retry policy
 * gets its required count and a latency model its type. `at` is where `root` sits (for seeds).
 */
export function setWithin(
  shape: Shape | undefined,
  root: unknown,
  path: FieldPath,
  value: unknown,
  defaults: Defaults,
  at: FieldPath = [],
): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  const isContainer = typeof key === 'number' ? Array.isArray(root) : isObject(root);
  if (!isContainer && value === undefined) return root;
  const container: unknown = isContainer
    ? root
    : shape
      ? seedValue(shape, at, defaults)
      : typeof key === 'number'
        ? []
        : {};
  const child = valueAt(container, [key]);
  const next = setWithin(childShape(shape, container, key), child, rest, value, defaults, [...at, key]);
  if (Array.isArray(container)) {
    const copy = [...container];
    if (typeof key !== 'number') return container;
    if (next === undefined) copy.splice(key, 1);
    else copy[key] = next;
    return copy;
  }
  const copy: JsonObject = { ...(container as JsonObject) };
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  return copy;
}

/**
 * The shortest path from `path` upwards at which a write must happen in `root`: the first
 * container on the way that does not exist yet (it is written whole, seeded), else `path` itself.
 */
export function writePath(root: unknown, path: FieldPath): FieldPath {
  for (let depth = 1; depth < path.length; depth++) {
    const key = path[depth] as string | number;
    const container = valueAt(root, path.slice(0, depth));
    const exists = typeof key === 'number' ? Array.isArray(container) : isObject(container);
    if (!exists) return path.slice(0, depth);
  }
  return path;
}
