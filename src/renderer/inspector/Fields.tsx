/**
 * The form's fields, by shape: leaves (FieldEditor), groups of fields as collapsible sections
 * (open when the document sets them, collapsed when absent — their contents are rendered only
 * while open, which keeps a large form cheap), unions whose variant is chosen first, and lists
 * and records of fields. NOTE: one module, because these components render each other.
 */
import { useId, useState, type JSX, type ReactNode } from 'react';
import { FieldEditor, FieldFrame, ReadOnlyField } from './FieldEditor.tsx';
import { ServiceNamesField } from './ServiceNames.tsx';
import { planAddItem, planRename, planSet, planSwitchVariant } from './edit-plans.ts';
import { descriptionDefault } from './field-defaults.ts';
import { formatValue, sharedValue } from './field-values.ts';
import { useForm, usePlaceholder, useShared } from './form-context.ts';
import { pathName, type FieldDescriptor, type FieldPath, type Shape, type Variant } from './schema-fields.ts';

const MIXED = '\u0000mixed';

/** The fields of an object at `path`, in the schema's order. */
export function FieldList({ fields, path }: { fields: readonly FieldDescriptor[]; path: FieldPath }) {
  return (
    <>
      {fields.map((field) => (
        <Field key={field.key} descriptor={field} path={[...path, field.key]} />
      ))}
    </>
  );
}

/** One field of any shape. */
export function Field({ descriptor, path }: { descriptor: FieldDescriptor; path: FieldPath }): JSX.Element {
  const form = useForm();
  if (form.scope.kind === 'service' && path.length === 1 && path[0] === 'name') {
    return <NameField descriptor={descriptor} />;
  }
  if (descriptor.readOnly || descriptor.shape.kind === 'json') {
    return <ReadOnlyLeaf descriptor={descriptor} path={path} />;
  }
  switch (descriptor.shape.kind) {
    case 'object':
      return <Group descriptor={descriptor} path={path} />;
    case 'union':
      return <UnionField descriptor={descriptor} path={path} />;
    case 'list':
      return <ListField descriptor={descriptor} path={path} />;
    case 'record':
      return <RecordField descriptor={descriptor} path={path} />;
    case 'serviceNames':
      return <ServiceNamesField descriptor={descriptor} path={path} />;
    default:
      return <Leaf descriptor={descriptor} path={path} />;
  }
}

export function Leaf(props: {
  readonly descriptor: FieldDescriptor;
  readonly path: FieldPath;
  /** A description whose stated default applies when the field's own states none (a record's). */
  readonly defaultsFrom?: string;
}) {
  const { descriptor, path } = props;
  const form = useForm();
  const shared = useShared(path);
  const placeholder =
    usePlaceholder(path, descriptor.description) ?? descriptionDefault(props.defaultsFrom)?.text;
  return (
    <FieldEditor
      descriptor={descriptor}
      path={path}
      shared={shared}
      placeholder={placeholder}
      serviceNames={form.serviceNames}
      disabled={!form.editable}
      onCommit={(value) => form.commit(planSet(form.scope, path, value))}
    />
  );
}

function ReadOnlyLeaf({ descriptor, path }: { descriptor: FieldDescriptor; path: FieldPath }) {
  const shared = useShared(path);
  return (
    <ReadOnlyField
      path={path}
      description={descriptor.description}
      value={shared.mixed ? '' : formatValue(shared.value)}
      placeholder={shared.mixed ? '(mixed)' : undefined}
    />
  );
}

/** A service's name: renaming also renames every reference to it; one service at a time. */
function NameField({ descriptor }: { descriptor: FieldDescriptor }) {
  const form = useForm();
  const shared = useShared(['name']);
  if (form.scope.targets.length > 1) {
    return (
      <ReadOnlyField
        path={['name']}
        description={`${descriptor.description ?? ''} Select one service to rename it.`.trim()}
        value=""
        placeholder="(mixed)"
      />
    );
  }
  return (
    <FieldEditor
      descriptor={descriptor}
      path={['name']}
      shared={shared}
      placeholder={undefined}
      serviceNames={form.serviceNames}
      disabled={!form.editable}
      onCommit={(value) =>
        form.commit(planRename(form.scope, typeof value === 'string' ? value : '', form.services))
      }
    />
  );
}

