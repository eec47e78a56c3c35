/**
 * The studio's frame around the views: the top bar (menus in the web host, the document's name
 * and state, the diagram toolbar), the banners (a crashed session's changes to restore, messages)
 * and the examples list.
 */
import type { ReactNode } from 'react';
import type { CommandId } from '@shared/commands.ts';
import type { AutosaveOffer } from '@shared/documents.ts';
import type { AppInfo, ExampleSummary } from '@shared/ipc/contract.ts';
import type { DocumentMeta } from '../document/session.ts';

export interface Message {
  readonly level: 'info' | 'error';
  readonly text: string;
}

export interface TopBarProps {
  readonly info: AppInfo | null;
  readonly meta: DocumentMeta | null;
  readonly dirty: boolean;
  /** The web host's menu bar (the desktop has native menus). */
  readonly menuBar: ReactNode;
  readonly undoLabel: string | null;
  readonly redoLabel: string | null;
  readonly editable: boolean;
  readonly instances: boolean;
  /** The canvas shows the value chain. */
  readonly valueChain: boolean;
  readonly onCommand: (id: CommandId) => void;
}

export function TopBar({
  info,
  meta,
  dirty,
  menuBar,
  undoLabel,
  redoLabel,
  editable,
  instances,
  valueChain,
  onCommand,
}: TopBarProps) {
  return (
    <header className="topbar">
      <span className="wordmark">archsim</span>
      {menuBar}
      <div className="document-status" aria-label="Current document">
        {meta && (
          <>
            <span className="document-name" title={meta.path ?? undefined}>
              {meta.name}
            </span>
            {dirty ? (
              <span className="dirty-badge" title="Unsaved changes">
                <span className="dirty-badge-text">Unsaved changes</span>
              </span>
            ) : (
              <span className="muted">{describeOrigin(meta.origin.kind, meta.path)}</span>
            )}
          </>
        )}
      </div>
      <div className="toolbar" role="toolbar" aria-label="Diagram">
        <button
          type="button"
          onClick={() => onCommand('edit.undo')}
          disabled={undoLabel === null}
          title={undoLabel ? `Undo ${undoLabel}` : 'Nothing to undo'}
        >
          Undo
        </button>
        <button
          type="button"
          onClick={() => onCommand('edit.redo')}
          disabled={redoLabel === null}
          title={redoLabel ? `Redo ${redoLabel}` : 'Nothing to redo'}
        >
          Redo
        </button>
        <button type="button" onClick={() => onCommand('canvas.autoLayout')} disabled={!editable}>
          Auto layout
        </button>
        <button type="button" onClick={() => onCommand('canvas.zoomToFit')} disabled={meta === null}>
          Zoom to fit
        </button>
        <button type="button" aria-pressed={instances} onClick={() => onCommand('view.toggleInstances')}>
          Instances
        </button>
        <button
          type="button"
          aria-pressed={valueChain}
          onClick={() => onCommand('view.toggleValueChain')}
          title="Show the services as a Wardley value chain (Ctrl+Alt+W)"
        >
          Value chain
        </button>
        <button
          type="button"
          className="toolbar-optional"
          onClick={() => onCommand('file.exportSvg')}
          disabled={meta === null}
        >
          Export SVG
        </button>
      </div>
      {info && (
        <span className="topbar-meta">
          <span>v{info.version}</span>
          <span className="shell-badge">{info.shell === 'electron' ? 'desktop' : 'web host'}</span>
        </span>
      )}
    </header>
  );
}

export interface BannersProps {
  readonly restoreOffer: AutosaveOffer | null;
  readonly onRestore: (offer: AutosaveOffer) => void;
  readonly onDiscard: () => void;
  readonly message: Message | null;
  readonly onDismiss: () => void;
}

export function Banners({ restoreOffer, onRestore, onDiscard, message, onDismiss }: BannersProps) {
  return (
    <>
      {restoreOffer && (
        <div className="restore-banner" role="region" aria-label="Unsaved changes from the last session">
          <span>
            Unsaved changes to <strong>{restoreOffer.name}</strong>
            {restoreOffer.aside && (
              <>
                {' '}
                and to <strong>{restoreOffer.aside.name}</strong> (set aside beside it)
              </>
            )}{' '}
            from {formatTime(restoreOffer.savedAt)} were left when archsim last stopped without saving them.
            Restore or discard them to edit.
          </span>
          <button type="button" className="primary" onClick={() => onRestore(restoreOffer)}>
            Restore
          </button>
          <button type="button" onClick={onDiscard}>
            Discard
          </button>
        </div>
      )}

      {message && (
        <div
          className={message.level === 'error' ? 'banner' : 'banner banner-info'}
          role={message.level === 'error' ? 'alert' : 'status'}
        >
          <span>{message.text}</span>
          <button type="button" className="banner-close" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        </div>
      )}
    </>
  );
}

export interface ExamplesListProps {
  readonly examples: readonly ExampleSummary[] | null;
  /** The example open now, if the document is one. */
  readonly current: string | null;
  readonly onOpen: (id: string) => void;
}

/** The "Examples" navigation: the bundled architectures, one press to open. */
export function ExamplesList({ examples, current, onOpen }: ExamplesListProps) {
  return (
    <nav className="examples" aria-label="Examples">
      <h2 className="section-title">Examples</h2>
      {examples === null ? (
        <p className="muted">Loading…</p>
      ) : examples.length === 0 ? (
        <p className="muted">No examples found in resources/examples.</p>
      ) : (
        <ul className="example-list">
          {examples.map((example) => (
            <li key={example.id}>
              <button
                type="button"
                className="example"
                aria-pressed={current === example.id}
                title={example.description || undefined}
                onClick={() => onOpen(example.id)}
              >
                <span className="example-title">{example.title}</span>
                <span className="example-id">{example.id}.json</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

function describeOrigin(kind: DocumentMeta['origin']['kind'], path: string | null): string {
  switch (kind) {
    case 'example':
      return 'example';
    case 'new':
      return 'new document';
    case 'file':
      return path ?? 'file';
    case 'upload':
      return 'uploaded';
    case 'import':
      return 'imported';
    case 'restored':
      return 'restored';
  }
}

function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
