/**
 * Text changes as the document store keeps them: one replaced span per step (what was there,
 * what is there now). A diff is its own undo (swap the two strings), two diffs in a row compose
 * into one (typing a word is one undo step), and applying one to an editor touches only its span,
 * so the cursor and scroll position elsewhere stay where they are.
 */

/** `removed` at `offset` was replaced by `inserted`. */
export interface TextDiff {
  readonly offset: number;
  readonly removed: string;
  readonly inserted: string;
}

/** The smallest single span that turns `before` into `after` (common prefix and suffix kept). */
export function diffTexts(before: string, after: string): TextDiff {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (
    endBefore > start &&
    endAfter > start &&
    before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)
  ) {
    endBefore--;
    endAfter--;
  }
  return { offset: start, removed: before.slice(start, endBefore), inserted: after.slice(start, endAfter) };
}

export function isEmptyDiff(diff: TextDiff): boolean {
  return diff.removed === diff.inserted;
}

/** Applies a diff; throws when the text at its offset is not what it removes (a stale diff). */
export function applyDiff(text: string, diff: TextDiff): string {
  const end = diff.offset + diff.removed.length;
  if (diff.offset < 0 || end > text.length || text.slice(diff.offset, end) !== diff.removed) {
    throw new Error('the text changed under this edit');
  }
  return text.slice(0, diff.offset) + diff.inserted + text.slice(end);
}

export function invertDiff(diff: TextDiff): TextDiff {
  return { offset: diff.offset, removed: diff.inserted, inserted: diff.removed };
}

/**
 * One diff equal to `first` then `second`, where `second` applies to the text `first` produced
 * (`middle`). Only the spans are read, never the whole text.
 */
export function composeDiffs(first: TextDiff, second: TextDiff, middle: string): TextDiff {
  const start = Math.min(first.offset, second.offset);
  const end = Math.max(first.offset + first.inserted.length, second.offset + second.removed.length);
  // The span [start, end) of `middle`, as it was before `first` and as it is after `second`.
  const before =
    middle.slice(start, first.offset) +
    first.removed +
    middle.slice(first.offset + first.inserted.length, end);
  const after =
    middle.slice(start, second.offset) +
    second.inserted +
    middle.slice(second.offset + second.removed.length, end);
  const trimmed = diffTexts(before, after);
  return { offset: start + trimmed.offset, removed: trimmed.removed, inserted: trimmed.inserted };
}
