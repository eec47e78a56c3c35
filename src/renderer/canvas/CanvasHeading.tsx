/**
 * What stands above the canvas: the document's title and service count, the switch to a document
 * set aside by Create variant, the value chain's bar in that mode, and the banners that say why
 * the canvas is read-only or why runs wait.
 */
import type { ReactNode } from 'react';
import type { Problem } from '@shared/document/problems.ts';
import { plural } from '../problems/ProblemsPanel.tsx';

export interface CanvasHeadingProps {
  readonly heading: string;
  readonly services: number;
  readonly spigoFormat: boolean;
  /** The name of the document set aside, to switch to; null when there is none. */
  readonly aside: string | null;
  readonly onSwitchAside: () => void;
  /** The value chain's bar (marks, Create variant), in that mode. */
  readonly mapBar: ReactNode;
  /** The text parses (the canvas is live). */
  readonly current: boolean;
  readonly hasDocument: boolean;
  /** The JSON's syntax error while it does not parse. */
  readonly syntax: Problem | undefined;
  /** Errors of the current text's validation (0 while it is being validated). */
  readonly errors: number;
}

export function CanvasHeading(props: CanvasHeadingProps) {
  const { aside, syntax, errors } = props;
  return (
    <>
      <div className="canvas-heading">
        <h1>{props.heading}</h1>
        <span className="stats">
          <span>{plural(props.services, 'service')}</span>
          {props.spigoFormat && <span>spigo format</span>}
        </span>
        {aside !== null && (
          <button
            type="button"
            className="aside-switch"
            aria-label={`Switch to ${aside}`}
            title={`Switch to ${aside}, set aside by Create variant (its changes are kept)`}
            onClick={props.onSwitchAside}
          >
            ⇄ {aside}
          </button>
        )}
      </div>
      {props.mapBar}
      {!props.current && props.hasDocument && (
        <p className="canvas-banner canvas-banner-error" role="status">
          {syntax ? `The JSON does not parse (${syntax.message}). ` : 'The document has no services list. '}
          {props.services > 0
            ? 'The canvas shows the last version that did and is read-only until the text is fixed (or the edit undone).'
            : 'The canvas stays empty until the text is fixed.'}
        </p>
      )}
      {props.current && errors > 0 && (
        <p className="canvas-banner canvas-banner-warning" role="status">
          The document does not validate: {plural(errors, 'error')} (see Problems). Runs wait until they are
          fixed.
        </p>
      )}
    </>
  );
}
