/**
 * A set of service names as check boxes: a service's dependencies (the document's services and
 * "eureka"), the load's entry services. In a multi-selection a box is checked when every selected
 * service has the name, half-checked when some do; ticking it gives it to all of them.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { planDependency, planEdit } from './edit-plans.ts';
import { valueAt } from './field-values.ts';
import { useForm } from './form-context.ts';
import { FieldName } from './FieldEditor.tsx';
import type { FieldDescriptor, FieldPath } from './schema-fields.ts';

/** More choices than this get a filter box. */
const FILTER_FROM = 12;
/**
 * With a filter box, at most this many unticked names are shown (the ticked ones always are):
 * hundreds of check boxes would make every selection slow to show and hard to scan.
 */
const UNTICKED_SHOWN = 24;
const EUREKA = 'eureka';

const namesIn = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

function Checkbox(props: {
  readonly label: string;
  readonly checked: boolean;
  readonly indeterminate: boolean;
  readonly disabled: boolean;
  readonly onChange: (checked: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = props.indeterminate;
  }, [props.indeterminate]);
  return (
    <label className="inspector-check">
      <input
        ref={ref}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        aria-checked={props.indeterminate ? 'mixed' : undefined}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      <span>{props.label}</span>
    </label>
  );
}

export function ServiceNamesField({ descriptor, path }: { descriptor: FieldDescriptor; path: FieldPath }) {
  const form = useForm();
  const id = useId();
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  const shape = descriptor.shape;
  const eureka = shape.kind === 'serviceNames' && shape.eureka;
  const lists = form.scope.targets.map((target) => namesIn(valueAt(target.value, path)));
  const isDependencies = form.scope.kind === 'service' && path.length === 1 && path[0] === 'dependencies';
  const single = form.scope.targets.length === 1 ? form.scope.targets[0] : undefined;
  const choices = [...new Set([...form.serviceNames, ...(eureka ? [EUREKA] : []), ...lists.flat()])];
  const needle = filter.trim().toLowerCase();
  const known = new Set(form.serviceNames);
  const having = (name: string) => lists.filter((list) => list.includes(name)).length;
  const matching = needle === '' ? choices : choices.filter((name) => name.toLowerCase().includes(needle));
  let unticked = 0;
  const shown =
    choices.length <= FILTER_FROM
      ? choices
      : matching.filter((name) => having(name) > 0 || ++unticked <= UNTICKED_SHOWN);
  const hidden = matching.length - shown.length;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  const toggle = (name: string, include: boolean) => {
    const plan = isDependencies
      ? planDependency(form.scope, name, include)
      : planEdit(form.scope, path, (current) => {
          const names = namesIn(current).filter((item) => item !== name);
          if (include) names.push(name);
          return names.length === 0 ? undefined : names;
        });
    setError(form.commit(plan));
  };

  return (
    <fieldset
      className="inspector-set"
      aria-describedby={
        [descriptor.description ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined
      }
    >
      <legend className="inspector-set-legend" title={descriptor.description}>
        <FieldName path={path} />
      </legend>
      {descriptor.description && (
        <p id={hintId} className="inspector-hint">
          {descriptor.description}
        </p>
      )}
      {choices.length > FILTER_FROM && (
        <input
          className="inspector-input inspector-filter"
          type="search"
          placeholder="Filter services"
          aria-label={`Filter ${String(path[path.length - 1])}`}
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
      )}
      <ul className="inspector-checks">
        {shown.map((name) => {
          const count = having(name);
          const itself = single !== undefined && isDependencies && single.name === name;
          const unknown = name !== EUREKA && !known.has(name);
          return (
            <li key={name}>
              <Checkbox
                label={`${name}${itself ? ' (itself)' : ''}${unknown ? ' (unknown)' : ''}`}
                checked={count > 0 && count === lists.length}
                indeterminate={count > 0 && count < lists.length}
                disabled={!form.editable}
                onChange={(checked) => toggle(name, checked)}
              />
            </li>
          );
        })}
      </ul>
      {hidden > 0 && (
        <p className="inspector-note">
          {hidden} more service{hidden === 1 ? '' : 's'}: type in the filter to find{' '}
          {hidden === 1 ? 'it' : 'them'}.
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="inspector-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
