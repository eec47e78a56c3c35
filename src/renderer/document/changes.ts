/**
 * The edits a person makes, as change objects: every canvas gesture, inspector field and text
 * edit becomes one, and applying it to the document's text gives the new text. Text is edited at
 * the changed spots only (see json-style.ts), so formatting, key order and unknown fields stay.
 *
 * Services are addressed by their index in `services`; a change is applied at once to the text it
 * was made against, so indexes cannot go stale in between.
 */
import type { Point } from '@shared/diagram/model.ts';
import { EUREKA } from '@shared/diagram/model.ts';
import { renameJsonKey, setJsonValue, setJsonValues } from './json-style.ts';
import { applyDiff, type TextDiff } from './text-diff.ts';
import { isTooDeep } from '@shared/document/json-text.ts';
import { MAX_JSON_DEPTH } from '@shared/limits.ts';

type JsonObject = Record<string, unknown>;
/** A path into the document: keys and indexes. */
export type DocumentPath = readonly (string | number)[];

export type Change =
  /** An edit typed in the JSON editor. */
  | { readonly type: 'text'; readonly diff: TextDiff }
  /** The whole text replaced (a format, an import into the open document). */
  | { readonly type: 'replaceText'; readonly text: string }
  /** New services appended to `services` (from the palette, a paste, a duplicate). */
  | { readonly type: 'addServices'; readonly services: readonly JsonObject[] }
  /** Services removed, and every reference to them: dependencies, call settings, load entry, victim, SLOs and failures. */
  | { readonly type: 'removeServices'; readonly indexes: readonly number[] }
  /** A service renamed, and every reference to it. */
  | { readonly type: 'renameService'; readonly index: number; readonly name: string }
  | { readonly type: 'addDependency'; readonly index: number; readonly dependency: string }
  | { readonly type: 'removeDependency'; readonly index: number; readonly dependency: string }
  /** Services placed on the canvas (positions are rounded to whole units). */
  | { readonly type: 'moveServices'; readonly positions: readonly { index: number; position: Point }[] }
  /** Fields set (or removed, with `value: undefined`) by the inspector. */
  | { readonly type: 'setValues'; readonly entries: readonly { path: DocumentPath; value: unknown }[] }
  /** Several changes as one step, applied in order (each to the text the one before made). */
  | { readonly type: 'batch'; readonly changes: readonly Change[] };

/** A change that cannot be made to this document, with the reason (shown to the user). */
export class ChangeError extends Error {}

/**
 * How every notice that the text does not parse begins: the studio takes such a notice down once
 * the text parses again.
 */
