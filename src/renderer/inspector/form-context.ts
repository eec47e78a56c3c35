/**
 * What every field of the inspector's form needs from the form: the services (or the document)
 * being edited, the service names to choose from, and how to apply an edit. One context, so the
 * recursive field components take only their descriptor and path.
 */
import { createContext, useContext, useMemo } from 'react';
import { placeholderFor } from './field-defaults.ts';
import { sharedValue, valueAt, type Shared } from './field-values.ts';
import type { EditPlan, EditScope } from './edit-plans.ts';
import type { FieldPath } from './schema-fields.ts';

export interface FormContextValue {
  readonly scope: EditScope;
  readonly editable: boolean;
  /** The document's services (objects only), for renames and dependency choices. */
  readonly services: readonly Readonly<Record<string, unknown>>[];
  readonly serviceNames: readonly string[];
  /** Applies a planned edit; returns why it was refused, or null when it was applied (or a no-op). */
  readonly commit: (plan: EditPlan) => string | null;
}

export const FormContext = createContext<FormContextValue | null>(null);

export function useForm(): FormContextValue {
  const form = useContext(FormContext);
  if (form === null) throw new Error('inspector fields must be rendered inside the inspector form');
  return form;
}

/** The value at `path` across the edited targets: shared, or mixed. */
export function useShared(path: FieldPath): Shared {
  const { scope } = useForm();
  const key = JSON.stringify(path);
  return useMemo(
    () => sharedValue(scope.targets.map((target) => valueAt(target.value, path))),
    // `key` stands for `path`, which callers build afresh on every render.
    [scope, key],
  );
}

/** The placeholder of the field at `path`: its default, or "(package defaults differ)". */
export function usePlaceholder(path: FieldPath, description: string | undefined): string | undefined {
  const { scope } = useForm();
  const key = JSON.stringify(path);
  return useMemo(() => {
    const texts = new Set(scope.targets.map((target) => placeholderFor(target.defaults, path, description)));
    if (texts.size > 1) return '(package defaults differ)';
    return [...texts][0];
  }, [scope, key, description]);
}
