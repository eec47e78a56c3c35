/**
 * Writes the document's JSON Schema (derived from the zod schema) to resources/schema/.
 * With --check, fails when the committed file is stale instead of writing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { documentJsonSchema } from '@shared/document/schema.ts';

const target = fileURLToPath(new URL('../resources/schema/archsim-document.schema.json', import.meta.url));
const text = `${JSON.stringify(documentJsonSchema(), null, 2)}\n`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing: reported below
  }
  if (current !== text) {
    console.error(`${target} is out of date with src/shared/document/schema.ts: run "npm run schema"`);
    process.exit(1);
  }
  console.log('resources/schema/archsim-document.schema.json is up to date');
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
