/**
 * One command registry, three readers: the desktop's menu template (src/main/menu.ts), the web
 * host's menu bar (src/renderer/MenuBar.tsx) and the keyboard shortcuts (src/shared/commands.ts).
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  COMMANDS,
  COMMAND_IDS,
  INITIAL_STUDIO_STATE,
  MENUS,
  commandById,
  commandForKeyStroke,
  formatAccelerator,
  matchesAccelerator,
  parseAccelerator,
  type CommandInvocation,
  type KeyStroke,
  type StudioState,
} from '@shared/commands.ts';
import { buildMenuTemplate, type MenuContext } from '@main/menu.ts';
import { webMenuRows } from '@renderer/MenuBar.tsx';
import type { RecentFile } from '@shared/documents.ts';

const state: StudioState = {
  document: { name: 'lamp.json', dirty: true, hasFile: true },
  canStartRun: true,
  canCancelRun: false,
  undo: 'Move db',
  redo: null,
  canEdit: true,
  hasSelection: true,
  panels: { examples: true, editor: false, instances: false, eureka: false, valueChain: false },
  theme: 'dark',
};

function context(overrides: Partial<MenuContext> = {}): MenuContext & { invoked: CommandInvocation[] } {
  const invoked: CommandInvocation[] = [];
  return {
    state,
    recentFiles: [],
    platform: 'linux',
    invoke: (invocation) => invoked.push(invocation),
    invoked,
    ...overrides,
  };
}

type Item = MenuItemConstructorOptions;

function submenu(item: Item | undefined): Item[] {
  return (item?.submenu ?? []) as Item[];
}

/** The menu as text: "label [accelerator]" per item, "---" for separators, nested lists for submenus. */
function outline(items: Item[]): unknown[] {
  return items.map((item) => {
    if (item.type === 'separator') return '---';
    const text = [
      item.label ?? `(${item.role})`,
      item.accelerator ? `[${item.accelerator}]` : '',
      item.enabled === false ? '(disabled)' : '',
      item.checked ? '(checked)' : '',
    ]
      .filter(Boolean)
      .join(' ');
    return item.submenu ? { [text]: outline(submenu(item)) } : text;
  });
}

function stroke(key: string, code: string, modifiers: Partial<KeyStroke> = {}): KeyStroke {
  return { key, code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...modifiers };
}

describe('the command registry', () => {
  it('has one command per id, each placed in a menu once (Clear Recently Opened in Open Recent)', () => {
    expect(COMMANDS.map((command) => command.id)).toEqual([...COMMAND_IDS]);
    const placed = MENUS.flatMap((menu) =>
      menu.entries.flatMap((entry) =>
        entry === '-' ? [] : typeof entry === 'object' ? entry.items : [entry],
      ),
    );
    expect(new Set(placed).size).toBe(placed.length);
    expect([...placed, 'file.clearRecent'].sort()).toEqual([...COMMAND_IDS].sort());
    for (const id of COMMAND_IDS) expect(commandById(id).id).toBe(id);
  });

  it('gives no two commands of a shell the same keys', () => {
    for (const shell of ['electron', 'web'] as const) {
      for (const platform of ['mac', 'other'] as const) {
        const seen = new Map<string, string>();
        for (const command of COMMANDS) {
          if (command.shells && !command.shells.includes(shell)) continue;
          const accelerator =
            shell === 'web' ? (command.webAccelerator ?? command.accelerator) : command.accelerator;
          if (accelerator === undefined) continue;
          const key = JSON.stringify(parseAccelerator(accelerator, platform));
          expect(seen.get(key), `${command.id} and ${seen.get(key)} (${shell}, ${platform})`).toBeUndefined();
          seen.set(key, command.id);
        }
      }
    }
  });

  it('has every menu the issue asks for', () => {
    expect(MENUS.map((menu) => menu.label)).toEqual(['File', 'Edit', 'Diagram', 'Run', 'View', 'Help']);
  });
});

