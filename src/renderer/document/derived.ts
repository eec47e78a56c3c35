/**
 * What the views derive from the document's text: the parsed value at once (the canvas follows
 * every edit without a frame's delay), the last value that parsed (the canvas keeps it while the
 * text does not), and validation a moment later (deferred, so typing stays quick).
 */
import { useDeferredValue, useMemo, useRef } from 'react';
import { diagramModel, type DiagramModel } from '@shared/diagram/model.ts';
import { parseJsonValue } from '@shared/document/json-text.ts';
import { validateDocumentText, type TextValidationResult } from '@shared/document/validate.ts';
import type { DocumentSnapshot } from './store.ts';

export interface DerivedDocument {
  /** The current text's value; undefined while it does not parse. */
  readonly value: unknown;
  /** The diagram shown: of the current value, or of the last one that had a services list. */
  readonly model: DiagramModel;
  /** The value the model was made from: the current value, or the last one with services. */
  readonly modelValue: unknown;
  /** The model is the current text's (false: the text does not parse, the model is older). */
  readonly current: boolean;
  /** Validation of a recent text (may lag the text by a frame or two). */
  readonly validation: TextValidationResult;
  /** The validation is of the current text. */
  readonly validationCurrent: boolean;
}

const hasServices = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Array.isArray((value as { services?: unknown }).services);

export function useDerivedDocument(
  snapshot: DocumentSnapshot,
  options: { showEureka: boolean },
): DerivedDocument {
  const { text, documentId } = snapshot;
  const value = useMemo(() => parseJsonValue(text), [text]);
  const last = useRef<{ documentId: number; model: DiagramModel; value: unknown } | null>(null);
  const usable = hasServices(value);
  const currentModel = useMemo(
    () => (usable ? diagramModel(value, { showEureka: options.showEureka }) : null),
    [usable, value, options.showEureka],
  );
  if (currentModel) last.current = { documentId, model: currentModel, value };
  const kept = last.current?.documentId === documentId ? last.current : null;
  const model = currentModel ?? kept?.model ?? EMPTY_MODEL;
  const modelValue = currentModel ? value : (kept?.value ?? EMPTY_VALUE);

  // The text and the document it belongs to, deferred together: a validation of another
  // document's text (the empty text before the first one arrives, or the document shown before a
  // switch) is never shown as this one's, only "not yet".
  const deferred = useDeferredValue(snapshot);
  const deferredText = deferred.text;
  const validated = useMemo(() => validateDocumentText(deferredText), [deferredText]);
  const sameDocument = deferred.documentId === documentId;
  return {
    value,
    model,
    modelValue,
    current: currentModel !== null,
    validation: sameDocument ? validated : NOT_YET_VALIDATED,
    validationCurrent: sameDocument && deferredText === text,
  };
}

const NOT_YET_VALIDATED: TextValidationResult = {
  value: undefined,
  document: null,
  migratedFrom: null,
  problems: [],
};

const EMPTY_MODEL: DiagramModel = { title: undefined, description: undefined, nodes: [], edges: [] };

const EMPTY_VALUE = { services: [] };