/** Whether the field at `path` is set, mixed or absent, and the group's open state (open when set). */
function useGroupState(path: FieldPath) {
  const shared = useShared(path);
  const present = shared.mixed || shared.value !== undefined;
  const [open, setOpen] = useState(present);
  return { shared, present, open, setOpen };
}

/** A collapsible group: summary with the field's name and state, contents only while open. */
export function GroupFrame(props: {
  readonly path: FieldPath;
  /** The group's name when it is not a field of its own (default: the path). */
  readonly name?: string;
  readonly status: string;
  readonly open: boolean;
  readonly onToggle: (open: boolean) => void;
  readonly children: ReactNode;
}): JSX.Element {
  const last = props.path[props.path.length - 1];
  const shown = props.name ?? (typeof last === 'number' ? `[${last}]` : last);
  return (
    <details
      className="inspector-group"
      open={props.open}
      aria-label={props.name ?? pathName(props.path)}
      onToggle={(event) => props.onToggle(event.currentTarget.open)}
    >
      <summary className="inspector-summary">
        <span className="inspector-group-name">{shown}</span>
        {props.status !== '' && <span className="inspector-status">{props.status}</span>}
      </summary>
      {props.open && <div className="inspector-group-body">{props.children}</div>}
    </details>
  );
}

/**
 * Top-level fields gathered under one collapsible heading (spigo's fields the simulation does not
 * use): open when any of them is set. Their labels stay their own names.
 */
export function FieldGroup({ name, fields }: { name: string; fields: readonly FieldDescriptor[] }) {
  const form = useForm();
  const set = form.scope.targets.some((target) =>
    fields.some((field) => target.value[field.key] !== undefined),
  );
  const [open, setOpen] = useState(set);
  return (
    <GroupFrame path={[]} name={name} status={set ? '' : 'not set'} open={open} onToggle={setOpen}>
      <FieldList fields={fields} path={[]} />
    </GroupFrame>
  );
}

/** "Remove retries", with the reason when it cannot be removed. */
export function RemoveButton({ path, label }: { path: FieldPath; label?: string }) {
  const form = useForm();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="inspector-button inspector-remove"
        disabled={!form.editable}
        onClick={() => setError(form.commit(planSet(form.scope, path, undefined)))}
      >
        {label ?? `Remove ${pathName(path)}`}
      </button>
      {error && (
        <p role="alert" className="inspector-error">
          {error}
        </p>
      )}
    </>
  );
}

const statusOf = (present: boolean, mixed: boolean, placeholder: string | undefined): string =>
  mixed ? 'mixed' : present ? '' : placeholder ? `not set — ${placeholder}` : 'not set';

function Group({ descriptor, path }: { descriptor: FieldDescriptor; path: FieldPath }) {
  const { shared, present, open, setOpen } = useGroupState(path);
  const placeholder = usePlaceholder(path, descriptor.description);
  if (descriptor.shape.kind !== 'object') return null;
  return (
    <GroupFrame
      path={path}
      status={statusOf(present, shared.mixed, placeholder)}
      open={open}
      onToggle={setOpen}
    >
      {descriptor.description && <p className="inspector-hint">{descriptor.description}</p>}
      <FieldList fields={descriptor.shape.fields} path={path} />
      {present && !descriptor.required && <RemoveButton path={path} />}
    </GroupFrame>
  );
}

function UnionField({ descriptor, path }: { descriptor: FieldDescriptor; path: FieldPath }) {
  const { shared, present, open, setOpen } = useGroupState(path);
  const placeholder = usePlaceholder(path, descriptor.description);
  return (
    <GroupFrame
      path={path}
      status={statusOf(present, shared.mixed, placeholder)}
      open={open}
      onToggle={setOpen}
    >
      {descriptor.description && <p className="inspector-hint">{descriptor.description}</p>}
      <UnionBody descriptor={descriptor} path={path} />
    </GroupFrame>
  );
}

/**
 * A union's variant select ("latency.type") and that variant's fields. An absent union shows its
 * default's variant with the default's values as placeholders; a mixed one only the select.
 */
