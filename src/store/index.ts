/**
 * The run store (DESIGN.md §4): `openRunStore(path)` gives a RunStore over a local SQLite file.
 * Node, not Electron: used by the Electron main process, the web host and the CLI; never by the
 * renderer.
 */
export { openRunStore, type OpenRunStoreOptions } from './run-store.ts';
export type { RecoverPolicy } from './open-database.ts';
export { canonicalJson, documentHash } from './document-hash.ts';
export { MIGRATIONS, RUN_DATABASE_APPLICATION_ID, type Migration } from './migrations.ts';
export * from './types.ts';
