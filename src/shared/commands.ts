/**
 * The studio's commands: one registry that the desktop menus (src/main/menu.ts), the renderer's
 * keyboard shortcuts and menu bar (the web host has no native menus) and a future command palette
 * all read (DESIGN.md §7).
 *
 * This module says what a command *is*: its id, label, accelerator, where it sits in the menus and
 * when it is enabled or checked. What it *does* is bound on each side: the renderer maps ids to
 * handlers (src/renderer/commands.ts), the main process sends the renderer's commands to it as a
 * `commands.invoke` event, runs its own few itself, and leaves the rest to Electron's roles.
 */
import { z } from 'zod';
import { recentIdSchema } from './documents.ts';
import type { Shell } from './shell.ts';

/** Every command id, in menu order. */
export const COMMAND_IDS = [
  'file.new',
  'file.open',
  'file.openRecent',
  'file.clearRecent',
  'file.save',
  'file.saveAs',
  'file.import',
  'file.export',
  'file.exportSvg',
  'file.exportPng',
  'file.exportValueChainSvg',
  'file.quit',
  'edit.undo',
  'edit.redo',
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.duplicate',
  'edit.delete',
  'edit.rename',
  'edit.selectAll',
  'canvas.autoLayout',
  'canvas.zoomToFit',
  'run.start',
  'run.cancel',
  'run.compare',
  'view.toggleExamples',
  'view.toggleEditor',
  'view.toggleInstances',
  'view.toggleEureka',
  'view.toggleValueChain',
  'valueChain.createVariant',
  'view.themeLight',
  'view.themeDark',
  'view.resetZoom',
  'view.zoomIn',
  'view.zoomOut',
  'view.toggleFullScreen',
  'help.shortcuts',
  'help.about',
] as const;
export type CommandId = (typeof COMMAND_IDS)[number];

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * What the renderer tells the main process about itself (`studio.state`), and what decides
 * whether a command is enabled or checked: the same function answers for the native menu, the
 * web host's menu bar and the keyboard shortcuts.
 */
export interface StudioState {
  /** The open document; null while none is (the studio is still loading). */
  readonly document: {
    /** What the title shows: the file's name, an example's file name, "Untitled". */
    readonly name: string;
    /** Changed since it was opened or last saved. */
    readonly dirty: boolean;
    /** Saved to (or opened from) a file that Save writes back to. */
    readonly hasFile: boolean;
    /**
     * The document set aside by Create variant, when it has unsaved changes (they are in `dirty`
     * too): closing names it, since Save saves only the open one.
     */
    readonly aside?: string;
  } | null;
  /** The document is valid and the run form complete. */
  readonly canStartRun: boolean;
  /** A run is queued or running. */
  readonly canCancelRun: boolean;
  /** What Undo and Redo would undo or redo ("Move db"); null when there is nothing. */
  readonly undo: string | null;
  readonly redo: string | null;
  /** The canvas can be edited (false while the text does not parse, or `editLocked`). */
  readonly canEdit: boolean;
  /**
   * Why nothing at all may be edited now, undo included (an earlier session's unsaved changes
   * wait for Restore or Discard); absent when edits are allowed.
   */
  readonly editLocked?: string;
  /** Services are selected on the canvas. */
  readonly hasSelection: boolean;
  readonly panels: {
    readonly examples: boolean;
    readonly editor: boolean;
    /** The canvas shows each service's instances by region and zone. */
    readonly instances: boolean;
    /** The canvas draws eureka, the service registry spigo adds. */
    readonly eureka: boolean;
    /** The canvas shows the value chain (evolution × visibility) instead of the topology. */
    readonly valueChain: boolean;
  };
  readonly theme: Theme;
}

/** What the main process assumes until the renderer has said otherwise. */
export const INITIAL_STUDIO_STATE: StudioState = Object.freeze({
  document: null,
  canStartRun: false,
  canCancelRun: false,
  undo: null,
  redo: null,
  canEdit: false,
  hasSelection: false,
  panels: Object.freeze({
    examples: true,
    editor: true,
    instances: false,
    eureka: false,
    valueChain: false,
  }),
  theme: 'light',
});

