/**
 * The renderer's side of the command registry (src/shared/commands.ts): what each command does
 * here, and the keyboard shortcuts of the web host (a browser has no native menus to carry them;
 * in Electron the application menu does, so they are not bound twice).
 */
import { useEffect, useRef } from 'react';
import {
  availabilityOf,
  commandById,
  commandForKeyStroke,
  type CommandId,
  type CommandInvocation,
  type KeyPlatform,
  type StudioState,
} from '@shared/commands.ts';
import type { Shell } from '@shared/ipc/contract.ts';

/** What a command does in the renderer; it gets the invocation (Open Recent's file). */
export type CommandHandler = (invocation: CommandInvocation) => void;

/**
 * The handlers of the renderer's commands. Parts of the UI register theirs (the Run panel its
 * Start and Cancel) while they are mounted.
 */
export class CommandRunner {
  readonly #handlers = new Map<CommandId, CommandHandler>();

  /** Sets the handler of `id`; returns the function that removes it again. */
  register(id: CommandId, handler: CommandHandler): () => void {
    this.#handlers.set(id, handler);
    return () => {
      if (this.#handlers.get(id) === handler) this.#handlers.delete(id);
    };
  }

  /**
   * Runs a command if it is available in `state`; otherwise returns why not (for the user).
   * Returns true when a handler ran.
   */
  run(invocation: CommandInvocation, state: StudioState, shell: Shell): true | string {
    const command = commandById(invocation.id);
    const availability = availabilityOf(command, state, shell);
    if (availability !== true) return availability;
    const handler = this.#handlers.get(invocation.id);
    if (!handler) return `${command.title ?? command.label} is not available here.`;
    handler(invocation);
    return true;
  }
}

/** macOS or not, for ⌘ versus Ctrl. */
export function detectKeyPlatform(): KeyPlatform {
  const navigatorWithData = navigator as Navigator & { userAgentData?: { platform?: string } };
  const platform = navigatorWithData.userAgentData?.platform ?? navigator.platform ?? '';
  return /mac|iphone|ipad/i.test(platform) ? 'mac' : 'other';
}

/** Commands whose keys a text field keeps for itself (undo typing, not the document). */
const TEXT_FIELD_COMMANDS: ReadonlySet<CommandId> = new Set([
  'edit.undo',
  'edit.redo',
  'edit.duplicate',
  'edit.rename',
]);

/**
 * Whether `element` is a text field of the page's own (an input, a text area, a select), where
 * undo and redo mean the field's text. Monaco's hidden text area is not one: the JSON editor's
 * undo is the document's.
 */
export function isPlainTextField(element: Element | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  if (element.closest('.monaco-editor')) return false;
  return (
    element.isContentEditable ||
    element.tagName === 'INPUT' ||
    element.tagName === 'TEXTAREA' ||
    element.tagName === 'SELECT'
  );
}

/**
 * Binds the registry's shortcuts to the window (the web host only): a keystroke that is a
 * command's accelerator runs it — or, when the command is not available now, says why — and the
 * browser does not get it. Keys of Electron roles (copy, zoom…) stay the browser's, and a text
 * field keeps undo, redo and the like for itself.
 */
export function useKeyboardShortcuts(
  enabled: boolean,
  platform: KeyPlatform,
  run: (invocation: CommandInvocation) => void,
): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const command = commandForKeyStroke(event, 'web', platform);
      if (!command) return;
      if (TEXT_FIELD_COMMANDS.has(command.id) && isPlainTextField(event.target as Element | null)) return;
      event.preventDefault();
      // A held key runs it once.
      if (!event.repeat) latest.current({ id: command.id });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled, platform]);
}
