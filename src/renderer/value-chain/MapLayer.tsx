/**
 * What the value-chain mode draws under the nodes, in the canvas's own coordinates (it pans and
 * zooms with them): the four stage columns with their names along the bottom, the value chain
 * axis (Visible at the top, Invisible at the bottom), the anchor and its links to the top of the
 * chain, notes, evolve arrows to a ghost at the target evolution, and build / buy / outsource
 * halos. Pointer events pass through it to the canvas.
 */
import { memo } from 'react';
import { ViewportPortal } from '@xyflow/react';
import { EVOLUTION_STAGES } from '@shared/document/packages.ts';
import {
  STAGE_BOUNDARIES,
  STAGE_LABELS,
  anchorTargets,
  stageRange,
  type ValueChain,
} from '@shared/value-chain/index.ts';
import { MAP_NODE_SIZE, MAP_SIZE, mapPoint } from './map-geometry.ts';
import './value-chain.css';

const AXIS_GAP = 22;
const LABEL_GAP = 22;
const HALO_RADIUS = 15;

function MapLayerComponent({ chain }: { readonly chain: ValueChain }) {
  const { width, height } = MAP_SIZE;
  const byName = new Map(chain.nodes.map((node) => [node.name, node]));
  const centre = (name: string) => {
    const node = byName.get(name);
    return node ? mapPoint(node.evolution, node.visibility) : null;
  };
  const left = -AXIS_GAP - 40;
  const top = -60;
  return (
    <ViewportPortal>
      <svg
        className="value-chain-layer"
        width={width - left + 40}
        height={height - top + 80}
        viewBox={`${left} ${top} ${width - left + 40} ${height - top + 80}`}
        style={{ left, top }}
        role="img"
        aria-label={`Value chain of ${chain.title}: evolution across (Genesis, Custom-built, Product, Commodity), visibility down`}
      >
        <defs>
          <marker
            id="value-chain-evolve-arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" className="value-chain-evolve-head" />
          </marker>
        </defs>
        {EVOLUTION_STAGES.map((stage, index) => {
          const [from, to] = stageRange(stage);
          return (
            <rect
              key={stage}
              className={index % 2 === 0 ? 'value-chain-band' : 'value-chain-band-alt'}
              x={from * width}
              y={0}
              width={(to - from) * width}
              height={height}
            />
          );
        })}
        {STAGE_BOUNDARIES.map((boundary) => (
          <line
            key={boundary}
            className="value-chain-boundary"
            x1={boundary * width}
            x2={boundary * width}
            y1={0}
            y2={height}
          />
        ))}
        <line className="value-chain-axis" x1={0} y1={height} x2={width} y2={height} />
        <line className="value-chain-axis" x1={0} y1={height} x2={0} y2={0} />
        <text className="value-chain-axis-label" x={-10} y={14} textAnchor="end">
          Visible
        </text>
        <text className="value-chain-axis-label" x={-10} y={height} textAnchor="end">
          Invisible
        </text>
        <text
          className="value-chain-axis-title"
          transform={`translate(${-AXIS_GAP} ${height / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          Value chain
        </text>
        <text className="value-chain-axis-title" x={width} y={height + LABEL_GAP + 18} textAnchor="end">
          Evolution →
        </text>
        {chain.anchor && (
          <g className="value-chain-anchor">
            {anchorTargets(chain).map((name) => {
              const to = centre(name);
              const from = mapPoint(chain.anchor?.evolution ?? 0.5, chain.anchor?.visibility ?? 1);
              return to ? (
                <line key={name} className="value-chain-link" x1={from.x} y1={from.y} x2={to.x} y2={to.y} />
              ) : null;
            })}
          </g>
        )}
        {chain.nodes.map((node) => {
          if (!node.sourcing) return null;
          const point = mapPoint(node.evolution, node.visibility);
          return (
            <circle
              key={`halo-${node.name}`}
              className={`value-chain-halo value-chain-${node.sourcing}`}
              cx={point.x}
              cy={point.y}
              r={HALO_RADIUS}
            />
          );
        })}
        {chain.nodes.map((node) => {
          if (!node.evolve) return null;
          const from = mapPoint(node.evolution, node.visibility);
          const to = mapPoint(node.evolve.evolution, node.visibility);
          const direction = Math.sign(to.x - from.x) || 1;
          return (
            <g key={`evolve-${node.name}`} className="value-chain-evolve" data-evolve={node.name}>
              <line
                x1={from.x + direction * (MAP_NODE_SIZE / 2 + 4)}
                y1={from.y}
                x2={to.x - direction * (MAP_NODE_SIZE / 2 + 2)}
                y2={to.y}
                markerEnd="url(#value-chain-evolve-arrow)"
              />
              <circle className="value-chain-ghost" cx={to.x} cy={to.y} r={MAP_NODE_SIZE / 2} />
              <text className="value-chain-ghost-label" x={to.x + MAP_NODE_SIZE / 2 + 6} y={to.y + 14}>
                {node.name}
              </text>
            </g>
          );
        })}
        {chain.anchor && (
          <text
            className="value-chain-anchor-label"
            x={mapPoint(chain.anchor.evolution, chain.anchor.visibility).x}
            y={mapPoint(chain.anchor.evolution, chain.anchor.visibility).y}
            textAnchor="middle"
            dominantBaseline="middle"
          >
            {chain.anchor.name}
          </text>
        )}
        {chain.notes.map((note, index) => {
          const point = mapPoint(note.evolution, note.visibility);
          return (
            <text key={index} className="value-chain-note" x={point.x} y={point.y}>
              {note.text}
            </text>
          );
        })}
        {EVOLUTION_STAGES.map((stage) => {
          const [from, to] = stageRange(stage);
          return (
            <text
              key={`label-${stage}`}
              className="value-chain-stage"
              x={((from + to) / 2) * width}
              y={height + LABEL_GAP}
              textAnchor="middle"
            >
              {STAGE_LABELS[stage]}
            </text>
          );
        })}
      </svg>
    </ViewportPortal>
  );
}

export const MapLayer = memo(MapLayerComponent);
