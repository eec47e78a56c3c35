/**
 * The inspector's form, described from the document's one schema: the JSON Schema that
 * `documentJsonSchema()` derives from the zod schema is walked into field descriptors (key,
 * description, whether required, and the shape of the value: number, text, choice, group, list…).
 * A field added to the schema therefore appears in the inspector without a change here; only the
 * few fields whose JSON Schema type says less than the form should (a package is one of the
 * package names, a victim is a service) are refined below by their path.
 */
import { documentJsonSchema } from '@shared/document/schema.ts';
import { PACKAGE_NAMES } from '@shared/document/packages.ts';

/** A path into a service (service scope) or into the document (document scope): keys and indexes. */
export type FieldPath = readonly (string | number)[];

export type Shape =
  | { readonly kind: 'text' }
  | {
      readonly kind: 'number';
      readonly integer: boolean;
      readonly minimum?: number;
      readonly exclusiveMinimum?: number;
    }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly options: readonly string[] }
  /** A number or one of a few names (a value chain's evolution: 0–1 or a stage), typed in one box. */
  | {
      readonly kind: 'numberOrEnum';
      readonly options: readonly string[];
      readonly minimum?: number;
      readonly maximum?: number;
    }
  /** The name of a service of the document. */
  | { readonly kind: 'serviceName' }
  /** A set of service names (and "eureka" where spigo allows it), as a list of check boxes. */
  | { readonly kind: 'serviceNames'; readonly eureka: boolean }
  /** A list of strings (or a fixed-length tuple of them), typed comma-separated. */
  | { readonly kind: 'textList'; readonly length?: number }
  | { readonly kind: 'object'; readonly fields: readonly FieldDescriptor[] }
  /** Objects told apart by a discriminator (latency models by `type`, failures, load changes). */
  | { readonly kind: 'union'; readonly discriminator: string; readonly variants: readonly Variant[] }
  | {
      readonly kind: 'list';
      readonly item: Shape;
      readonly minItems: number;
      readonly itemDescription?: string;
    }
  /** An object keyed by a dependency's name (calls.probabilities, calls.edges). */
  | { readonly kind: 'record'; readonly value: Shape; readonly valueDescription?: string }
  /** Anything the form cannot edit: shown as JSON, read-only. */
  | { readonly kind: 'json' };

export interface FieldDescriptor {
  readonly key: string;
  readonly description?: string;
  readonly required: boolean;
  /** `null` is a meaningful value (capacity.queue: unbounded; dependencies: none). */
  readonly nullable: boolean;
  readonly shape: Shape;
  /** Shown, not edited (e.g. archsimVersion, which migrations own). */
  readonly readOnly?: boolean;
}

export interface Variant {
  /** The discriminator's value, e.g. "lognormal". */
  readonly value: string;
  readonly description?: string;
  /** The variant's fields without the discriminator. */
  readonly fields: readonly FieldDescriptor[];
}

/** Document fields the inspector does not edit because another view does (listed for the tests). */
export const DOCUMENT_FIELDS_SHOWN_ELSEWHERE = ['services'] as const;

/**
 * Service fields spigo's tools used and the simulation does not (kept as written): the form shows
 * them together in one collapsed group after the ones that change a run.
 */
export const SPIGO_ONLY_SERVICE_FIELDS: readonly string[] = [
  'machine',
  'instance',
  'container',
  'process',
  'useCustomGuesstimate',
  'guesstimateType',
  'guesstimateValue',
];

/** Document fields shown read-only: the document version belongs to the migrations. */
const READ_ONLY_DOCUMENT_FIELDS = new Set(['archsimVersion']);

/**
 * Refinements by path pattern (`*` stands for any list index); the JSON Schema says "string" where
 * the form offers a choice.
 */
const REFINEMENTS: Readonly<Record<string, Shape>> = {
  'services.*.package': { kind: 'enum', options: PACKAGE_NAMES },
  'services.*.dependencies': { kind: 'serviceNames', eureka: true },
  victim: { kind: 'serviceName' },
  'load.entry': { kind: 'serviceNames', eureka: false },
  'slos.*.service': { kind: 'serviceName' },
  'scenarios.*.failures.*.service': { kind: 'serviceName' },
  'scenarios.*.failures.*.caller': { kind: 'serviceName' },
};

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface Resolved {
  readonly node: Node;
  readonly description?: string;
  /** Set when the node came through a $ref: recursive schemas (mixtures) are built once. */
  readonly reference?: string;
}

class SchemaWalker {
  readonly #definitions: Node;
  readonly #byReference = new Map<string, Shape>();

  constructor(root: Node) {
    this.#definitions = isNode(root['definitions']) ? root['definitions'] : {};
  }

