/**
 * The one document store of the renderer (DESIGN.md §5): the document's text, and the history
 * of every edit made to it — canvas gestures, inspector fields and typing alike — as one undo
 * stack. Views subscribe and derive what they show from the text; they change it only through
 * `apply` (a change object), `undo` and `redo`.
 */
import { applyChange, ChangeError, type Change } from './changes.ts';
import { applyDiff, composeDiffs, diffTexts, invertDiff, isEmptyDiff, type TextDiff } from './text-diff.ts';

/** Where an edit came from; the JSON editor skips re-applying its own. */
export type EditSource = 'text' | 'canvas' | 'inspector' | 'history';

export interface HistoryEntry {
  /** "Move 3 services", "Typing"… shown as "Undo Move 3 services". */
  readonly label: string;
  readonly diff: TextDiff;
  /** Entries with the same key made within MERGE_WINDOW_MS of each other are one step. */
  readonly mergeKey: string | undefined;
  readonly at: number;
}

export interface DocumentSnapshot {
  readonly text: string;
  /** Grows with every change to the text. */
  readonly revision: number;
  /** Changes with every document opened (history and views of the previous one reset). */
  readonly documentId: number;
  /** The last change: how the text got here from the previous revision. */
  readonly lastEdit: { readonly diff: TextDiff; readonly source: EditSource } | null;
  readonly undoLabel: string | null;
  readonly redoLabel: string | null;
}

export interface ApplyOptions {
  readonly label: string;
  readonly source: EditSource;
  /** Consecutive edits with this key within a second are undone together (typing, a nudge). */
  readonly mergeKey?: string;
}

export type ApplyResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** At least the 100 steps the studio promises, and then some. */
export const HISTORY_LIMIT = 500;
export const MERGE_WINDOW_MS = 1000;

export class DocumentStore {
  #snapshot: DocumentSnapshot;
  #undo: HistoryEntry[] = [];
  #redo: HistoryEntry[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #now: () => number;

  constructor(text = '', options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#snapshot = {
      text,
      revision: 0,
      documentId: 0,
      lastEdit: null,
      undoLabel: null,
      redoLabel: null,
    };
  }

  /** The current state (a new object after every change; React's useSyncExternalStore reads it). */
  readonly getSnapshot = (): DocumentSnapshot => this.#snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  get text(): string {
    return this.#snapshot.text;
  }

  /** Another document: its text, no history. */
  open(text: string): void {
    this.#undo = [];
    this.#redo = [];
    this.#publish(text, null, this.#snapshot.documentId + 1);
  }

  /** Applies a change as one undoable step; a change that cannot be made leaves everything as it was. */
  apply(change: Change, options: ApplyOptions): ApplyResult {
    const before = this.#snapshot.text;
    let after: string;
    try {
      after = applyChange(before, change);
    } catch (error) {
      if (error instanceof ChangeError) return { ok: false, message: error.message };
      throw error;
    }
    const diff = diffTexts(before, after);
    if (isEmptyDiff(diff)) return { ok: true };
    this.#record({ label: options.label, diff, mergeKey: options.mergeKey, at: this.#now() }, before);
    this.#redo = [];
    this.#publish(after, { diff, source: options.source });
    return { ok: true };
  }

  undo(): boolean {
    const entry = this.#undo.pop();
    if (!entry) return false;
    this.#redo.push(entry);
    const diff = invertDiff(entry.diff);
    this.#publish(applyDiff(this.#snapshot.text, diff), { diff, source: 'history' });
    return true;
  }

  redo(): boolean {
    const entry = this.#redo.pop();
    if (!entry) return false;
    this.#undo.push({ ...entry, mergeKey: undefined });
    this.#publish(applyDiff(this.#snapshot.text, entry.diff), { diff: entry.diff, source: 'history' });
    return true;
  }

  #record(entry: HistoryEntry, before: string): void {
    const previous = this.#undo[this.#undo.length - 1];
    if (
      previous &&
      entry.mergeKey !== undefined &&
      previous.mergeKey === entry.mergeKey &&
      entry.at - previous.at <= MERGE_WINDOW_MS &&
      touches(previous.diff, entry.diff)
    ) {
      this.#undo[this.#undo.length - 1] = {
        ...entry,
        diff: composeDiffs(previous.diff, entry.diff, before),
      };
      return;
    }
    this.#undo.push(entry);
    if (this.#undo.length > HISTORY_LIMIT) this.#undo.splice(0, this.#undo.length - HISTORY_LIMIT);
  }

  #publish(
    text: string,
    lastEdit: DocumentSnapshot['lastEdit'],
    documentId = this.#snapshot.documentId,
  ): void {
    this.#snapshot = {
      text,
      revision: this.#snapshot.revision + 1,
      documentId,
      lastEdit,
      undoLabel: this.#undo[this.#undo.length - 1]?.label ?? null,
      redoLabel: this.#redo[this.#redo.length - 1]?.label ?? null,
    };
    for (const listener of [...this.#listeners]) listener();
  }
}

/**
 * Whether `next` edits where `previous` left off (typing on, or deleting back into it): an edit
 * somewhere else starts a new undo step, as it does in any editor.
 */
function touches(previous: TextDiff, next: TextDiff): boolean {
  const start = previous.offset;
  const end = previous.offset + previous.inserted.length;
  return next.offset <= end && next.offset + next.removed.length >= start;
}
