/**
 * The value chain's bar above the canvas (never over the map): the map's title, the marks it
 * draws (build / buy / outsource, evolve arrows), how to edit it, and "Create variant".
 */
import type { ValueChain } from '@shared/value-chain/index.ts';

export interface MapBarProps {
  readonly chain: ValueChain;
  readonly evolveArrows: number;
  readonly editable: boolean;
  readonly onCreateVariant: () => void;
}

export function MapBar({ chain, evolveArrows, editable, onCreateVariant }: MapBarProps) {
  const marks = (['build', 'buy', 'outsource'] as const).filter((mark) =>
    chain.nodes.some((node) => node.sourcing === mark),
  );
  return (
    <div className="value-chain-bar">
      <strong className="value-chain-title">{chain.title}</strong>
      <p className="value-chain-hint">
        Drag across: evolution · up or down: pin visibility · Alt+drag to a later stage: evolve arrow
      </p>
      {(marks.length > 0 || evolveArrows > 0) && (
        <ul className="value-chain-legend" aria-label="Marks">
          {marks.map((mark) => (
            <li key={mark}>
              <svg width="18" height="18" aria-hidden="true">
                <circle className={`value-chain-halo value-chain-${mark}`} cx="9" cy="9" r="8" />
              </svg>
              {mark === 'build' ? 'Build' : mark === 'buy' ? 'Buy' : 'Outsource'}
            </li>
          ))}
          {evolveArrows > 0 && (
            <li>
              <svg width="22" height="10" aria-hidden="true">
                <line className="value-chain-evolve-line" x1="1" y1="5" x2="21" y2="5" />
              </svg>
              Evolve arrow
            </li>
          )}
        </ul>
      )}
      <button
        type="button"
        className="primary"
        disabled={!editable}
        onClick={onCreateVariant}
        title={
          evolveArrows > 0
            ? `A copy of the document with ${evolveArrows === 1 ? 'its evolve arrow' : `its ${evolveArrows} evolve arrows`} applied, to run and compare`
            : 'A copy of the document to change and compare (it has no evolve arrows yet)'
        }
      >
        Create variant
      </button>
    </div>
  );
}