describe('the desktop menu template', () => {
  it('lays out every menu with its accelerators, enabled and checked states (Linux and Windows)', () => {
    expect(outline(buildMenuTemplate(context()))).toEqual([
      {
        '&File': [
          'New [CmdOrCtrl+N]',
          'Open… [CmdOrCtrl+O]',
          { 'Open Recent': ['No Recent Files (disabled)', '---', 'Clear Recently Opened (disabled)'] },
          '---',
          'Save [CmdOrCtrl+S]',
          'Save As… [CmdOrCtrl+Shift+S]',
          '---',
          'Import… (spigo, docker-compose, archsim SVG, OWM map) [CmdOrCtrl+I]',
          'Export as JSON… [CmdOrCtrl+E]',
          'Export Diagram as SVG…',
          'Export Diagram as PNG…',
          'Export Value Chain as SVG…',
          '---',
          'Quit',
        ],
      },
      {
        '&Edit': [
          'Undo [CmdOrCtrl+Z]',
          'Redo [CmdOrCtrl+Shift+Z] (disabled)',
          '---',
          'Cut',
          'Copy',
          'Paste',
          'Duplicate [CmdOrCtrl+D]',
          'Delete',
          '---',
          'Rename Service [F2]',
          '---',
          'Select All',
        ],
      },
      {
        '&Diagram': [
          'Auto Layout [CmdOrCtrl+Shift+L]',
          'Zoom to Fit [CmdOrCtrl+Shift+F]',
          '---',
          'Instance View [CmdOrCtrl+Alt+I]',
          'Show eureka',
          '---',
          'Value Chain [CmdOrCtrl+Alt+W]',
          'Create Variant',
        ],
      },
      {
        '&Run': [
          'Start Run [CmdOrCtrl+Enter]',
          'Cancel Run [CmdOrCtrl+.] (disabled)',
          '---',
          'Compare Runs… (not available yet) (disabled)',
        ],
      },
      {
        '&View': [
          'Sidebar (Palette, Examples) [CmdOrCtrl+B] (checked)',
          'JSON Editor Panel [CmdOrCtrl+Shift+E]',
          '---',
          { Theme: ['Light', 'Dark (checked)'] },
          '---',
          'Actual Size',
          'Zoom In',
          'Zoom Out',
          '---',
          'Toggle Full Screen',
        ],
      },
      { '&Help': ['Keyboard Shortcuts [CmdOrCtrl+/]', '---', 'About archsim'] },
    ]);
  });

  it('leaves the clipboard, zoom, full screen and Quit to Electron roles (undo is the document’s)', () => {
    const template = buildMenuTemplate(context());
    const roles = template.flatMap((menu) => submenu(menu)).flatMap((item) => (item.role ? [item.role] : []));
    expect(roles).toEqual([
      'quit',
      'cut',
      'copy',
      'paste',
      'selectAll',
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
    ]);
  });

  it('puts the application menu first on macOS, with Quit in it', () => {
    const template = buildMenuTemplate(context({ platform: 'darwin' }));
    expect(template[0]).toEqual({ role: 'appMenu' });
    expect(template[1]?.label).toBe('File');
    expect(submenu(template[1]).some((item) => item.role === 'quit')).toBe(false);
  });

  it('sends the renderer its commands, and says why a disabled one is', () => {
    const menu = context();
    const template = buildMenuTemplate(menu);
    const find = (id: string) =>
      template
        .flatMap((top) => submenu(top))
        .flatMap((item) => [item, ...submenu(item)])
        .find((item) => item.id === id);
    const click = (id: string) => (find(id)?.click as unknown as () => void)();
    click('file.save');
    click('view.themeLight');
    expect(menu.invoked).toEqual([{ id: 'file.save' }, { id: 'view.themeLight' }]);
    expect(find('run.cancel')).toMatchObject({ enabled: false, toolTip: 'No run is queued or running.' });
    expect(find('run.compare')?.toolTip).toMatch(/archsim compare/);
    expect(find('edit.redo')).toMatchObject({ enabled: false, toolTip: 'Nothing to redo.' });
  });

  it('follows the state: nothing to save before a document is open', () => {
    const template = buildMenuTemplate(context({ state: INITIAL_STUDIO_STATE }));
    const file = submenu(template[0]);
    expect(file.find((item) => item.id === 'file.save')?.enabled).toBe(false);
    expect(file.find((item) => item.id === 'run.start')).toBeUndefined();
    const run = submenu(template[3]);
    expect(run.find((item) => item.id === 'run.start')?.enabled).toBe(false);
  });

  it('lists Open Recent, telling files of the same name apart by folder', () => {
    const recentFiles: RecentFile[] = [
      { id: '0000000000000001', name: 'lamp.json', path: '/home/a/work/lamp.json', openedAt: 3 },
      { id: '0000000000000002', name: 'lamp.json', path: '/home/a/old/lamp.json', openedAt: 2 },
      { id: '0000000000000003', name: 'riak.json', path: '/home/a/riak.json', openedAt: 1 },
    ];
    const menu = context({ recentFiles });
    const recent = submenu(submenu(buildMenuTemplate(menu)[0]).find((item) => item.id === 'file.openRecent'));
    expect(outline(recent)).toEqual([
      'lamp.json — work',
      'lamp.json — old',
      'riak.json',
      '---',
      'Clear Recently Opened',
    ]);
    expect(recent[2]?.toolTip).toBe('/home/a/riak.json');
    (recent[1]?.click as unknown as () => void)();
    (recent[4]?.click as unknown as () => void)();
    expect(menu.invoked).toEqual([
      { id: 'file.openRecent', recentId: '0000000000000002' },
      { id: 'file.clearRecent' },
    ]);
  });
});

