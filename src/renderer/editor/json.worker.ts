/**
 * Monaco's JSON worker, guarded. Its parser recurses, and overflows its stack on text nested
 * deeper than MAX_JSON_DEPTH — text the studio refuses anyway, with a located problem — which
 * Monaco reports as an error at every look (validation, folding, outline). To the worker such
 * text is no document at all: no markers, no folding, nothing to complete.
 */
import { initialize } from 'monaco-editor/internal/common/initialize.js';
import { JSONWorker } from 'monaco-editor/languages/features/json/jsonWorker.js';
import { depthExceeded } from '@shared/document/json-text.ts';
import { MAX_JSON_DEPTH } from '@shared/limits.ts';

class GuardedJsonWorker extends JSONWorker {
  override _getTextDocument(uri: string): { getText(): string } | null {
    const document = super._getTextDocument(uri);
    return document !== null && depthExceeded(document.getText(), MAX_JSON_DEPTH) !== null ? null : document;
  }
}

self.onmessage = () => {
  initialize((context, createData) => new GuardedJsonWorker(context, createData));
};
