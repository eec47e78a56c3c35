/** The legend of what the run views paint on the canvas: the scale, its ends, and notes. */
import { Panel } from '@xyflow/react';
import type { CanvasOverlay } from './overlay.ts';

/**
 * NOTE: a <details>, open to start with: its title folds the rest away when the legend covers
 * nodes the user wants to see (the notes of failures stay readable in the Replay panel).
 */
export function OverlayLegend({ overlay }: { readonly overlay: CanvasOverlay }) {
  return (
    <Panel position="top-right" className="overlay-legend" aria-label="Legend">
      <details open>
        <summary className="overlay-legend-title">{overlay.title}</summary>
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
      </details>
    </Panel>
  );
}