export function UnionBody({ descriptor, path }: { descriptor: FieldDescriptor; path: FieldPath }) {
  const form = useForm();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const shape = descriptor.shape;
  const discriminator = shape.kind === 'union' ? shape.discriminator : 'type';
  const shared = useShared(path);
  const tag = useShared([...path, discriminator]);
  const placeholder = usePlaceholder(path, descriptor.description);
  if (shape.kind !== 'union') return null;
  const defaultTag = sharedValue(
    form.scope.targets.map((target) => {
      const value = target.defaults.at(path)?.value;
      return typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[discriminator]
        : undefined;
    }),
  );
  const absent = !shared.mixed && shared.value === undefined;
  const current = tag.mixed ? undefined : typeof tag.value === 'string' ? tag.value : undefined;
  const shownTag = current ?? (absent && !defaultTag.mixed ? defaultTag.value : undefined);
  const variant: Variant | undefined = shape.variants.find((candidate) => candidate.value === shownTag);
  const selectValue = shared.mixed && tag.mixed ? MIXED : (current ?? '');
  const tagPath = [...path, discriminator];
  return (
    <>
      <FieldFrame path={tagPath} id={id} description={variant?.description} error={error}>
        {(describedBy) => (
          <select
            id={id}
            className="inspector-input"
            value={selectValue}
            disabled={!form.editable}
            aria-describedby={describedBy}
            title={variant?.description}
            onChange={(event) => {
              const chosen = event.target.value;
              if (chosen === MIXED) return;
              setError(form.commit(planSwitchVariant(form.scope, path, chosen === '' ? undefined : chosen)));
            }}
          >
            {selectValue === MIXED && (
              <option value={MIXED} disabled>
                (mixed)
              </option>
            )}
            {(!descriptor.required || selectValue === '') && (
              <option value="">{placeholder ? `not set: ${placeholder}` : '(not set)'}</option>
            )}
            {shape.variants.map((candidate) => (
              <option key={candidate.value} value={candidate.value}>
                {candidate.value}
              </option>
            ))}
            {current !== undefined && !shape.variants.some((candidate) => candidate.value === current) && (
              <option value={current}>{current} (unknown)</option>
            )}
          </select>
        )}
      </FieldFrame>
      {variant && <FieldList fields={variant.fields} path={path} />}
    </>
  );
}

// Lists and records of fields (arrays of objects, per-dependency settings): they hold fields
// of their own, so they live with the fields they recurse into.

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A descriptor for an item of a list or an entry of a record, which the schema does not name. */
const itemDescriptor = (key: string, shape: Shape, description?: string): FieldDescriptor => ({
  key,
  shape,
  required: true,
  nullable: false,
  ...(description === undefined ? {} : { description }),
});

export function ListField({ descriptor, path }: { descriptor: FieldDescriptor; path: FieldPath }) {
  const form = useForm();
  const shared = useShared(path);
  const present = shared.mixed || shared.value !== undefined;
  const [open, setOpen] = useState(present);
  const [error, setError] = useState<string | null>(null);
  const shape = descriptor.shape;
  if (shape.kind !== 'list') return null;
  const items = !shared.mixed && Array.isArray(shared.value) ? shared.value : [];
  const status = shared.mixed
    ? 'mixed'
    : !present
      ? 'not set'
      : `${items.length} item${items.length === 1 ? '' : 's'}`;
  return (
    <GroupFrame path={path} status={status} open={open} onToggle={setOpen}>
      {descriptor.description && <p className="inspector-hint">{descriptor.description}</p>}
      {shared.mixed ? (
        <p className="inspector-note">The selected services differ here: select one to edit this list.</p>
      ) : (
        <>
          {items.map((item, index) => (
            <ListItem
              // Items have no identity but their place; a removal re-renders those after it.
              key={index}
              shape={shape.item}
              description={shape.itemDescription}
              path={[...path, index]}
              title={isObject(item) && typeof item['name'] === 'string' ? item['name'] : undefined}
            />
          ))}
          <button
            type="button"
            className="inspector-button"
            disabled={!form.editable}
            onClick={() => setError(form.commit(planAddItem(form.scope, path)))}
          >
            Add to {pathName(path)}
          </button>
          {error && (
            <p role="alert" className="inspector-error">
              {error}
            </p>
          )}
        </>
      )}
    </GroupFrame>
  );
}

