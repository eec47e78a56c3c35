import { describe, expect, it } from 'vitest';
import { MIGRATIONS, documentVersion, migrateDocument } from '@shared/document/migrate.ts';
import { CURRENT_DOCUMENT_VERSION } from '@shared/document/schema.ts';
import { validateDocument } from '@shared/document/validate.ts';

describe('document migrations', () => {
  it('are numbered consecutively from 0 (spigo) to the current version', () => {
    expect(MIGRATIONS.map((migration) => [migration.from, migration.to])).toEqual(
      Array.from({ length: CURRENT_DOCUMENT_VERSION }, (_unused, index) => [index, index + 1]),
    );
  });

  it('takes a spigo file to version 1, keeping every field and its order', () => {
    const spigo = {
      arch: 'x',
      version: 'arch-0.0',
      services: [{ name: 'a', package: 'store', count: 1 }],
      extra: true,
    };
    const outcome = migrateDocument(spigo);
    expect(outcome).toMatchObject({ ok: true, from: 0, applied: [1] });
    if (!outcome.ok) return;
    expect(Object.keys(outcome.document)).toEqual(['archsimVersion', 'arch', 'version', 'services', 'extra']);
    expect(documentVersion(outcome.document)).toBe(1);
    expect(spigo).not.toHaveProperty('archsimVersion');
  });

  it('leaves a current document alone', () => {
    const current = { archsimVersion: 1, services: [] };
    expect(migrateDocument(current)).toEqual({ ok: true, document: current, from: 1, applied: [] });
  });

  it('refuses a document from a newer archsim with a clear message', () => {
    const result = validateDocument({
      archsimVersion: 99,
      services: [{ name: 'a', package: 'store', count: 1 }],
    });
    expect(result.document).toBeNull();
    expect(result.problems).toEqual([
      {
        severity: 'error',
        code: 'newer-version',
        path: ['archsimVersion'],
        message: 'document version 99 was written by a newer archsim (this one reads up to 1)',
      },
    ]);
  });
});
