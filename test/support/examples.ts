/** Loading the bundled example architectures in tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateDocument } from '@shared/document/validate.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import { repositoryRoot } from './spigo.ts';

export function loadExample(name: string): ArchDocument {
  const file = path.join(repositoryRoot, 'resources/examples', `${name}.json`);
  const result = validateDocument(JSON.parse(readFileSync(file, 'utf8')));
  if (!result.document) throw new Error(`example ${name} is invalid: ${JSON.stringify(result.problems)}`);
  return result.document;
}

/** Validates an inline document, failing the test with its problems when it is invalid. */
export function documentOf(raw: unknown): ArchDocument {
  const result = validateDocument(raw);
  if (!result.document) throw new Error(`invalid test document: ${JSON.stringify(result.problems)}`);
  return result.document;
}