export const studioStateSchema = z.strictObject({
  document: z
    .strictObject({
      name: z.string().min(1).max(260),
      dirty: z.boolean(),
      hasFile: z.boolean(),
      aside: z.string().min(1).max(260).optional(),
    })
    .nullable(),
  canStartRun: z.boolean(),
  canCancelRun: z.boolean(),
  undo: z.string().max(200).nullable(),
  redo: z.string().max(200).nullable(),
  canEdit: z.boolean(),
  editLocked: z.string().min(1).max(400).optional(),
  hasSelection: z.boolean(),
  panels: z.strictObject({
    examples: z.boolean(),
    editor: z.boolean(),
    instances: z.boolean(),
    eureka: z.boolean(),
    valueChain: z.boolean(),
  }),
  theme: z.enum(THEMES),
}) satisfies z.ZodType<StudioState>;

/**
 * Where a command runs:
 * - `renderer`: the renderer's handler (the menu sends `commands.invoke`);
 * - `main`: the main process itself (a handler of src/main);
 * - `role`: an Electron menu role (undo, copy, zoom…); in a browser the browser does it.
 */
export type CommandTarget = 'renderer' | 'main' | 'role';

/** The Electron menu roles the registry uses (src/shared cannot import Electron's types). */
export type CommandRole =
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'quit';

/** One command of the registry. */
export interface CommandDefinition {
  readonly id: CommandId;
  /** The menu label (with "…" when it asks for more before acting). */
  readonly label: string;
  /** The label in a flat list (keyboard shortcuts, palette) when the menu label needs its menu. */
  readonly title?: string;
  /** The label in the web host's menu bar, where it differs (the browser uploads and downloads). */
  readonly webLabel?: string;
  readonly target: CommandTarget;
  readonly role?: CommandRole;
  /** Electron accelerator syntax ("CmdOrCtrl+Shift+S"). */
  readonly accelerator?: string;
  /**
   * Keys that do it but are not its accelerator (a menu accelerator would take them from every
   * text field): shown in Help, handled by the view that has them (the canvas's Delete).
   */
  readonly keysHint?: string;
  /**
   * The accelerator in a browser tab, where it differs. NOTE: browsers keep a few shortcuts for
   * themselves (Ctrl+N, Ctrl+T, Ctrl+W…) and never give them to a page.
   */
  readonly webAccelerator?: string;
  /** Checkbox and radio items show a check mark when `checked` says so. */
  readonly type?: 'checkbox' | 'radio';
  /** The shells that offer it (default both). */
  readonly shells?: readonly Shell[];
  /** true when it can run in `state`; otherwise why not (a tooltip). Default: always. */
  readonly availability?: (state: StudioState, shell: Shell) => true | string;
  readonly checked?: (state: StudioState) => boolean;
}

const whenDocument = (state: StudioState): true | string =>
  state.document === null ? 'No document is open.' : true;

const whenEditable = (state: StudioState): true | string =>
  state.document === null
    ? 'No document is open.'
    : state.editLocked !== undefined
      ? state.editLocked
      : state.canEdit
        ? true
        : 'The JSON does not parse: fix the text (or undo) to edit the diagram.';

const whenSelection = (state: StudioState): true | string => {
  const editable = whenEditable(state);
  if (editable !== true) return editable;
  return state.hasSelection ? true : 'Select services on the canvas first.';
};

/**
 * The registry. Accelerators follow each platform's habits where Electron's roles do not decide
 * them already.
 */
