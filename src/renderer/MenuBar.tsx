/**
 * The web host's menu bar: the desktop's menus (File, Run, View, Help) drawn in the page, from the
 * same registry, with the same labels, shortcuts and enabled/checked rules. Items the browser
 * does itself (Edit's undo and copy, zoom) are left to it; so is Open Recent (the web host opens
 * only files given on its command line, or uploaded).
 */
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import {
  MENUS,
  acceleratorOf,
  availabilityOf,
  commandById,
  formatAccelerator,
  isOffered,
  type CommandId,
  type KeyPlatform,
  type MenuDefinition,
  type StudioState,
} from '@shared/commands.ts';

export interface MenuBarProps {
  readonly state: StudioState;
  readonly platform: KeyPlatform;
  readonly onCommand: (id: CommandId) => void;
}

type Row =
  | { readonly kind: 'separator' }
  | { readonly kind: 'heading'; readonly label: string }
  | { readonly kind: 'command'; readonly id: CommandId };

/** The rows of one menu in the web host, with tidy separators. */
export function webMenuRows(menu: MenuDefinition): Row[] {
  const rows: Row[] = [];
  const offered = (id: CommandId) => {
    const command = commandById(id);
    return command.target === 'renderer' && isOffered(command, 'web');
  };
  for (const entry of menu.entries) {
    if (entry === '-') {
      if (rows.length > 0 && rows.at(-1)?.kind !== 'separator') rows.push({ kind: 'separator' });
    } else if (typeof entry === 'object') {
      const items = entry.items.filter(offered);
      if (items.length > 0) {
        rows.push({ kind: 'heading', label: entry.submenu });
        for (const id of items) rows.push({ kind: 'command', id });
      }
    } else if (offered(entry)) {
      rows.push({ kind: 'command', id: entry });
    }
  }
  while (rows.at(-1)?.kind === 'separator') rows.pop();
  return rows;
}

export function MenuBar({ state, platform, onCommand }: MenuBarProps) {
  const [open, setOpen] = useState<string | null>(null);
  const bar = useRef<HTMLDivElement>(null);
  const menus = MENUS.map((menu) => ({ menu, rows: webMenuRows(menu) })).filter(
    ({ rows }) => rows.length > 0,
  );

  useEffect(() => {
    if (open === null) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!bar.current?.contains(event.target as Node)) setOpen(null);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(null);
    };
    window.addEventListener('pointerdown', onPointerDown);
    window.addEventListener('keydown', onKeyDown);
    // Focus the first item, so the arrow keys work at once.
    bar.current
      ?.querySelector<HTMLElement>('.menu-popup [role^="menuitem"]:not([aria-disabled="true"])')
      ?.focus();
    return () => {
      window.removeEventListener('pointerdown', onPointerDown);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  const moveFocus = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const items = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[role^="menuitem"]'));
    const index = items.indexOf(document.activeElement as HTMLElement);
    const next = items[(index + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length];
    next?.focus();
  };

  return (
    <div className="menubar" role="menubar" aria-label="Menu" ref={bar}>
      {menus.map(({ menu, rows }) => (
        <div key={menu.id} className="menu">
          <button
            type="button"
            className="menu-title"
            role="menuitem"
            aria-haspopup="menu"
            aria-expanded={open === menu.id}
            onClick={() => setOpen((current) => (current === menu.id ? null : menu.id))}
            onPointerEnter={() => setOpen((current) => (current === null ? null : menu.id))}
          >
            {menu.label}
          </button>
          {open === menu.id && (
            <div className="menu-popup" role="menu" aria-label={menu.label} onKeyDown={moveFocus}>
              {rows.map((row, index) => {
                if (row.kind === 'separator')
                  return <div key={index} className="menu-separator" role="separator" />;
                if (row.kind === 'heading') {
                  return (
                    <div key={index} className="menu-heading" role="presentation">
                      {row.label}
                    </div>
                  );
                }
                const command = commandById(row.id);
                const availability = availabilityOf(command, state, 'web');
                const accelerator = acceleratorOf(command, 'web');
                const checked = command.checked?.(state);
                const role =
                  command.type === 'checkbox'
                    ? 'menuitemcheckbox'
                    : command.type === 'radio'
                      ? 'menuitemradio'
                      : 'menuitem';
                return (
                  <button
                    key={row.id}
                    type="button"
                    role={role}
                    className="menu-item"
                    aria-checked={command.type ? Boolean(checked) : undefined}
                    aria-disabled={availability !== true}
                    title={availability === true ? undefined : availability}
                    onClick={() => {
                      if (availability !== true) return;
                      setOpen(null);
                      onCommand(row.id);
                    }}
                  >
                    <span className="menu-check" aria-hidden="true">
                      {checked ? (command.type === 'radio' ? '•' : '✓') : ''}
                    </span>
                    <span className="menu-label">{command.webLabel ?? command.label}</span>
                    <span className="menu-shortcut">
                      {accelerator === undefined ? '' : formatAccelerator(accelerator, platform)}
                    </span>
                  </button>
                );
              })}
              {menu.id === 'file' && (
                <p className="menu-note">
                  In the browser, Open uploads a file and Save downloads it — except a file given on the web
                  host’s command line, which Save writes back to.
                </p>
              )}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
