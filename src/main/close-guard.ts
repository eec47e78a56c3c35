/**
 * Closing the desktop window with unsaved changes: the window's `close` is held back and the user
 * asked Save / Don't Save / Cancel (as every desktop editor does).
 * - Save: the renderer is asked to save (the document is its), and the window closes once the
 *   save went through; a cancelled or failed save keeps it open.
 * - Don't Save: this session's autosave is deleted (no restore offer next time), and it closes.
 * - Cancel: nothing happens.
 */

export type CloseChoice = 'save' | 'discard' | 'cancel';

export interface CloseGuardOptions {
  /** Whether the document has unsaved changes, and its name (from `studio.state`). */
  readonly unsavedDocument: () => string | null;
  /** Asks the user (a native message box). */
  readonly ask: (documentName: string) => Promise<CloseChoice>;
  /** Asks the renderer to save (`commands.invoke` file.save). */
  readonly requestSave: () => void;
  readonly discardAutosave: () => Promise<void>;
  /** Closes the window for good (the guard lets this close through). */
  readonly close: () => void;
  /** The user chose Cancel, or the save did not happen: a quit in progress should stop. */
  readonly onCloseCancelled?: () => void;
}

export interface CloseGuard {
  /** The window's `close` event: lets it through, or holds it back and deals with it. */
  handleClose(event: { preventDefault(): void }): void;
  /** A `documents.save`/`saveAs` ended (saved: it wrote the file). */
  saveFinished(saved: boolean): void;
}

export function createCloseGuard(options: CloseGuardOptions): CloseGuard {
  let allowed = false;
  let asking = false;
  let closeAfterSave = false;

  const closeNow = () => {
    allowed = true;
    options.close();
  };

  return {
    handleClose(event) {
      if (allowed) return;
      if (asking) {
        // The question is on screen already.
        event.preventDefault();
        return;
      }
      const name = options.unsavedDocument();
      if (name === null) return;
      event.preventDefault();
      asking = true;
      closeAfterSave = false;
      options
        .ask(name)
        .then(
          async (choice) => {
            if (choice === 'save') {
              closeAfterSave = true;
              options.requestSave();
            } else if (choice === 'discard') {
              await options.discardAutosave().catch((error: unknown) => {
                console.error('archsim: the autosave was not deleted', error);
              });
              closeNow();
            } else {
              options.onCloseCancelled?.();
            }
          },
          (error: unknown) => {
            console.error('archsim: the close prompt failed', error);
            options.onCloseCancelled?.();
          },
        )
        .finally(() => {
          asking = false;
        });
    },
    saveFinished(saved) {
      if (!closeAfterSave) return;
      closeAfterSave = false;
      if (saved) closeNow();
      else options.onCloseCancelled?.();
    },
  };
}
