/**
 * The identity of an architecture document: the sha256 of its canonical JSON. Two documents with
 * the same content have the same hash whatever the order of their keys, so runs of one document
 * can be found together and the document is stored once.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@shared/canonical-json.ts';

// The canonical form is shared (the studio compares documents with it too); re-exported here.
export { canonicalJson };

/** sha256 (lowercase hex) of the document's canonical JSON. */
export function documentHash(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document), 'utf8').digest('hex');
}