function ListItem(props: {
  readonly shape: Shape;
  readonly description: string | undefined;
  readonly path: FieldPath;
  readonly title: string | undefined;
}) {
  const { shape, path } = props;
  const index = path[path.length - 1];
  const descriptor = itemDescriptor(String(index), shape, props.description);
  return (
    <fieldset className="inspector-item" aria-label={pathName(path)}>
      <legend className="inspector-item-legend">
        [{index}]{props.title ? ` ${props.title}` : ''}
      </legend>
      {shape.kind === 'object' ? (
        <FieldList fields={shape.fields} path={path} />
      ) : shape.kind === 'union' ? (
        <UnionBody descriptor={descriptor} path={path} />
      ) : (
        <Leaf descriptor={descriptor} path={path} />
      )}
      <RemoveButton path={path} />
    </fieldset>
  );
}

/**
 * The names a per-dependency record offers: the dependencies every selected service has (eureka
 * aside), then the keys the record already has in all of them (a stale key stays editable).
 */
function recordKeys(
  targets: readonly { value: Readonly<Record<string, unknown>> }[],
  path: FieldPath,
): string[] {
  const lists = targets.map((target) => {
    const dependencies = target.value['dependencies'];
    const names = Array.isArray(dependencies)
      ? dependencies.filter((name): name is string => typeof name === 'string' && name !== 'eureka')
      : [];
    let record: unknown = target.value;
    for (const key of path) record = isObject(record) ? record[key] : undefined;
    return [...names, ...(isObject(record) ? Object.keys(record) : [])];
  });
  const [first = [], ...rest] = lists;
  return [...new Set(first)].filter((name) => rest.every((list) => list.includes(name)));
}

export function RecordField({ descriptor, path }: { descriptor: FieldDescriptor; path: FieldPath }) {
  const form = useForm();
  const shared = useShared(path);
  const present = shared.mixed || shared.value !== undefined;
  const [open, setOpen] = useState(present);
  const shape = descriptor.shape;
  if (shape.kind !== 'record') return null;
  const keys = recordKeys(form.scope.targets, path);
  const status = shared.mixed ? 'mixed' : present ? '' : 'not set';
  return (
    <GroupFrame path={path} status={status} open={open} onToggle={setOpen}>
      {descriptor.description && <p className="inspector-hint">{descriptor.description}</p>}
      {keys.length === 0 && (
        <p className="inspector-note">
          {form.scope.targets.length > 1 ? 'The selected services share no dependency.' : 'No dependencies.'}
        </p>
      )}
      {keys.map((key) => {
        const entry = itemDescriptor(key, shape.value, shape.valueDescription);
        const entryPath = [...path, key];
        if (shape.value.kind === 'object')
          return <RecordEntryGroup key={key} descriptor={entry} path={entryPath} />;
        return (
          <Leaf
            key={key}
            descriptor={{ ...entry, required: false }}
            path={entryPath}
            defaultsFrom={descriptor.description}
          />
        );
      })}
      {present && <RemoveButton path={path} />}
    </GroupFrame>
  );
}

/** One dependency's settings (calls.edges.db): a group of its own, open when set. */
function RecordEntryGroup({ descriptor, path }: { descriptor: FieldDescriptor; path: FieldPath }) {
  const shared = useShared(path);
  const present = shared.mixed || shared.value !== undefined;
  const [open, setOpen] = useState(present);
  if (descriptor.shape.kind !== 'object') return null;
  return (
    <GroupFrame
      path={path}
      status={shared.mixed ? 'mixed' : present ? '' : 'not set'}
      open={open}
      onToggle={setOpen}
    >
      {descriptor.description && <p className="inspector-hint">{descriptor.description}</p>}
      <FieldList fields={descriptor.shape.fields} path={path} />
      {present && <RemoveButton path={path} />}
    </GroupFrame>
  );
}