export const COMMANDS: readonly CommandDefinition[] = Object.freeze([
  {
    id: 'file.new',
    label: 'New',
    title: 'New document',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+N',
    webAccelerator: 'Alt+N',
  },
  {
    id: 'file.open',
    label: 'Open…',
    webLabel: 'Open… (upload)',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+O',
  },
  {
    id: 'file.openRecent',
    label: 'Open Recent',
    target: 'renderer',
    shells: ['electron'],
  },
  { id: 'file.clearRecent', label: 'Clear Recently Opened', target: 'main', shells: ['electron'] },
  {
    id: 'file.save',
    label: 'Save',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+S',
    availability: whenDocument,
  },
  {
    id: 'file.saveAs',
    label: 'Save As…',
    webLabel: 'Save As… (download)',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+Shift+S',
    availability: whenDocument,
  },
  {
    id: 'file.import',
    label: 'Import… (spigo, docker-compose, archsim SVG, OWM map)',
    title: 'Import',
    webLabel: 'Import… (upload: spigo, docker-compose, archsim SVG, OWM map)',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+I',
  },
  {
    id: 'file.export',
    label: 'Export as JSON…',
    webLabel: 'Export as JSON (download)',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+E',
    availability: whenDocument,
  },
  {
    id: 'file.exportSvg',
    label: 'Export Diagram as SVG…',
    webLabel: 'Export Diagram as SVG (download)',
    target: 'renderer',
    availability: whenDocument,
  },
  {
    id: 'file.exportPng',
    label: 'Export Diagram as PNG…',
    webLabel: 'Export Diagram as PNG (download)',
    target: 'renderer',
    availability: whenDocument,
  },
  {
    id: 'file.exportValueChainSvg',
    label: 'Export Value Chain as SVG…',
    webLabel: 'Export Value Chain as SVG (download)',
    target: 'renderer',
    availability: whenDocument,
  },
  { id: 'file.quit', label: 'Quit', target: 'role', role: 'quit', shells: ['electron'] },
  {
    id: 'edit.undo',
    label: 'Undo',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+Z',
    availability: (state) => state.editLocked ?? (state.undo === null ? 'Nothing to undo.' : true),
  },
  {
    id: 'edit.redo',
    label: 'Redo',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+Shift+Z',
    availability: (state) => state.editLocked ?? (state.redo === null ? 'Nothing to redo.' : true),
  },
  { id: 'edit.cut', label: 'Cut', target: 'role', role: 'cut', accelerator: 'CmdOrCtrl+X' },
  { id: 'edit.copy', label: 'Copy', target: 'role', role: 'copy', accelerator: 'CmdOrCtrl+C' },
  { id: 'edit.paste', label: 'Paste', target: 'role', role: 'paste', accelerator: 'CmdOrCtrl+V' },
  {
    id: 'edit.duplicate',
    label: 'Duplicate',
    title: 'Duplicate the selected services',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+D',
    availability: whenSelection,
  },
  {
    id: 'edit.delete',
    label: 'Delete',
    title: 'Delete the selected services and dependencies',
    target: 'renderer',
    keysHint: 'Delete, Backspace',
    availability: whenSelection,
  },
  {
    id: 'edit.rename',
    label: 'Rename Service',
    target: 'renderer',
    accelerator: 'F2',
    availability: whenSelection,
  },
  {
    id: 'edit.selectAll',
    label: 'Select All',
    target: 'role',
    role: 'selectAll',
    accelerator: 'CmdOrCtrl+A',
  },
  {
    id: 'canvas.autoLayout',
    label: 'Auto Layout',
    title: 'Lay the diagram out again',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+Shift+L',
    availability: whenEditable,
  },
  {
    id: 'canvas.zoomToFit',
    label: 'Zoom to Fit',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+Shift+F',
    availability: whenDocument,
  },
  {
    id: 'run.start',
    label: 'Start Run',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+Enter',
    availability: (state) =>
      state.canStartRun ? true : 'The document has errors or the run settings are incomplete.',
  },
  {
    id: 'run.cancel',
    label: 'Cancel Run',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+.',
    availability: (state) => (state.canCancelRun ? true : 'No run is queued or running.'),
  },
  {
    id: 'run.compare',
    label: 'Compare Runs… (not available yet)',
    target: 'renderer',
    availability: () =>
      'The compare view is not built yet; use `archsim compare ID ID…` on the command line meanwhile.',
  },
  {
    id: 'view.toggleExamples',
    label: 'Sidebar (Palette, Examples)',
    target: 'renderer',
    type: 'checkbox',
    accelerator: 'CmdOrCtrl+B',
    checked: (state) => state.panels.examples,
  },
  {
    id: 'view.toggleEditor',
    label: 'JSON Editor Panel',
    target: 'renderer',
    type: 'checkbox',
    accelerator: 'CmdOrCtrl+Shift+E',
    checked: (state) => state.panels.editor,
  },
  {
    id: 'view.toggleInstances',
    label: 'Instance View',
    title: 'Show each service’s instances by region and zone',
    target: 'renderer',
    type: 'checkbox',
    accelerator: 'CmdOrCtrl+Alt+I',
    checked: (state) => state.panels.instances,
  },
  {
    id: 'view.toggleEureka',
    label: 'Show eureka',
    title: 'Draw eureka, the service registry',
    target: 'renderer',
    type: 'checkbox',
    checked: (state) => state.panels.eureka,
  },
  {
    id: 'view.toggleValueChain',
    label: 'Value Chain',
    title: 'Show the services as a Wardley value chain: evolution across, visibility down',
    target: 'renderer',
    type: 'checkbox',
    accelerator: 'CmdOrCtrl+Alt+W',
    checked: (state) => state.panels.valueChain,
  },
  {
    id: 'valueChain.createVariant',
    label: 'Create Variant',
    title: 'Open a copy of the document with every evolve arrow applied, to run and compare',
    target: 'renderer',
    availability: whenEditable,
  },
  {
    id: 'view.themeLight',
    label: 'Light',
    title: 'Light theme',
    target: 'renderer',
    type: 'radio',
    checked: (state) => state.theme === 'light',
  },
  {
    id: 'view.themeDark',
    label: 'Dark',
    title: 'Dark theme',
    target: 'renderer',
    type: 'radio',
    checked: (state) => state.theme === 'dark',
  },
  {
    id: 'view.resetZoom',
    label: 'Actual Size',
    target: 'role',
    role: 'resetZoom',
    accelerator: 'CmdOrCtrl+0',
    shells: ['electron'],
  },
  {
    id: 'view.zoomIn',
    label: 'Zoom In',
    target: 'role',
    role: 'zoomIn',
    accelerator: 'CmdOrCtrl+Plus',
    shells: ['electron'],
  },
  {
    id: 'view.zoomOut',
    label: 'Zoom Out',
    target: 'role',
    role: 'zoomOut',
    accelerator: 'CmdOrCtrl+-',
    shells: ['electron'],
  },
  {
    id: 'view.toggleFullScreen',
    label: 'Toggle Full Screen',
    target: 'role',
    role: 'togglefullscreen',
    shells: ['electron'],
  },
  {
    id: 'help.shortcuts',
    label: 'Keyboard Shortcuts',
    target: 'renderer',
    accelerator: 'CmdOrCtrl+/',
  },
  { id: 'help.about', label: 'About archsim', target: 'renderer' },
] satisfies CommandDefinition[]);

