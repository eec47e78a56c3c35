/**
 * Numbered migrations of the document format. A document without `archsimVersion` is a spigo
 * architecture file (version 0). Each migration takes a document of version `from` to `to =
 * from + 1` and must keep every field it does not own, so a file saved back loses nothing.
 */
import { CURRENT_DOCUMENT_VERSION } from './schema.ts';

type JsonObject = Record<string, unknown>;

export interface Migration {
  readonly from: number;
  readonly to: number;
  readonly description: string;
  readonly migrate: (document: JsonObject) => JsonObject;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    to: 1,
    description: 'spigo architecture file → archsim document 1: record the version; nothing else changes.',
    migrate: (document) => ({ archsimVersion: 1, ...document }),
  },
];

/** The version a raw document declares: `archsimVersion`, or 0 for a spigo file. */
export function documentVersion(document: JsonObject): number {
  const version = document['archsimVersion'];
  return typeof version === 'number' ? version : 0;
}

export type MigrationOutcome =
  | {
      readonly ok: true;
      readonly document: JsonObject;
      readonly from: number;
      readonly applied: readonly number[];
    }
  | { readonly ok: false; readonly from: number; readonly message: string };

/** Applies every migration from the document's version up to `target` (default: current). */
export function migrateDocument(document: JsonObject, target = CURRENT_DOCUMENT_VERSION): MigrationOutcome {
  const from = documentVersion(document);
  if (!Number.isInteger(from) || from < 0) {
    return { ok: false, from, message: `archsimVersion must be a whole number ≥ 1 (got ${String(from)})` };
  }
  if (from > target) {
    return {
      ok: false,
      from,
      message: `document version ${from} was written by a newer archsim (this one reads up to ${target})`,
    };
  }
  let current = document;
  const applied: number[] = [];
  for (let version = from; version < target; version++) {
    const migration = MIGRATIONS.find((candidate) => candidate.from === version);
    if (!migration) return { ok: false, from, message: `no migration from document version ${version}` };
    current = migration.migrate(current);
    applied.push(migration.to);
  }
  return { ok: true, document: current, from, applied };
}
