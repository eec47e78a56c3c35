/**
 * A service on the canvas: its package's shape and colour (the same outline the exported SVG
 * draws), a glyph, the name (double-click or F2 to rename in place), the package, count ×
 * regions, and a badge with the number of problems. A handle on each side: drag from the right
 * one to another service to make this one depend on it.
 */
import { memo, useContext, useEffect, useRef, useState } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { NODE_HEIGHT, NODE_WIDTH } from '@shared/diagram/model.ts';
import { packageStyle } from '@shared/diagram/package-style.ts';
import { shapeMarkup } from '@shared/diagram/svg-shapes.ts';
import { CanvasContext } from './canvas-context.ts';
import type { ServiceNode } from './canvas-model.ts';
import type { ServiceInstances } from '@shared/instances.ts';

/** The instance view of a service: a row per region, a cell per zone with its instance count. */
function InstanceBlock({ instances }: { readonly instances: ServiceInstances }) {
  const { failedZones, failedRegions } = useContext(CanvasContext);
  const regions = new Map<string, ServiceInstances['groups'][number][]>();
  for (const group of instances.groups)
    regions.set(group.region, [...(regions.get(group.region) ?? []), group]);
  return (
    <span className="instance-block" aria-label={`${instances.total} instances`}>
      {[...regions].map(([region, groups]) => (
        <span key={region} className="instance-region">
          <span className="instance-region-name">{region === '*' ? 'global' : region}</span>
          {groups.map((group) => (
            <span
              key={group.zone}
              className={
                failedRegions.has(group.region) || failedZones.has(`${group.region}/${group.zone}`)
                  ? 'instance-zone instance-zone-failed'
                  : 'instance-zone'
              }
              data-zone={`${group.region}/${group.zone}`}
              title={`${group.count} in ${group.region}/${group.zone}:\n${group.names.join('\n')}${group.count > group.names.length ? '\n…' : ''}`}
            >
              <span className="instance-zone-name">{group.zone === '*' ? 'cross-zone' : group.zone}</span>
              <span className="instance-count">{group.count}</span>
            </span>
          ))}
        </span>
      ))}
    </span>
  );
}

/** A node's name: double-click (or F2) renames it in place; eureka is not renamed. */
export function ServiceName(props: { readonly id: string; readonly name: string; readonly eureka: boolean }) {
  const { renamingId, startRename } = useContext(CanvasContext);
  if (renamingId === props.id) return <RenameInput id={props.id} initial={props.name} />;
  return (
    <span
      className="service-name"
      onDoubleClick={(event) => {
        if (props.eureka) return;
        event.stopPropagation();
        startRename(props.id);
      }}
    >
      {props.name || '(unnamed)'}
    </span>
  );
}

export function RenameInput({ id, initial }: { readonly id: string; readonly initial: string }) {
  const { commitRename, cancelRename } = useContext(CanvasContext);
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const commit = () => {
    if (value === initial) return cancelRename();
    const why = commitRename(id, value);
    setProblem(why);
    if (why) input.current?.focus();
  };
  return (
    <span className="rename">
      <input
        ref={input}
        className="nodrag rename-input"
        aria-label="Service name"
        aria-invalid={problem !== null}
        value={value}
        spellCheck={false}
        onChange={(event) => {
          setValue(event.target.value);
          setProblem(null);
        }}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') cancelRename();
        }}
        onBlur={() => (value === initial ? cancelRename() : commit())}
      />
      {problem && (
        <span className="rename-problem" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}

function ServiceNodeViewComponent({ id, data }: NodeProps<ServiceNode>) {
  const { theme } = useContext(CanvasContext);
  const style = packageStyle(data.packageName);
  const painted = data.overlay;
  // A run's heat recolours the outline; the package's fill stays, so the kind is still read.
  const colours = painted ? { ...style[theme], stroke: painted.colour } : style[theme];
  const badge = data.badge;
  const name = data.name || '(unnamed)';
  return (
    <div
      className={`service-node kind-${data.kind}${painted ? ' painted' : ''}${painted?.down ? ' has-down' : ''}`}
      data-service={data.name}
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT, color: colours.text }}
      title={`${name} — ${style.kindLabel}`}
    >
      <svg
        className="service-shape"
        width={NODE_WIDTH}
        height={NODE_HEIGHT}
        aria-hidden="true"
        dangerouslySetInnerHTML={{ __html: shapeMarkup(style.shape, NODE_WIDTH, NODE_HEIGHT, colours) }}
      />
      <Handle
        type="target"
        position={Position.Left}
        className="service-handle"
        aria-label={`Connect to ${name}`}
      />
      <span className="service-glyph" style={{ color: colours.stroke }} aria-hidden="true">
        {data.glyph}
      </span>
      <span className="service-text">
        <ServiceName id={id} name={data.name} eureka={data.eureka} />
        <span className="service-meta">
          <span>{data.packageName ?? 'no package'}</span>
          <span aria-label={`count ${data.countLabel}`}>{data.countLabel}</span>
        </span>
      </span>
      {badge && (
        <span
          className={`service-badge ${badge.errors > 0 ? 'badge-error' : 'badge-warning'}`}
          title={badge.text}
          aria-label={`${badge.errors} errors, ${badge.warnings} warnings`}
        >
          {badge.errors > 0 ? badge.errors : badge.warnings}
        </span>
      )}
      <Handle
        type="source"
        position={Position.Right}
        className="service-handle"
        aria-label={`Connect from ${name}`}
      />
      {painted && (
        <span className="service-overlay" style={{ background: painted.colour }} data-overlay={painted.text}>
          {painted.text}
          {painted.down ? <span className="overlay-down"> · {painted.down} down</span> : null}
          {painted.breakers ? <span className="overlay-breaker"> · breaker open</span> : null}
        </span>
      )}
      {data.instances && <InstanceBlock instances={data.instances} />}
    </div>
  );
}

export const ServiceNodeView = memo(ServiceNodeViewComponent);
