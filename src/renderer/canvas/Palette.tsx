/**
 * The "Palette" region: one item per package, drawn as the canvas draws it. Drag an item onto
 * the canvas to add a service there, or press it (Enter) to add one in the middle of the view.
 */
import { NODE_HEIGHT } from '@shared/diagram/model.ts';
import type { Theme } from '@shared/commands.ts';
import { packageStyle } from '@shared/diagram/package-style.ts';
import { shapeMarkup } from '@shared/diagram/svg-shapes.ts';
import type { PackageName } from '@shared/document/packages.ts';
import { PALETTE_ITEMS, PALETTE_MIME } from './palette-items.ts';

const ICON_WIDTH = 34;
const ICON_HEIGHT = Math.round((NODE_HEIGHT * ICON_WIDTH) / 90);

export interface PaletteProps {
  readonly theme: Theme;
  readonly disabled: boolean;
  readonly onAdd: (packageName: PackageName) => void;
}

export function Palette({ theme, disabled, onAdd }: PaletteProps) {
  return (
    <section className="palette" aria-label="Palette">
      <h2 className="section-title">Palette</h2>
      <ul className="palette-list">
        {PALETTE_ITEMS.map((item) => {
          const style = packageStyle(item.packageName);
          return (
            <li key={item.packageName}>
              <button
                type="button"
                className="palette-item"
                draggable={!disabled}
                disabled={disabled}
                aria-label={`Add ${item.packageName}`}
                title={`${item.kindLabel}: ${item.summary} Drag onto the canvas, or press to add.`}
                onDragStart={(event) => {
                  event.dataTransfer.setData(PALETTE_MIME, item.packageName);
                  event.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => onAdd(item.packageName)}
              >
                <svg
                  className="palette-icon"
                  width={ICON_WIDTH + 4}
                  height={ICON_HEIGHT + 4}
                  viewBox={`-1 -1 ${ICON_WIDTH + 4} ${ICON_HEIGHT + 4}`}
                  aria-hidden="true"
                  dangerouslySetInnerHTML={{
                    __html: shapeMarkup(style.shape, ICON_WIDTH, ICON_HEIGHT, style[theme]),
                  }}
                />
                <span className="palette-text">
                  <span className="palette-name">{item.packageName}</span>
                  <span className="palette-kind">{item.kindLabel}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