describe('the web host menu bar', () => {
  it('shows the renderer’s commands only: no roles, no Open Recent', () => {
    const rows = Object.fromEntries(
      MENUS.map((menu) => [
        menu.label,
        webMenuRows(menu).map((row) =>
          row.kind === 'command' ? row.id : row.kind === 'heading' ? `# ${row.label}` : '---',
        ),
      ]),
    );
    expect(rows).toEqual({
      File: [
        'file.new',
        'file.open',
        '---',
        'file.save',
        'file.saveAs',
        '---',
        'file.import',
        'file.export',
        'file.exportSvg',
        'file.exportPng',
        'file.exportValueChainSvg',
      ],
      Edit: ['edit.undo', 'edit.redo', '---', 'edit.duplicate', 'edit.delete', '---', 'edit.rename'],
      Diagram: [
        'canvas.autoLayout',
        'canvas.zoomToFit',
        '---',
        'view.toggleInstances',
        'view.toggleEureka',
        '---',
        'view.toggleValueChain',
        'valueChain.createVariant',
      ],
      Run: ['run.start', 'run.cancel', '---', 'run.compare'],
      View: [
        'view.toggleExamples',
        'view.toggleEditor',
        '---',
        '# Theme',
        'view.themeLight',
        'view.themeDark',
      ],
      Help: ['help.shortcuts', '---', 'help.about'],
    });
  });
});

