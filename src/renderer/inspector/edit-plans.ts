/**
 * Inspector edits as change objects, checked before they are applied: the edited field's new
 * value is validated with the field's own zod schema (the one the document is validated with),
 * and an edit that would add a problem is refused with zod's reason — nothing is applied. An
 * edit of several services is one `setValues` change, so it is one undo step.
 */
import type { z } from 'zod';
import { documentSchema, serviceSchema } from '@shared/document/schema.ts';
import { zodIssueToProblem } from '@shared/document/zod-issues.ts';
import { serviceNameProblem, type Change } from '@renderer/document/changes.ts';
import type { Defaults } from './field-defaults.ts';
import { canonicalJson, seedValue, setWithin, switchVariant, valueAt, writePath } from './field-values.ts';
import { childShape, pathName, type FieldDescriptor, type FieldPath, type Shape } from './schema-fields.ts';

type JsonObject = Record<string, unknown>;

/** One service being edited (service scope) or the document itself (document scope). */
export interface EditTarget {
  /** Index in `services`; absent for the document. */
  readonly index?: number;
  /** The service's name, for labels and messages. */
  readonly name: string;
  readonly value: Readonly<JsonObject>;
  readonly defaults: Defaults;
}

export interface EditScope {
  readonly kind: 'service' | 'document';
  readonly fields: readonly FieldDescriptor[];
  readonly targets: readonly EditTarget[];
}

/** A change to apply with its undo label; `change: null` when there is nothing to change. */
export type EditPlan =
  | { readonly ok: true; readonly change: Change | null; readonly label: string }
  | { readonly ok: false; readonly message: string };

const schemaShapes = {
  service: serviceSchema.shape as unknown as Readonly<Record<string, z.ZodType>>,
  document: documentSchema.shape as unknown as Readonly<Record<string, z.ZodType>>,
};

function issuesOf(schema: z.ZodType, value: unknown, key: string): { key: string; message: string }[] {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const problem = zodIssueToProblem(issue);
    return { key: JSON.stringify([key, ...problem.path]), message: problem.message };
  });
}

/**
 * Why the field `path[0]` may not go from `before` to `after`: the first problem zod finds in the
 * new value that the old one did not have (so a problem elsewhere in the group does not block an
 * unrelated edit), named by its path unless it is the edited field's own. Null when fine.
 */
export function validationProblem(
  kind: EditScope['kind'],
  path: FieldPath,
  before: unknown,
  after: unknown,
): string | null {
  const key = String(path[0]);
  const schema = schemaShapes[kind][key];
  if (schema === undefined) return `"${key}" is not a field the schema knows; edit it in the JSON.`;
  const known = new Set(issuesOf(schema, before, key).map((issue) => `${issue.key} ${issue.message}`));
  const added = issuesOf(schema, after, key).find((issue) => !known.has(`${issue.key} ${issue.message}`));
  if (added === undefined) return null;
  if (added.key === JSON.stringify(path)) return added.message;
  return `${pathName(JSON.parse(added.key) as FieldPath)}: ${added.message}`;
}

const rootShape = (scope: EditScope): Shape => ({ kind: 'object', fields: scope.fields });

/** The shape of the field at `path` in `target` (a union's by its current variant). */
export function shapeAt(scope: EditScope, target: EditTarget, path: FieldPath): Shape | undefined {
  let shape: Shape | undefined = rootShape(scope);
  let value: unknown = target.value;
  for (const key of path) {
    shape = childShape(shape, value, key);
    value = valueAt(value, [key]);
  }
  return shape;
}

function fullPath(scope: EditScope, target: EditTarget, path: FieldPath): (string | number)[] {
  return scope.kind === 'service' ? ['services', target.index ?? -1, ...path] : [...path];
}

/** "Set timeoutMs on 3 services", "Remove retries on api", "Set load.rate". */
export function editLabel(scope: EditScope, verb: string, path: FieldPath): string {
  const field = pathName(path);
  if (scope.kind === 'document') return `${verb} ${field}`;
  const [only] = scope.targets;
  const on =
    scope.targets.length === 1 && only ? only.name || 'the service' : `${scope.targets.length} services`;
  return `${verb} ${field} on ${on}`;
}

/**
 * Writes, for every target, the value `update` gives for the field at `path` (undefined removes
 * it), each validated first; one `setValues` change for them all.
 */
