/** The legend of what the run views paint on the canvas: the scale, its ends, and notes. */
import { Panel } from '@xyflow/react';
import type { CanvasOverlay } from './overlay.ts';

export function OverlayLegend({ overlay }: { readonly overlay: CanvasOverlay }) {
  return (
    <Panel position="top-right" className="overlay-legend" aria-label="Legend">
      <div className="overlay-legend-title">{overlay.title}</div>
      {/* Without a scale (a run of another architecture) there is nothing painted to explain. */}
      {overlay.legend.stops.length > 0 && (
        <>
          <div className="overlay-legend-scale">
            <span>{overlay.legend.low}</span>
            <span
              className="overlay-legend-bar"
              style={{ background: `linear-gradient(to right, ${overlay.legend.stops.join(', ')})` }}
            />
            <span>{overlay.legend.high}</span>
          </div>
          <div className="overlay-legend-edges muted">edges: wider and darker with more traffic</div>
        </>
      )}
      {overlay.notes.length > 0 && (
        <ul className="overlay-notes">
          {overlay.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