describe('keyboard shortcuts', () => {
  it('parse Electron accelerators for each platform', () => {
    expect(parseAccelerator('CmdOrCtrl+Shift+S', 'other')).toEqual({
      ctrl: true,
      meta: false,
      alt: false,
      shift: true,
      key: 'S',
    });
    expect(parseAccelerator('CmdOrCtrl+Shift+S', 'mac')).toEqual({
      ctrl: false,
      meta: true,
      alt: false,
      shift: true,
      key: 'S',
    });
    expect(parseAccelerator('CmdOrCtrl+Plus', 'other').key).toBe('+');
    expect(parseAccelerator('CmdOrCtrl+-', 'other').key).toBe('-');
    expect(parseAccelerator('Alt+Return', 'other')).toMatchObject({ alt: true, key: 'ENTER' });
    expect(() => parseAccelerator('Hyper+S', 'other')).toThrow(/unknown modifier/);
  });

  it('map keystrokes to the registry’s commands in the web host', () => {
    const ctrl = { ctrlKey: true };
    const cases: [KeyStroke, string | undefined][] = [
      [stroke('s', 'KeyS', ctrl), 'file.save'],
      [stroke('S', 'KeyS', { ...ctrl, shiftKey: true }), 'file.saveAs'],
      [stroke('o', 'KeyO', ctrl), 'file.open'],
      [stroke('i', 'KeyI', ctrl), 'file.import'],
      [stroke('e', 'KeyE', ctrl), 'file.export'],
      [stroke('E', 'KeyE', { ...ctrl, shiftKey: true }), 'view.toggleEditor'],
      [stroke('b', 'KeyB', ctrl), 'view.toggleExamples'],
      [stroke('Enter', 'Enter', ctrl), 'run.start'],
      [stroke('Enter', 'NumpadEnter', ctrl), 'run.start'],
      [stroke('.', 'Period', ctrl), 'run.cancel'],
      [stroke('/', 'Slash', ctrl), 'help.shortcuts'],
      // The browser keeps Ctrl+N; New is Alt+N in a tab.
      [stroke('n', 'KeyN', { altKey: true }), 'file.new'],
      [stroke('n', 'KeyN', ctrl), undefined],
      // Not the exact modifiers: not the command.
      [stroke('s', 'KeyS', { ...ctrl, altKey: true }), undefined],
      [stroke('s', 'KeyS'), undefined],
      [stroke('s', 'KeyS', { metaKey: true }), undefined],
      // Undo is the document's; the clipboard and zoom stay the browser's own.
      [stroke('z', 'KeyZ', ctrl), 'edit.undo'],
      [stroke('Z', 'KeyZ', { ...ctrl, shiftKey: true }), 'edit.redo'],
      [stroke('d', 'KeyD', ctrl), 'edit.duplicate'],
      [stroke('F2', 'F2'), 'edit.rename'],
      [stroke('L', 'KeyL', { ...ctrl, shiftKey: true }), 'canvas.autoLayout'],
      [stroke('c', 'KeyC', ctrl), undefined],
      [stroke('0', 'Digit0', ctrl), undefined],
    ];
    for (const [keystroke, expected] of cases) {
      expect(commandForKeyStroke(keystroke, 'web', 'other')?.id, JSON.stringify(keystroke)).toBe(expected);
    }
  });

  it('use ⌘ on a Mac', () => {
    expect(commandForKeyStroke(stroke('s', 'KeyS', { metaKey: true }), 'web', 'mac')?.id).toBe('file.save');
    expect(commandForKeyStroke(stroke('s', 'KeyS', { ctrlKey: true }), 'web', 'mac')).toBeUndefined();
    // Option changes the character typed; the key's place still counts.
    expect(commandForKeyStroke(stroke('˙', 'KeyN', { altKey: true }), 'web', 'mac')?.id).toBe('file.new');
  });

  it('find the key on other layouts by its place, or by its character', () => {
    // A Russian layout types "ы" on the S key.
    expect(commandForKeyStroke(stroke('ы', 'KeyS', { ctrlKey: true }), 'web', 'other')?.id).toBe('file.save');
    // Shift+/ types "?"; its place is still the slash.
    expect(
      matchesAccelerator(
        'CmdOrCtrl+Shift+/',
        stroke('?', 'Slash', { ctrlKey: true, shiftKey: true }),
        'other',
      ),
    ).toBe(true);
    // "+" is Shift+= on many keyboards.
    expect(
      matchesAccelerator('CmdOrCtrl+Plus', stroke('+', 'Equal', { ctrlKey: true, shiftKey: true }), 'other'),
    ).toBe(true);
  });

  it('bind Ctrl+N in the desktop app (its menu carries it)', () => {
    expect(commandForKeyStroke(stroke('n', 'KeyN', { ctrlKey: true }), 'electron', 'other')?.id).toBe(
      'file.new',
    );
    // Open Recent has no keys and is the desktop's.
    expect(commandForKeyStroke(stroke('r', 'KeyR', { ctrlKey: true }), 'electron', 'other')).toBeUndefined();
  });

  it('are written the platform’s way', () => {
    expect(formatAccelerator('CmdOrCtrl+Shift+S', 'other')).toBe('Ctrl+Shift+S');
    expect(formatAccelerator('CmdOrCtrl+Shift+S', 'mac')).toBe('⇧⌘S');
    expect(formatAccelerator('CmdOrCtrl+Enter', 'other')).toBe('Ctrl+Enter');
    expect(formatAccelerator('Alt+N', 'mac')).toBe('⌥N');
    expect(formatAccelerator('CmdOrCtrl+.', 'other')).toBe('Ctrl+.');
  });

  it('run through the renderer’s command runner only when available', async () => {
    const { CommandRunner } = await import('@renderer/commands.ts');
    const runner = new CommandRunner();
    const save = vi.fn();
    const stop = runner.register('file.save', save);
    expect(runner.run({ id: 'file.save' }, state, 'web')).toBe(true);
    expect(save).toHaveBeenCalledWith({ id: 'file.save' });
    expect(runner.run({ id: 'file.save' }, INITIAL_STUDIO_STATE, 'web')).toBe('No document is open.');
    expect(runner.run({ id: 'run.cancel' }, state, 'web')).toBe('No run is queued or running.');
    expect(runner.run({ id: 'file.openRecent', recentId: '0123456789abcdef' }, state, 'web')).toBe(
      'Not available in the web host.',
    );
    stop();
    expect(runner.run({ id: 'file.save' }, state, 'web')).toBe('Save is not available here.');
    expect(save).toHaveBeenCalledTimes(1);
  });
});