export const NOT_PARSING_NOTICE = 'The JSON does not parse';

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parse(text: string): JsonObject {
  if (isTooDeep(text)) {
    throw new ChangeError(
      `${NOT_PARSING_NOTICE}: it is nested more than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels deep; fix the text first (or undo).`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ChangeError(`${NOT_PARSING_NOTICE}: fix the text first (or undo).`);
  }
  if (!isObject(value)) throw new ChangeError('The document is not a JSON object.');
  return value;
}

function servicesOf(document: JsonObject): JsonObject[] {
  const services = document['services'];
  if (!Array.isArray(services)) throw new ChangeError('The document has no "services" list.');
  return services.map((service) => (isObject(service) ? service : {}));
}

function serviceAt(services: readonly JsonObject[], index: number): JsonObject {
  const service = services[index];
  if (service === undefined) throw new ChangeError(`There is no service #${index + 1}.`);
  return service;
}

const nameOf = (service: JsonObject): string => (typeof service['name'] === 'string' ? service['name'] : '');
const dependenciesOf = (service: JsonObject): unknown[] =>
  Array.isArray(service['dependencies']) ? (service['dependencies'] as unknown[]) : [];

/** Why `name` cannot name a service among `services` (ignoring the one at `except`), or null. */
export function serviceNameProblem(
  name: string,
  services: readonly JsonObject[],
  except = -1,
): string | null {
  if (name.trim() === '') return 'A service needs a name.';
  if (name !== name.trim()) return 'A name cannot start or end with spaces.';
  if (name === EUREKA) return '"eureka" is the service registry spigo adds itself; choose another name.';
  if (services.some((service, index) => index !== except && nameOf(service) === name)) {
    return `There is already a service named "${name}".`;
  }
  return null;
}

/** A name like `base` that no service has yet: base, base-2, base-3… */
export function uniqueServiceName(base: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  const stem = base.trim() === '' || base === EUREKA ? 'service' : base.trim();
  if (!names.has(stem)) return stem;
  const root = stem.replace(/-\d+$/, '');
  for (let suffix = 2; ; suffix++) {
    const candidate = `${root}-${suffix}`;
    if (!names.has(candidate)) return candidate;
  }
}

/** The text after `change`; throws ChangeError when it cannot be made. */
export function applyChange(text: string, change: Change): string {
  switch (change.type) {
    case 'text':
      return applyDiff(text, change.diff);
    case 'replaceText':
      return change.text;
    case 'addServices':
      return addServices(text, change.services);
    case 'removeServices':
      return removeServices(text, change.indexes);
    case 'renameService':
      return renameService(text, change.index, change.name);
    case 'addDependency':
      return addDependency(text, change.index, change.dependency);
    case 'removeDependency':
      return removeDependency(text, change.index, change.dependency);
    case 'moveServices':
      return moveServices(text, change.positions);
    case 'setValues':
      return change.entries.reduce(
        (current, entry) => setJsonValue(current, [...entry.path], entry.value),
        text,
      );
    case 'batch':
      return change.changes.reduce((current: string, inner: Change) => applyChange(current, inner), text);
  }
}

function addServices(text: string, added: readonly JsonObject[]): string {
  const services = servicesOf(parse(text));
  let result = text;
  for (const service of added) {
    const problem = serviceNameProblem(nameOf(service), services);
    if (problem) throw new ChangeError(problem);
    services.push(service);
    result = setJsonValue(result, ['services', -1], service);
  }
  return result;
}

function moveServices(text: string, positions: readonly { index: number; position: Point }[]): string {
  const services = servicesOf(parse(text));
  for (const { index } of positions) serviceAt(services, index);
  return setJsonValues(
    text,
    positions.map(({ index, position }) => ({
      path: ['services', index, 'position'],
      value: { x: Math.round(position.x), y: Math.round(position.y) },
    })),
  );
}

function addDependency(text: string, index: number, dependency: string): string {
  const services = servicesOf(parse(text));
  const service = serviceAt(services, index);
  if (dependency !== EUREKA && !services.some((candidate) => nameOf(candidate) === dependency)) {
    throw new ChangeError(`There is no service named "${dependency}".`);
  }
  if (dependenciesOf(service).includes(dependency)) {
    throw new ChangeError(`${nameOf(service) || 'This service'} already depends on ${dependency}.`);
  }
  if (!Array.isArray(service['dependencies'])) {
    return setJsonValue(text, ['services', index, 'dependencies'], [dependency]);
  }
  return setJsonValue(text, ['services', index, 'dependencies', -1], dependency);
}

function removeDependency(text: string, index: number, dependency: string): string {
  let result = text;
  // Every occurrence (a repeated dependency is removed with the rest), last first.
  for (;;) {
    const services = servicesOf(parse(result));
    const at = dependenciesOf(serviceAt(services, index)).lastIndexOf(dependency);
    if (at === -1) return result;
    result = setJsonValue(result, ['services', index, 'dependencies', at], undefined);
  }
}

/**
 * The paths at which `document` refers to a service named `name` by value (dependency lists,
 * victim, load entry, failures, SLOs) and the objects that have it as a key (call settings).
 */
function referencesTo(document: JsonObject, name: string): { values: DocumentPath[]; keys: DocumentPath[] } {
  const values: DocumentPath[] = [];
  const keys: DocumentPath[] = [];
  servicesOf(document).forEach((service, index) => {
    dependenciesOf(service).forEach((dependency, at) => {
      if (dependency === name) values.push(['services', index, 'dependencies', at]);
    });
    const calls = service['calls'];
    if (isObject(calls)) {
      for (const field of ['probabilities', 'edges']) {
        const record = calls[field];
        if (isObject(record) && Object.hasOwn(record, name)) keys.push(['services', index, 'calls', field]);
      }
    }
  });
  if (document['victim'] === name) values.push(['victim']);
  const load = document['load'];
  if (isObject(load) && Array.isArray(load['entry'])) {
    load['entry'].forEach((entry, at) => {
      if (entry === name) values.push(['load', 'entry', at]);
    });
  }
  if (Array.isArray(document['scenarios'])) {
    document['scenarios'].forEach((scenario, scenarioIndex) => {
      if (!isObject(scenario) || !Array.isArray(scenario['failures'])) return;
      scenario['failures'].forEach((failure, failureIndex) => {
        if (!isObject(failure)) return;
        for (const field of ['service', 'caller']) {
          if (failure[field] === name)
            values.push(['scenarios', scenarioIndex, 'failures', failureIndex, field]);
        }
      });
    });
  }
  if (Array.isArray(document['slos'])) {
    document['slos'].forEach((slo, at) => {
      if (isObject(slo) && slo['service'] === name) values.push(['slos', at, 'service']);
    });
  }
  return { values, keys };
}

function renameService(text: string, index: number, name: string): string {
  const document = parse(text);
  const services = servicesOf(document);
  const service = serviceAt(services, index);
  const problem = serviceNameProblem(name, services, index);
  if (problem) throw new ChangeError(problem);
  const previous = nameOf(service);
  let result = setJsonValue(text, ['services', index, 'name'], name);
  if (previous === '' || previous === name) return result;
  const { values, keys } = referencesTo(document, previous);
  // Setting a value or renaming a key never moves another reference: the paths stay valid.
  for (const path of values) result = setJsonValue(result, [...path], name);
  for (const path of keys) result = renameJsonKey(result, [...path], previous, name);
  return result;
}

/**
 * Removes the reference at `path` to a service that is going away: a list item or a victim is
 * removed, a failure or an SLO that names it goes with it.
 */
function referenceRemoval(path: DocumentPath): DocumentPath {
  if (path[0] === 'scenarios') return path.slice(0, 4);
  if (path[0] === 'slos') return path.slice(0, 2);
  return path;
}

function removeServices(text: string, indexes: readonly number[]): string {
  const initial = servicesOf(parse(text));
  const names = new Set<string>();
  for (const index of indexes) {
    const name = nameOf(serviceAt(initial, index));
    if (name !== '') names.add(name);
  }
  let result = text;
  // Services last-first, so the indexes of those still to remove do not move.
  for (const index of [...new Set(indexes)].sort((a, b) => b - a)) {
    result = setJsonValue(result, ['services', index], undefined);
  }
  // Then the references, one at a time from the current text (each removal moves later items).
  for (const name of names) {
    for (;;) {
      const document = parse(result);
      const { values, keys } = referencesTo(document, name);
      const keyPath = keys[0];
      if (keyPath !== undefined) {
        result = setJsonValue(result, [...keyPath, name], undefined);
        continue;
      }
      const last = values[values.length - 1];
      if (last === undefined) break;
      const next = setJsonValue(result, [...referenceRemoval(last)], undefined);
      if (next === result) throw new ChangeError(`Could not remove a reference to "${name}".`);
      result = next;
    }
  }
  return result;
}