const byId = new Map(COMMANDS.map((command) => [command.id, command]));

/** The command with this id (every CommandId has one; a test checks). */
export function commandById(id: CommandId): CommandDefinition {
  const command = byId.get(id);
  if (!command) throw new Error(`no command ${id}`);
  return command;
}

/** A separator, a command, or a submenu: a named group of commands (the theme). */
export type MenuEntry = '-' | CommandId | { readonly submenu: string; readonly items: readonly CommandId[] };

export interface MenuDefinition {
  readonly id: 'file' | 'edit' | 'diagram' | 'run' | 'view' | 'help';
  readonly label: string;
  readonly entries: readonly MenuEntry[];
}

/**
 * The menus and their order. `file.openRecent` is a submenu of the recent files (it ends with
 * `file.clearRecent`); the desktop builds it from the recent-files list.
 */
export const MENUS: readonly MenuDefinition[] = Object.freeze([
  {
    id: 'file',
    label: 'File',
    entries: [
      'file.new',
      'file.open',
      'file.openRecent',
      '-',
      'file.save',
      'file.saveAs',
      '-',
      'file.import',
      'file.export',
      'file.exportSvg',
      'file.exportPng',
      'file.exportValueChainSvg',
      '-',
      'file.quit',
    ],
  },
  {
    id: 'edit',
    label: 'Edit',
    entries: [
      'edit.undo',
      'edit.redo',
      '-',
      'edit.cut',
      'edit.copy',
      'edit.paste',
      'edit.duplicate',
      'edit.delete',
      '-',
      'edit.rename',
      '-',
      'edit.selectAll',
    ],
  },
  {
    id: 'diagram',
    label: 'Diagram',
    entries: [
      'canvas.autoLayout',
      'canvas.zoomToFit',
      '-',
      'view.toggleInstances',
      'view.toggleEureka',
      '-',
      'view.toggleValueChain',
      'valueChain.createVariant',
    ],
  },
  { id: 'run', label: 'Run', entries: ['run.start', 'run.cancel', '-', 'run.compare'] },
  {
    id: 'view',
    label: 'View',
    entries: [
      'view.toggleExamples',
      'view.toggleEditor',
      '-',
      { submenu: 'Theme', items: ['view.themeLight', 'view.themeDark'] },
      '-',
      'view.resetZoom',
      'view.zoomIn',
      'view.zoomOut',
      '-',
      'view.toggleFullScreen',
    ],
  },
  { id: 'help', label: 'Help', entries: ['help.shortcuts', '-', 'help.about'] },
] satisfies MenuDefinition[]);

