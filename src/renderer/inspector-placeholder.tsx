// Temporary stand-in until src/renderer/inspector lands.
import type { Change } from './document/changes.ts';
export interface InspectorProps {
  readonly value: unknown;
  readonly selection: readonly number[];
  readonly editable: boolean;
  readonly onApply: (change: Change, label: string) => { ok: true } | { ok: false; message: string };
}
export function Inspector({ selection }: InspectorProps) {
  return (
    <section aria-label="Inspector" className="inspector">
      <h2 className="section-title">Inspector</h2>
      <p className="muted">{selection.length} selected</p>
    </section>
  );
}
