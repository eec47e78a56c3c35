/**
 * The studio's modal dialogs, in the page (so both shells have them): the Save / Don't Save /
 * Cancel question before unsaved changes would be lost, the keyboard shortcuts (read from the
 * command registry), and About.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import {
  MENUS,
  acceleratorOf,
  commandById,
  formatAccelerator,
  isOffered,
  type CommandId,
  type KeyPlatform,
  type MenuEntry,
} from '@shared/commands.ts';
import type { AppInfo, Shell } from '@shared/ipc/contract.ts';

interface ModalProps {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly actions: ReactNode;
  readonly className?: string;
}

/**
 * A modal dialog: focus moves in, Escape closes, the page behind is inert. NOTE: drawn into
 * document.body (a portal), outside the studio it makes inert, wherever a panel renders it — one
 * drawn inside the studio (History's Delete) was made inert along with it, and nothing answered.
 */
export function Modal({ title, onClose, children, actions, className }: ModalProps) {
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const root = document.getElementById('root');
    const app = root?.firstElementChild as HTMLElement | null;
    app?.setAttribute('inert', '');
    dialog.current?.querySelector<HTMLElement>('[data-autofocus], button')?.focus();
    return () => {
      app?.removeAttribute('inert');
      previous?.focus?.();
    };
  }, []);
  return createPortal(
    <div className="modal-backdrop">
      <div
        ref={dialog}
        className={`modal ${className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby="modal-title"
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id="modal-title" className="modal-title">
          {title}
        </h2>
        <div className="modal-body">{children}</div>
        <div className="modal-actions">{actions}</div>
      </div>
    </div>,
    document.body,
  );
}

export type SaveChoice = 'save' | 'discard' | 'cancel';

/** "Save the changes to NAME?" before they would be lost (New, Open, an example…). */
export function SavePrompt({
  name,
  action,
  onChoose,
}: {
  readonly name: string;
  /** What is about to happen ("open lamp.json"). */
  readonly action: string;
  readonly onChoose: (choice: SaveChoice) => void;
}) {
  return (
    <Modal
      title={`Save the changes to ${name}?`}
      onClose={() => onChoose('cancel')}
      actions={
        <>
          <button type="button" onClick={() => onChoose('cancel')}>
            Cancel
          </button>
          <button type="button" onClick={() => onChoose('discard')}>
            Don’t Save
          </button>
          <button type="button" className="primary" data-autofocus onClick={() => onChoose('save')}>
            Save
          </button>
        </>
      }
    >
      <p>
        {name} has unsaved changes. They will be lost if you {action} without saving them.
      </p>
    </Modal>
  );
}

/** Help > Keyboard Shortcuts: every command of the registry with its keys in this shell. */
export function ShortcutsDialog({
  shell,
  platform,
  onClose,
}: {
  readonly shell: Shell;
  readonly platform: KeyPlatform;
  readonly onClose: () => void;
}) {
  const ids = (entries: readonly MenuEntry[]): CommandId[] =>
    entries.flatMap((entry) => (entry === '-' ? [] : typeof entry === 'object' ? entry.items : [entry]));
  return (
    <Modal
      title="Keyboard shortcuts"
      className="shortcuts"
      onClose={onClose}
      actions={
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      }
    >
      {shell === 'web' && (
        <p className="muted">
          In a browser tab, a few keys stay the browser’s (Ctrl+N opens a window), so New is Alt+N here. Zoom
          is the browser’s own; in a text field, undo and redo are the field’s.
        </p>
      )}
      <div className="shortcut-groups">
        {MENUS.map((menu) => {
          const rows = ids(menu.entries)
            .map((id) => commandById(id))
            .filter(
              (command) =>
                isOffered(command, shell) &&
                (acceleratorOf(command, shell) !== undefined || command.keysHint !== undefined),
            );
          if (rows.length === 0) return null;
          return (
            <section key={menu.id} aria-label={menu.label}>
              <h3 className="section-title">{menu.label}</h3>
              <table className="shortcut-table">
                <tbody>
                  {rows.map((command) => (
                    <tr key={command.id}>
                      <th scope="row">{command.title ?? command.label}</th>
                      <td>
                        {[
                          ...(acceleratorOf(command, shell) === undefined
                            ? []
                            : [formatAccelerator(acceleratorOf(command, shell)!, platform)]),
                          ...(command.keysHint?.split(', ') ?? []),
                        ].map((keys) => (
                          <kbd key={keys}>{keys}</kbd>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          );
        })}
      </div>
    </Modal>
  );
}

/** Help > About archsim. */
export function AboutDialog({
  info,
  onClose,
}: {
  readonly info: AppInfo | null;
  readonly onClose: () => void;
}) {
  return (
    <Modal
      title="About archsim"
      onClose={onClose}
      actions={
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      }
    >
      <p>
        <strong>archsim</strong> {info && `version ${info.version}`}
        {info && <span className="muted"> · {info.shell === 'electron' ? 'desktop app' : 'web host'}</span>}
      </p>
      <p>
        Design a distributed architecture and find out how it behaves under load and failure before it is
        built: a superset of spigo’s architecture files, simulated request by request on your own machine.
      </p>
      <p className="muted">Apache License 2.0.</p>
    </Modal>
  );
}