/** Whether `shell` offers the command. */
export function isOffered(command: CommandDefinition, shell: Shell): boolean {
  return command.shells === undefined || command.shells.includes(shell);
}

/** true when the command can run now, else why not. */
export function availabilityOf(command: CommandDefinition, state: StudioState, shell: Shell): true | string {
  if (!isOffered(command, shell))
    return `Not available in the ${shell === 'web' ? 'web host' : 'desktop app'}.`;
  return command.availability?.(state, shell) ?? true;
}

/** The accelerator a shell uses for the command. */
export function acceleratorOf(command: CommandDefinition, shell: Shell): string | undefined {
  return shell === 'web' ? (command.webAccelerator ?? command.accelerator) : command.accelerator;
}

/**
 * A command as the main process sends it to the renderer: which command, and for
 * `file.openRecent` which recent file (an id from `documents.recent`, never a path).
 */
export interface CommandInvocation {
  readonly id: CommandId;
  readonly recentId?: string;
}

export const commandInvocationSchema = z
  .strictObject({
    id: z.enum(COMMAND_IDS),
    recentId: recentIdSchema.optional(),
  })
  .refine((invocation) => (invocation.id === 'file.openRecent') === (invocation.recentId !== undefined), {
    message: 'recentId goes with file.openRecent, and only with it',
  }) satisfies z.ZodType<CommandInvocation>;

// Keyboard shortcuts ---------------------------------------------------------------------------

/** The platforms whose modifier keys differ: macOS (⌘) and the rest (Ctrl). */
export type KeyPlatform = 'mac' | 'other';

