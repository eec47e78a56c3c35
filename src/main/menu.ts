/**
 * The desktop's application menu, built from the command registry (src/shared/commands.ts): the
 * same ids, labels, accelerators and enabled/checked rules as the renderer's shortcuts and the
 * web host's menu bar. Pure: it returns Electron's menu template, so tests check it without
 * Electron; src/main/index.ts hands it to Menu.buildFromTemplate.
 */
import type { MenuItemConstructorOptions } from 'electron';
import {
  MENUS,
  acceleratorOf,
  availabilityOf,
  commandById,
  isOffered,
  type CommandId,
  type CommandInvocation,
  type MenuEntry,
  type StudioState,
} from '@shared/commands.ts';
import type { RecentFile } from '@shared/documents.ts';

export interface MenuContext {
  readonly state: StudioState;
  /** Open Recent's files, newest first. */
  readonly recentFiles: readonly RecentFile[];
  readonly platform: NodeJS.Platform;
  /**
   * Runs a command the menu does not leave to an Electron role: the main process sends the
   * renderer's commands to it as `commands.invoke` and runs its own (Clear Recently Opened).
   */
  readonly invoke: (invocation: CommandInvocation) => void;
}

/** The application menu's template. */
export function buildMenuTemplate(context: MenuContext): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin';
  const menus: MenuItemConstructorOptions[] = MENUS.map((menu) => ({
    // NOTE: "&" marks the access key (Alt+F) on Windows and Linux; macOS has none.
    label: mac ? menu.label : `&${menu.label}`,
    submenu: tidySeparators(
      menu.entries.flatMap((entry) => entryItems(entry, context)).filter((item) => item !== null),
    ),
  }));
  // macOS puts About, Hide and Quit in the application's own menu, first.
  return mac ? [{ role: 'appMenu' }, ...menus] : menus;
}

function entryItems(entry: MenuEntry, context: MenuContext): (MenuItemConstructorOptions | null)[] {
  if (entry === '-') return [{ type: 'separator' }];
  if (typeof entry === 'object') {
    return [
      { label: entry.submenu, submenu: entry.items.map((id) => commandItem(id, context)).filter(isItem) },
    ];
  }
  if (entry === 'file.openRecent') return [recentSubmenu(context)];
  // Quit is in the application menu on macOS.
  if (entry === 'file.quit' && context.platform === 'darwin') return [];
  return [commandItem(entry, context)];
}

function isItem(item: MenuItemConstructorOptions | null): item is MenuItemConstructorOptions {
  return item !== null;
}

/** One command as a menu item; null when the desktop does not offer it. */
export function commandItem(id: CommandId, context: MenuContext): MenuItemConstructorOptions | null {
  const command = commandById(id);
  if (!isOffered(command, 'electron')) return null;
  if (command.role) {
    // The role brings its platform's accelerator and does the work (undo in the focused field…).
    return { id, label: command.label, role: command.role };
  }
  const availability = availabilityOf(command, context.state, 'electron');
  const accelerator = acceleratorOf(command, 'electron');
  return {
    id,
    label: command.label,
    ...(accelerator === undefined ? {} : { accelerator }),
    enabled: availability === true,
    ...(availability === true ? {} : { toolTip: availability }),
    ...(command.type ? { type: command.type, checked: command.checked?.(context.state) ?? false } : {}),
    click: () => context.invoke({ id }),
  };
}

/** File > Open Recent: the files (by name, with the folder where two share a name), then Clear. */
function recentSubmenu(context: MenuContext): MenuItemConstructorOptions {
  const files = context.recentFiles;
  const names = new Map<string, number>();
  for (const file of files) names.set(file.name, (names.get(file.name) ?? 0) + 1);
  const fileItems: MenuItemConstructorOptions[] = files.map((file) => ({
    label: (names.get(file.name) ?? 0) > 1 ? `${file.name} — ${parentFolder(file.path)}` : file.name,
    toolTip: file.path,
    click: () => context.invoke({ id: 'file.openRecent', recentId: file.id }),
  }));
  const clear = commandItem('file.clearRecent', context);
  return {
    id: 'file.openRecent',
    label: commandById('file.openRecent').label,
    submenu: [
      ...(fileItems.length > 0 ? fileItems : [{ label: 'No Recent Files', enabled: false }]),
      { type: 'separator' },
      ...(clear ? [{ ...clear, enabled: fileItems.length > 0 }] : []),
    ],
  };
}

function parentFolder(file: string): string {
  const parts = file.split(/[/\\]/).filter(Boolean);
  return parts.length >= 2 ? parts[parts.length - 2]! : file;
}

/** No separator first, last, or next to another. */
function tidySeparators(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  const tidy: MenuItemConstructorOptions[] = [];
  for (const item of items) {
    const separator = item.type === 'separator';
    if (separator && (tidy.length === 0 || tidy.at(-1)?.type === 'separator')) continue;
    tidy.push(item);
  }
  while (tidy.at(-1)?.type === 'separator') tidy.pop();
  return tidy;
}
