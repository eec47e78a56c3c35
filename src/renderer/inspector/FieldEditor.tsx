/**
 * One field of the inspector: a label named after the field (its path for nested fields, e.g.
 * "retries.count", with the group part visually hidden), the input, the field's description as a
 * hint, and the reason when a value is refused. Typed values are committed on Enter or when the
 * field loses focus — one undo step per edit, not per keystroke; choices commit when chosen.
 * A refused value stays in the field with its reason until it is fixed or Escape restores the
 * document's value.
 */
import { useId, useState, type JSX, type ReactNode } from 'react';
import { formatValue, parseInput, type Shared } from './field-values.ts';
import { pathName, type FieldDescriptor, type FieldPath, type Shape } from './schema-fields.ts';

/** The option value that stands for "the selected services differ" (never committed). */
const MIXED = '\u0000mixed';

export interface FieldEditorProps {
  readonly descriptor: FieldDescriptor;
  readonly path: FieldPath;
  readonly shared: Shared;
  readonly placeholder: string | undefined;
  /** Choices for a service name (the document's services). */
  readonly serviceNames: readonly string[];
  readonly disabled: boolean;
  /** Applies the value; returns why it was refused, or null. */
  readonly onCommit: (value: unknown) => string | null;
}

/** A field's name: the last step visible, the way there (`retries.`) only for assistive technology. */
export function FieldName({ path }: { path: FieldPath }) {
  const last = path[path.length - 1];
  const visible = typeof last === 'number' ? `[${last}]` : String(last ?? '');
  const full = pathName(path);
  const prefix = full.slice(0, full.length - visible.length);
  return (
    <>
      {prefix !== '' && <span className="inspector-visually-hidden">{prefix}</span>}
      {visible}
    </>
  );
}

/** The label of a field, named by its path ("retries.count") so that nested fields stay distinct. */
export function FieldLabel({ path, htmlFor, title }: { path: FieldPath; htmlFor: string; title?: string }) {
  return (
    <label className="inspector-label" htmlFor={htmlFor} title={title}>
      <FieldName path={path} />
    </label>
  );
}

/** The frame of a field: label, input, hint and refusal, tied together by ids. */
export function FieldFrame(props: {
  readonly path: FieldPath;
  readonly id: string;
  readonly description: string | undefined;
  readonly error: string | null;
  readonly children: (describedBy: string | undefined) => ReactNode;
}): JSX.Element {
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  const describedBy =
    [props.description ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="inspector-field">
      <FieldLabel path={props.path} htmlFor={props.id} title={props.description} />
      {props.children(describedBy)}
      {props.description && (
        <p id={hintId} className="inspector-hint">
          {props.description}
        </p>
      )}
      {props.error && (
        <p id={errorId} role="alert" className="inspector-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

const choiceShapes = new Set<Shape['kind']>(['boolean', 'enum', 'serviceName']);

/** A leaf field: text, number, comma-separated list, or a choice (yes/no, enum, service). */
export function FieldEditor(props: FieldEditorProps): JSX.Element {
  const { descriptor, shared } = props;
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = shared.mixed ? '' : formatValue(shared.value);

  const commitText = (text: string) => {
    if (text === shown && error === null) {
      setDraft(null);
      return;
    }
    // Leaving a "(mixed)" field empty changes nothing.
    if (shared.mixed && text.trim() === '') {
      setDraft(null);
      setError(null);
      return;
    }
    const problem = props.onCommit(parseInput(descriptor.shape, descriptor.nullable, text));
    if (problem === null) {
      setDraft(null);
      setError(null);
    } else {
      setDraft(text);
      setError(problem);
    }
  };

  const title = descriptor.description;
  if (choiceShapes.has(descriptor.shape.kind)) {
    const options = choicesOf(props, shown);
    const value = draft ?? (shared.mixed ? MIXED : shown);
    return (
      <FieldFrame path={props.path} id={id} description={descriptor.description} error={error}>
        {(describedBy) => (
          <select
            id={id}
            className="inspector-input"
            value={value}
            title={title}
            disabled={props.disabled}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            onChange={(event) => {
              if (event.target.value === MIXED) return;
              commitText(event.target.value);
            }}
          >
            {shared.mixed && (
              <option value={MIXED} disabled>
                (mixed)
              </option>
            )}
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </FieldFrame>
    );
  }

  const placeholder = shared.mixed ? '(mixed)' : props.placeholder;
  // A number or a name (an evolution: 0.82 or "commodity"): the names are offered as suggestions.
  const suggestions = descriptor.shape.kind === 'numberOrEnum' ? descriptor.shape.options : null;
  return (
    <FieldFrame path={props.path} id={id} description={descriptor.description} error={error}>
      {(describedBy) => (
        <>
          <input
            id={id}
            className={`inspector-input${descriptor.shape.kind === 'number' ? ' inspector-number' : ''}`}
            type="text"
            list={suggestions ? `${id}-options` : undefined}
            inputMode={descriptor.shape.kind === 'number' ? 'decimal' : undefined}
            spellCheck={false}
            autoComplete="off"
            value={draft ?? shown}
            placeholder={placeholder}
            title={title}
            disabled={props.disabled}
            readOnly={descriptor.readOnly}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            onChange={(event) => setDraft(event.target.value)}
            onBlur={() => {
              if (draft !== null) commitText(draft);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                commitText(draft ?? shown);
              } else if (event.key === 'Escape' && (draft !== null || error !== null)) {
                event.preventDefault();
                setDraft(null);
                setError(null);
              }
            }}
          />
          {suggestions && (
            <datalist id={`${id}-options`}>
              {suggestions.map((option) => (
                <option key={option} value={option} />
              ))}
            </datalist>
          )}
        </>
      )}
    </FieldFrame>
  );
}

interface Choice {
  readonly value: string;
  readonly label: string;
}

/** The options of a choice: "not set" (showing the default) unless required, then the values. */
function choicesOf(props: FieldEditorProps, current: string): Choice[] {
  const { descriptor, placeholder } = props;
  const values =
    descriptor.shape.kind === 'boolean'
      ? ['true', 'false']
      : descriptor.shape.kind === 'enum'
        ? [...descriptor.shape.options]
        : [...props.serviceNames];
  const choices: Choice[] = [];
  if (!descriptor.required || current === '') {
    choices.push({ value: '', label: placeholder ? `not set: ${placeholder}` : '(not set)' });
  }
  for (const value of values) choices.push({ value, label: value });
  // A value the choices do not offer (an unknown package, a removed service) stays visible.
  if (current !== '' && !values.includes(current))
    choices.push({ value: current, label: `${current} (unknown)` });
  return choices;
}

/** A field shown, not edited: its JSON on one line. */
export function ReadOnlyField(props: {
  readonly path: FieldPath;
  readonly description: string | undefined;
  readonly value: string;
  readonly placeholder?: string;
}) {
  const { path, description, value } = props;
  const id = useId();
  return (
    <FieldFrame path={path} id={id} description={description} error={null}>
      {(describedBy) => (
        <input
          id={id}
          className="inspector-input"
          type="text"
          value={value}
          placeholder={props.placeholder}
          readOnly
          title={description}
          aria-describedby={describedBy}
        />
      )}
    </FieldFrame>
  );
}