  /** Follows `$ref` and single-entry `allOf` (how zod attaches a description to a reference). */
  resolve(node: Node): Resolved {
    const description = typeof node['description'] === 'string' ? node['description'] : undefined;
    const allOf = node['allOf'];
    if (Array.isArray(allOf) && allOf.length === 1 && isNode(allOf[0])) {
      const inner = this.resolve(allOf[0]);
      return { ...inner, description: description ?? inner.description };
    }
    const reference = node['$ref'];
    if (typeof reference === 'string') {
      const name = reference.replace(/^#\/definitions\//, '');
      const target = this.#definitions[name];
      if (!isNode(target)) return { node: {}, description };
      const inner = this.resolve(target);
      return { node: inner.node, description: description ?? inner.description, reference: name };
    }
    return { node, description };
  }

  field(key: string, schema: unknown, required: boolean, pattern: string): FieldDescriptor {
    const resolved = this.resolve(isNode(schema) ? schema : {});
    let node = resolved.node;
    let nullable = false;
    let reference = resolved.reference;
    let description = resolved.description;
    const alternatives = node['anyOf'];
    if (Array.isArray(alternatives)) {
      const nonNull = alternatives.filter((item) => !(isNode(item) && item['type'] === 'null'));
      if (nonNull.length === 1 && alternatives.length === 2 && isNode(nonNull[0])) {
        nullable = true;
        const inner = this.resolve(nonNull[0]);
        node = inner.node;
        reference = inner.reference ?? reference;
        description = description ?? inner.description;
      }
    }
    const shape = REFINEMENTS[pattern] ?? this.shape(node, pattern, reference);
    return {
      key,
      required,
      nullable,
      shape,
      ...(description === undefined ? {} : { description }),
    };
  }

  fields(node: Node, pattern: string, except: readonly string[] = []): FieldDescriptor[] {
    const properties = isNode(node['properties']) ? node['properties'] : {};
    const required = new Set(Array.isArray(node['required']) ? (node['required'] as string[]) : []);
    return Object.entries(properties)
      .filter(([key]) => !except.includes(key))
      .map(([key, schema]) => this.field(key, schema, required.has(key), join(pattern, key)));
  }

  shape(node: Node, pattern: string, reference?: string): Shape {
    if (reference !== undefined) {
      const known = this.#byReference.get(reference);
      if (known) return known;
    }
    const variants = node['oneOf'] ?? node['anyOf'];
    if (Array.isArray(variants))
      return this.numberOrEnum(variants) ?? this.union(variants, pattern, reference);
    const type = node['type'];
    if (Array.isArray(node['enum'])) return { kind: 'enum', options: node['enum'].map(String) };
    switch (type) {
      case 'string':
        return { kind: 'text' };
      case 'number':
      case 'integer':
        return {
          kind: 'number',
          integer: type === 'integer',
          ...(typeof node['minimum'] === 'number' ? { minimum: node['minimum'] } : {}),
          ...(typeof node['exclusiveMinimum'] === 'number'
            ? { exclusiveMinimum: node['exclusiveMinimum'] }
            : {}),
        };
      case 'boolean':
        return { kind: 'boolean' };
      case 'array':
        return this.array(node, pattern);
      case 'object': {
        if (!isNode(node['properties']) && isNode(node['additionalProperties'])) {
          const value = this.field('*', node['additionalProperties'], false, join(pattern, '*'));
          return {
            kind: 'record',
            value: value.shape,
            ...(value.description === undefined ? {} : { valueDescription: value.description }),
          };
        }
        return { kind: 'object', fields: this.fields(node, pattern) };
      }
      default:
        return { kind: 'json' };
    }
  }

  array(node: Node, pattern: string): Shape {
    const items = node['items'];
    if (Array.isArray(items)) {
      const allText = items.every((item) => isNode(item) && item['type'] === 'string');
      return allText ? { kind: 'textList', length: items.length } : { kind: 'json' };
    }
    const item = this.field('*', isNode(items) ? items : {}, true, join(pattern, '*'));
    if (item.shape.kind === 'text' || item.shape.kind === 'serviceName') return { kind: 'textList' };
    if (item.shape.kind === 'json') return { kind: 'json' };
    return {
      kind: 'list',
      item: item.shape,
      minItems: typeof node['minItems'] === 'number' ? node['minItems'] : 0,
      ...(item.description === undefined ? {} : { itemDescription: item.description }),
    };
  }

  /** `anyOf: [{enum: […]}, {type: number}]` in either order: one box taking a number or a name. */
  numberOrEnum(alternatives: readonly unknown[]): Shape | undefined {
    if (alternatives.length !== 2) return undefined;
    const nodes = alternatives.map((item) => this.resolve(isNode(item) ? item : {}).node);
    const choice = nodes.find((item) => Array.isArray(item['enum']));
    const number = nodes.find((item) => item['type'] === 'number' || item['type'] === 'integer');
    if (choice === undefined || number === undefined) return undefined;
    return {
      kind: 'numberOrEnum',
      options: (choice['enum'] as unknown[]).map(String),
      ...(typeof number['minimum'] === 'number' ? { minimum: number['minimum'] } : {}),
      ...(typeof number['maximum'] === 'number' ? { maximum: number['maximum'] } : {}),
    };
  }

  union(alternatives: readonly unknown[], pattern: string, reference?: string): Shape {
    const discriminator = 'type';
    const built: Variant[] = [];
    const shape: Shape = { kind: 'union', discriminator, variants: built };
    // Registered before the variants are walked: a mixture's components refer back to the union.
    if (reference !== undefined) this.#byReference.set(reference, shape);
    for (const alternative of alternatives) {
      const variant = this.resolve(isNode(alternative) ? alternative : {});
      const properties = isNode(variant.node['properties']) ? variant.node['properties'] : {};
      const tag = properties[discriminator];
      const value = isNode(tag) ? tag['const'] : undefined;
      if (typeof value !== 'string') return { kind: 'json' };
      built.push({
        value,
        fields: this.fields(variant.node, pattern, [discriminator]),
        ...(variant.description === undefined ? {} : { description: variant.description }),
      });
    }
    return shape;
  }
}

const join = (pattern: string, key: string): string => (pattern === '' ? key : `${pattern}.${key}`);

interface Forms {
  readonly service: readonly FieldDescriptor[];
  readonly document: readonly FieldDescriptor[];
  /** Every property of the document's top-level object and of a service, as the schema lists them. */
  readonly documentKeys: readonly string[];
  readonly serviceKeys: readonly string[];
}

let forms: Forms | undefined;

function buildForms(): Forms {
  const root = documentJsonSchema();
  const walker = new SchemaWalker(root);
  const properties = isNode(root['properties']) ? root['properties'] : {};
  const services = isNode(properties['services']) ? properties['services'] : {};
  const serviceNode = walker.resolve(isNode(services['items']) ? services['items'] : {}).node;
  const document = walker
    .fields(root, '', DOCUMENT_FIELDS_SHOWN_ELSEWHERE)
    .map((field) => (READ_ONLY_DOCUMENT_FIELDS.has(field.key) ? { ...field, readOnly: true } : field));
  return {
    service: walker.fields(serviceNode, 'services.*'),
    document,
    documentKeys: Object.keys(properties),
    serviceKeys: Object.keys(isNode(serviceNode['properties']) ? serviceNode['properties'] : {}),
  };
}

/** The schema's forms, built once on first use (the JSON Schema takes a few ms to derive). */
export function schemaForms(): Forms {
  forms ??= buildForms();
  return forms;
}

/** The fields of a service, in the schema's order. */
export const serviceFields = (): readonly FieldDescriptor[] => schemaForms().service;
/** The document's own fields (its settings), in the schema's order, without `services`. */
export const documentFields = (): readonly FieldDescriptor[] => schemaForms().document;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The variant a union value is, by its discriminator. */
export function variantOf(shape: Shape, value: unknown): Variant | undefined {
  if (shape.kind !== 'union' || !isObject(value)) return undefined;
  return shape.variants.find((variant) => variant.value === value[shape.discriminator]);
}

/** The shape of `container[key]`, given the shape of `container` (unions by its discriminator). */
export function childShape(
  shape: Shape | undefined,
  container: unknown,
  key: string | number,
): Shape | undefined {
  if (shape === undefined) return undefined;
  switch (shape.kind) {
    case 'object':
      return shape.fields.find((field) => field.key === key)?.shape;
    case 'union':
      return variantOf(shape, container)?.fields.find((field) => field.key === key)?.shape;
    case 'list':
      return typeof key === 'number' ? shape.item : undefined;
    case 'record':
      return shape.value;
    default:
      return undefined;
  }
}

/** The descriptor of a field at `path` inside `root` (whose fields are `fields`). */
export function descriptorAt(
  fields: readonly FieldDescriptor[],
  path: FieldPath,
  root: unknown,
): FieldDescriptor | undefined {
  let shape: Shape | undefined = { kind: 'object', fields };
  let value: unknown = root;
  let descriptor: FieldDescriptor | undefined;
  for (const key of path) {
    if (shape?.kind === 'object') descriptor = shape.fields.find((field) => field.key === key);
    else if (shape?.kind === 'union') {
      descriptor = variantOf(shape, value)?.fields.find((field) => field.key === key);
    } else if (shape?.kind === 'list' || shape?.kind === 'record') {
      const item = childShape(shape, value, key);
      descriptor = item && { key: String(key), required: true, nullable: false, shape: item };
    } else return undefined;
    if (descriptor === undefined) return undefined;
    shape = descriptor.shape;
    value =
      isObject(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[key] : undefined;
  }
  return descriptor;
}

/** A path as people and tests read it: `retries.count`, `latency.components[0].weight`. */
export function pathName(path: FieldPath): string {
  return path.reduce<string>(
    (name, key) => (typeof key === 'number' ? `${name}[${key}]` : name === '' ? key : `${name}.${key}`),
    '',
  );
}
