/**
 * Repeated things in the form: lists of objects (regions, scenarios and their failures, SLOs,
 * load changes, a mixture's components) with add and remove buttons, and the per-dependency
 * settings of a service (calls.probabilities, calls.edges), one entry per dependency.
 */
import { useState } from 'react';
import { FieldList, GroupFrame, Leaf, RemoveButton, UnionBody } from './Fields.tsx';
import { planAddItem } from './edit-plans.ts';
import { useForm, useShared } from './form-context.ts';
import { pathName, type FieldDescriptor, type FieldPath, type Shape } from './schema-fields.ts';

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
