/**
 * The "Inspector" region: a form for the selected services — or the document's settings when
 * nothing is selected — built from the document's schema (schema-fields.ts). Every field shows its
 * description and its default; an edit is validated with the field's zod schema before it is
 * applied as one change through `onApply` (one undo step), and a refused one shows the reason.
 * Fields the schema does not know are listed as written; the document keeps them.
 */
import { memo, useEffect, useMemo, useRef, type JSX } from 'react';
import type { Change } from '@renderer/document/changes.ts';
import { inlineJson } from '@renderer/document/json-style.ts';
import type { EditPlan, EditScope, EditTarget } from './edit-plans.ts';
import { documentDefaults, serviceDefaults } from './field-defaults.ts';
import { canonicalJson } from './field-values.ts';
import { FieldGroup, FieldList } from './Fields.tsx';
import { FormContext, type FormContextValue } from './form-context.ts';
import {
  SPIGO_ONLY_SERVICE_FIELDS,
  documentFields,
  schemaForms,
  serviceFields,
  type FieldDescriptor,
} from './schema-fields.ts';
import './inspector.css';

export interface InspectorProps {
  /** The current document's parsed JSON value (undefined while the text does not parse). */
  readonly value: unknown;
  /** Indexes in value.services of the selected services; empty = document settings. */
  readonly selection: readonly number[];
  /** False while the text does not parse (or nothing may be edited): the form is read-only and says why. */
  readonly editable: boolean;
  /** Why the form is read-only (default: the text does not parse). */
  readonly readOnlyReason?: string;
  /** Applies a change as one undoable step; returns why not when it cannot be made. */
  readonly onApply: (change: Change, label: string) => { ok: true } | { ok: false; message: string };
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const EMPTY: readonly JsonObject[] = [];
/** Longest JSON shown for a field the schema does not know. */
const OTHER_FIELD_CHARACTERS = 200;

export function Inspector({
  value,
  selection,
  editable,
  readOnlyReason,
  onApply,
}: InspectorProps): JSX.Element {
  const document = isObject(value) ? value : undefined;
  const rawServices = document?.['services'];
  const services = useMemo(
    () =>
      Array.isArray(rawServices) ? rawServices.map((service) => (isObject(service) ? service : {})) : EMPTY,
    [rawServices],
  );
  const selectionKey = selection.join(',');
  const selected = useMemo(
    () =>
      [...new Set(selection)]
        .filter((index) => Number.isInteger(index) && index >= 0 && index < services.length)
        .sort((a, b) => a - b),
    // `selectionKey` stands for `selection`, whose identity may change on every render.
    [selectionKey, services.length],
  );

  // The form depends only on the selected services (or the document's settings) and the service
  // names: an edit elsewhere — typing in another service's JSON — leaves it as it is, unrendered.
  const namesByIndex = services.map((service) =>
    typeof service['name'] === 'string' ? service['name'] : '',
  );
  const namesKey = JSON.stringify(namesByIndex);
  const contentKey =
    document === undefined
      ? ''
      : canonicalJson(
          selected.length === 0
            ? { ...document, services: undefined }
            : selected.map((index) => services[index]),
        );
  const scope = useMemo<EditScope | undefined>(
    () => (document === undefined ? undefined : scopeOf(document, services, selected, namesByIndex)),
    // The keys stand for the values read here: equal keys, equal form.
    [contentKey, namesKey, selected],
  );
  const form = useMemo<FormContextValue | undefined>(() => {
    if (scope === undefined) return undefined;
    const serviceNames = [...new Set(namesByIndex.filter((name) => name !== ''))];
    return { scope, editable, services: namesByIndex.map((name) => ({ name })), serviceNames, commit };
  }, [scope, editable, namesKey]);

  // The latest onApply, so that a new callback from the parent does not re-render the form.
  const onApplyRef = useRef(onApply);
  useEffect(() => {
    onApplyRef.current = onApply;
  });
  function commit(plan: EditPlan): string | null {
    if (!plan.ok) return plan.message;
    if (plan.change === null) return null;
    const result = onApplyRef.current(plan.change, plan.label);
    return result.ok ? null : result.message;
  }

  return (
    <section aria-label="Inspector" className="inspector">
      <Heading scope={scope} />
      {form === undefined ? (
        <p className="inspector-notice" role="status">
          The JSON does not parse: fix the text to edit here.
        </p>
      ) : (
        <FormContext.Provider value={form}>
          {!editable && (
            <p className="inspector-notice" role="status">
              {readOnlyReason ??
                'The JSON does not parse: this is the last readable document, read-only until the text is fixed.'}
            </p>
          )}
          {/* Keyed by the selection so that half-typed values do not carry over to another service. */}
          <FormBody key={selected.join(',')} form={form} serviceCount={services.length} />
        </FormContext.Provider>
      )}
    </section>
  );
}

function scopeOf(
  document: JsonObject,
  services: readonly JsonObject[],
  selected: readonly number[],
  namesByIndex: readonly string[],
): EditScope {
  if (selected.length === 0) {
    const names = namesByIndex.filter((name) => name !== '');
    const target: EditTarget = {
      name: 'document',
      value: document,
      defaults: documentDefaults(document, names),
    };
    return { kind: 'document', fields: documentFields(), targets: [target] };
  }
  const targets = selected.map((index): EditTarget => {
    const service = services[index] ?? {};
    return { index, name: namesByIndex[index] ?? '', value: service, defaults: serviceDefaults(service) };
  });
  return { kind: 'service', fields: serviceFields(), targets };
}

/** The fields; re-rendered only when the form's context changes (see `contentKey`). */
const FormBody = memo(function FormBody({
  form,
  serviceCount,
}: {
  form: FormContextValue;
  serviceCount: number;
}) {
  return (
    // A disabled fieldset disables every control in it at once.
    <fieldset className="inspector-form" disabled={!form.editable}>
      {form.scope.kind === 'document' && (
        <p className="inspector-note">
          {serviceCount} service{serviceCount === 1 ? '' : 's'}: select services on the canvas to edit them.
        </p>
      )}
      {form.scope.kind === 'service' ? (
        <>
          <FieldList fields={mainServiceFields(form.scope.fields)} path={ROOT} />
          <FieldGroup name="spigo fields" fields={spigoServiceFields(form.scope.fields)} />
        </>
      ) : (
        <FieldList fields={form.scope.fields} path={ROOT} />
      )}
      <OtherFields scope={form.scope} />
    </fieldset>
  );
});

const ROOT: readonly (string | number)[] = [];

const mainServiceFields = (fields: readonly FieldDescriptor[]) =>
  fields.filter((field) => !SPIGO_ONLY_SERVICE_FIELDS.includes(field.key));
const spigoServiceFields = (fields: readonly FieldDescriptor[]) =>
  fields.filter((field) => SPIGO_ONLY_SERVICE_FIELDS.includes(field.key));

function Heading({ scope }: { scope: EditScope | undefined }) {
  if (scope === undefined || scope.kind === 'document') {
    const arch = scope?.targets[0]?.value['arch'];
    return (
      <header className="inspector-header">
        <h2 className="inspector-title">Document</h2>
        {typeof arch === 'string' && arch !== '' && <p className="inspector-subtitle">{arch}</p>}
      </header>
    );
  }
  const names = scope.targets.map((target) => target.name || '(unnamed)');
  if (names.length === 1) {
    const packageName = scope.targets[0]?.value['package'];
    return (
      <header className="inspector-header">
        <h2 className="inspector-title">{names[0]}</h2>
        {typeof packageName === 'string' && <p className="inspector-subtitle">{packageName}</p>}
      </header>
    );
  }
  const listed = names.slice(0, 8).join(', ');
  return (
    <header className="inspector-header">
      <h2 className="inspector-title">{names.length} services</h2>
      <p className="inspector-subtitle" title={names.join(', ')}>
        {listed}
        {names.length > 8 ? ` and ${names.length - 8} more` : ''} — editing the fields they share
      </p>
    </header>
  );
}

/** Fields the schema does not know, as the document has them (read-only; the JSON edits them). */
function OtherFields({ scope }: { scope: EditScope }) {
  const known = new Set(scope.kind === 'service' ? schemaForms().serviceKeys : schemaForms().documentKeys);
  const keys = [...new Set(scope.targets.flatMap((target) => Object.keys(target.value)))].filter(
    (key) => !known.has(key),
  );
  if (keys.length === 0) return null;
  return (
    <section className="inspector-other" aria-label="Other fields">
      <h3 className="inspector-other-title">Other fields (kept as written)</h3>
      <dl className="inspector-other-list">
        {keys.map((key) => {
          const texts = new Set(
            scope.targets.map((target) =>
              target.value[key] === undefined ? '(not set)' : inlineJson(target.value[key]),
            ),
          );
          const [only = ''] = texts;
          const text = texts.size > 1 ? '(mixed)' : only;
          return (
            <div key={key} className="inspector-other-item">
              <dt>{key}</dt>
              <dd title={text}>
                {text.length > OTHER_FIELD_CHARACTERS
                  ? `${text.slice(0, OTHER_FIELD_CHARACTERS - 1)}…`
                  : text}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