export function planEdit(
  scope: EditScope,
  path: FieldPath,
  update: (current: unknown, target: EditTarget) => unknown,
  verb?: string,
): EditPlan {
  const [key] = path;
  if (typeof key !== 'string') return { ok: false, message: 'Nothing to edit.' };
  const entries: { path: FieldPath; value: unknown }[] = [];
  let removing = true;
  for (const target of scope.targets) {
    const value = update(valueAt(target.value, path), target);
    if (value !== undefined) removing = false;
    const root = setWithin(rootShape(scope), target.value, path, value, target.defaults) as JsonObject;
    const before = target.value[key];
    const after = root[key];
    if (canonicalJson(before) === canonicalJson(after)) continue;
    const problem = validationProblem(scope.kind, path, before, after);
    if (problem !== null) {
      const who = scope.kind === 'service' && scope.targets.length > 1 ? `${target.name}: ` : '';
      return { ok: false, message: `${who}${problem}` };
    }
    const at = value === undefined ? path : writePath(target.value, path);
    entries.push({ path: fullPath(scope, target, at), value: valueAt(root, at) });
  }
  const label = editLabel(scope, verb ?? (removing ? 'Remove' : 'Set'), path);
  return { ok: true, change: entries.length === 0 ? null : { type: 'setValues', entries }, label };
}

/** The same value written at `path` for every target. */
export const planSet = (scope: EditScope, path: FieldPath, value: unknown): EditPlan =>
  planEdit(scope, path, () => value);

/** A union field (a latency model, a failure…) switched to another variant, keeping what fits. */
export function planSwitchVariant(scope: EditScope, path: FieldPath, variant: string | undefined): EditPlan {
  return planEdit(
    scope,
    path,
    (current, target) => {
      if (variant === undefined) return undefined;
      const shape = shapeAt(scope, target, path);
      const base = current === undefined ? target.defaults.at(path)?.value : current;
      return shape ? switchVariant(shape, base, variant, path, target.defaults) : current;
    },
    variant === undefined ? 'Remove' : 'Set',
  );
}

/** A new item at the end of the list at `path` (created when absent), seeded. */
export function planAddItem(scope: EditScope, path: FieldPath): EditPlan {
  const entries: { path: FieldPath; value: unknown }[] = [];
  for (const target of scope.targets) {
    const list = valueAt(target.value, path);
    const itemPath = [...path, Array.isArray(list) ? list.length : 0];
    const shape = shapeAt(scope, target, path);
    if (shape?.kind !== 'list') return { ok: false, message: `${pathName(path)} is not a list.` };
    const plan = planEdit({ ...scope, targets: [target] }, itemPath, () =>
      seedValue(shape.item, itemPath, target.defaults),
    );
    if (!plan.ok) return plan;
    if (plan.change?.type === 'setValues') entries.push(...plan.change.entries);
  }
  return {
    ok: true,
    change: entries.length === 0 ? null : { type: 'setValues', entries },
    label: editLabel(scope, 'Add to', path),
  };
}

/** The service renamed, and every reference to it (one service only). */
export function planRename(scope: EditScope, name: string, services: readonly JsonObject[]): EditPlan {
  const [target] = scope.targets;
  if (scope.kind !== 'service' || scope.targets.length !== 1 || target?.index === undefined) {
    return { ok: false, message: 'Select one service to rename it.' };
  }
  if (name === target.name) return { ok: true, change: null, label: '' };
  const problem = serviceNameProblem(name, services, target.index);
  if (problem !== null) return { ok: false, message: problem };
  return {
    ok: true,
    change: { type: 'renameService', index: target.index, name },
    label: `Rename ${target.name || 'service'} to ${name}`,
  };
}

/** `dependency` added to (or removed from) every selected service that lacks (or has) it. */
export function planDependency(scope: EditScope, dependency: string, include: boolean): EditPlan {
  const changes: Change[] = [];
  for (const target of scope.targets) {
    if (target.index === undefined) continue;
    const list = target.value['dependencies'];
    const has = Array.isArray(list) && list.includes(dependency);
    if (include && !has) changes.push({ type: 'addDependency', index: target.index, dependency });
    if (!include && has) changes.push({ type: 'removeDependency', index: target.index, dependency });
  }
  const [only] = changes;
  const changed = scope.targets.filter((target) =>
    changes.some((change) => 'index' in change && change.index === target.index),
  );
  const on = changed.length === 1 ? (changed[0]?.name ?? '') : `${changed.length} services`;
  return {
    ok: true,
    change: changes.length === 0 ? null : changes.length === 1 && only ? only : { type: 'batch', changes },
    label: include ? `Add dependency ${dependency} to ${on}` : `Remove dependency ${dependency} from ${on}`,
  };
}
