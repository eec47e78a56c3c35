/**
 * A service on the value chain: a point in its package's colours with the name beside it, as on
 * a Wardley map (and as the exported SVG draws it). The node's box is the point, so the point's
 * centre is exactly on the service's (evolution, visibility). It keeps the canvas node's
 * behaviour: select, drag, rename in place (double-click or F2), connect from its right side,
 * a problem badge, and a run's heat or replayed second beside the name.
 */
import { memo, useContext } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { packageStyle } from '@shared/diagram/package-style.ts';
import { CanvasContext } from '../canvas/canvas-context.ts';
import type { ServiceNode } from '../canvas/canvas-model.ts';
import { ServiceName } from '../canvas/ServiceNodeView.tsx';
import { MAP_NODE_SIZE } from './map-geometry.ts';

function MapServiceNodeViewComponent({ id, data }: NodeProps<ServiceNode>) {
  const { theme } = useContext(CanvasContext);
  const style = packageStyle(data.packageName);
  const painted = data.overlay;
  const colours = painted ? { ...style[theme], stroke: painted.colour } : style[theme];
  const name = data.name || '(unnamed)';
  const badge = data.badge;
  return (
    <div
      className={`map-node kind-${data.kind}${painted ? ' painted' : ''}`}
      data-service={data.name}
      style={{ width: MAP_NODE_SIZE, height: MAP_NODE_SIZE }}
      title={`${name} — ${style.kindLabel} (${data.packageName ?? 'no package'})`}
    >
      <span
        className="map-node-point"
        style={{ background: colours.fill, borderColor: colours.stroke }}
        aria-hidden="true"
      />
      <Handle
        type="target"
        position={Position.Left}
        className="service-handle map-handle"
        aria-label={`Connect to ${name}`}
      />
      <span className="map-node-label" style={{ color: style[theme].text }}>
        <ServiceName id={id} name={data.name} eureka={data.eureka} />
        {badge && (
          <span
            className={`service-badge map-badge ${badge.errors > 0 ? 'badge-error' : 'badge-warning'}`}
            title={badge.text}
            aria-label={`${badge.errors} errors, ${badge.warnings} warnings`}
          >
            {badge.errors > 0 ? badge.errors : badge.warnings}
          </span>
        )}
        {painted && (
          <span
            className="map-node-overlay"
            style={{ background: painted.colour }}
            data-overlay={painted.text}
          >
            {painted.text}
            {painted.down ? <span className="overlay-down"> · {painted.down} down</span> : null}
          </span>
        )}
      </span>
      <Handle
        type="source"
        position={Position.Right}
        className="service-handle map-handle"
        aria-label={`Connect from ${name}`}
      />
    </div>
  );
}

export const MapServiceNodeView = memo(MapServiceNodeViewComponent);