/** What a shortcut needs of a keyboard event (the DOM's KeyboardEvent has all of it). */
export interface KeyStroke {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

/** An accelerator taken apart: the modifiers it needs and its key in canonical form. */
export interface ParsedAccelerator {
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
  /** Upper-case letter or digit, "F5", "ENTER", "ESCAPE", "+", ".", "/"… */
  readonly key: string;
}

const KEY_ALIASES: Readonly<Record<string, string>> = {
  PLUS: '+',
  RETURN: 'ENTER',
  ESC: 'ESCAPE',
  SPACE: ' ',
  UP: 'ARROWUP',
  DOWN: 'ARROWDOWN',
  LEFT: 'ARROWLEFT',
  RIGHT: 'ARROWRIGHT',
};

/** Canonical key name of an accelerator key or a DOM `key`. */
function canonicalKey(name: string): string {
  const upper = name.toUpperCase();
  return KEY_ALIASES[upper] ?? upper;
}

/** Parses Electron accelerator syntax for `platform`; throws on a modifier it does not know. */
export function parseAccelerator(accelerator: string, platform: KeyPlatform): ParsedAccelerator {
  // "CmdOrCtrl+Plus" and "CmdOrCtrl+-": split on the "+" between parts only.
  const parts = accelerator.split(/\+(?=.)/);
  const key = parts.pop();
  if (key === undefined || key === '') throw new Error(`accelerator without a key: ${accelerator}`);
  const parsed = { ctrl: false, meta: false, alt: false, shift: false, key: canonicalKey(key) };
  for (const modifier of parts) {
    switch (modifier.toLowerCase()) {
      case 'commandorcontrol':
      case 'cmdorctrl':
        if (platform === 'mac') parsed.meta = true;
        else parsed.ctrl = true;
        break;
      case 'command':
      case 'cmd':
      case 'super':
      case 'meta':
        parsed.meta = true;
        break;
      case 'control':
      case 'ctrl':
        parsed.ctrl = true;
        break;
      case 'alt':
      case 'option':
        parsed.alt = true;
        break;
      case 'shift':
        parsed.shift = true;
        break;
      default:
        throw new Error(`unknown modifier ${modifier} in ${accelerator}`);
    }
  }
  return parsed;
}

const CODE_KEYS: Readonly<Record<string, string>> = {
  Period: '.',
  Comma: ',',
  Slash: '/',
  Backslash: '\\',
  Minus: '-',
  Equal: '=',
  Semicolon: ';',
  Quote: "'",
  BracketLeft: '[',
  BracketRight: ']',
  Backquote: '`',
  NumpadAdd: '+',
  NumpadSubtract: '-',
  NumpadEnter: 'ENTER',
};

/**
 * The names a keystroke's key goes by: what it typed (`key`) and, so that Shift or Option or a
 * non-Latin layout does not hide it, the key's place on the keyboard (`code`).
 */
function strokeKeys(stroke: KeyStroke): string[] {
  const names = [canonicalKey(stroke.key)];
  const letter = /^Key([A-Z])$/.exec(stroke.code);
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(stroke.code);
  if (letter?.[1]) names.push(letter[1]);
  else if (digit?.[1]) names.push(digit[1]);
  else if (CODE_KEYS[stroke.code]) names.push(CODE_KEYS[stroke.code]!);
  return names;
}

/** Whether the keystroke is the accelerator: the same key and exactly its modifiers. */
export function matchesAccelerator(accelerator: string, stroke: KeyStroke, platform: KeyPlatform): boolean {
  const wanted = parseAccelerator(accelerator, platform);
  if (
    wanted.ctrl !== stroke.ctrlKey ||
    wanted.meta !== stroke.metaKey ||
    wanted.alt !== stroke.altKey ||
    // "Plus" is Shift+= on many layouts: let Shift through when the accelerator's key is "+".
    (wanted.shift !== stroke.shiftKey && !(wanted.key === '+' && stroke.key === '+'))
  ) {
    return false;
  }
  return strokeKeys(stroke).includes(wanted.key);
}

/**
 * The command a keystroke asks for in `shell`, if any: only commands the renderer runs (roles
 * are the browser's own: undo, copy, zoom…), offered by the shell, with an accelerator.
 * Disabled commands are returned too, so the caller can swallow the key and say why.
 */
export function commandForKeyStroke(
  stroke: KeyStroke,
  shell: Shell,
  platform: KeyPlatform,
): CommandDefinition | undefined {
  return COMMANDS.find((command) => {
    if (command.target !== 'renderer' || !isOffered(command, shell)) return false;
    const accelerator = acceleratorOf(command, shell);
    return accelerator !== undefined && matchesAccelerator(accelerator, stroke, platform);
  });
}

const MAC_SYMBOLS = { ctrl: '⌃', alt: '⌥', shift: '⇧', meta: '⌘' } as const;
const KEY_LABELS: Readonly<Record<string, string>> = {
  ENTER: 'Enter',
  ESCAPE: 'Esc',
  ' ': 'Space',
  ARROWUP: '↑',
  ARROWDOWN: '↓',
  ARROWLEFT: '←',
  ARROWRIGHT: '→',
};

/** How an accelerator is written for people: "Ctrl+Shift+S" or, on a Mac, "⇧⌘S". */
export function formatAccelerator(accelerator: string, platform: KeyPlatform): string {
  const parsed = parseAccelerator(accelerator, platform);
  const key = KEY_LABELS[parsed.key] ?? (parsed.key.length > 1 ? capitalise(parsed.key) : parsed.key);
  if (platform === 'mac') {
    return (
      (parsed.ctrl ? MAC_SYMBOLS.ctrl : '') +
      (parsed.alt ? MAC_SYMBOLS.alt : '') +
      (parsed.shift ? MAC_SYMBOLS.shift : '') +
      (parsed.meta ? MAC_SYMBOLS.meta : '') +
      key
    );
  }
  const parts: string[] = [];
  if (parsed.ctrl) parts.push('Ctrl');
  if (parsed.meta) parts.push('Super');
  if (parsed.alt) parts.push('Alt');
  if (parsed.shift) parts.push('Shift');
  parts.push(key);
  return parts.join('+');
}

function capitalise(word: string): string {
  return word.charAt(0) + word.slice(1).toLowerCase();
}
