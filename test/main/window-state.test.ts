/**
 * The desktop window's size and position (remembered, restored, clamped to the displays there
 * are), the prompt before closing a window with unsaved changes, and files named on the command
 * line — each checked without Electron.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  WINDOW_STATE_FILE,
  clampWindowState,
  readWindowState,
  trackWindowState,
  writeWindowState,
  type Rectangle,
} from '@main/window-state.ts';
import { createCloseGuard, type CloseChoice } from '@main/close-guard.ts';
import { documentFilesFromArgv } from '@main/open-files.ts';

const defaults = { width: 1360, height: 860, minWidth: 960, minHeight: 600 };
const laptop: Rectangle = { x: 0, y: 0, width: 1920, height: 1050 };
/** A second monitor to the right of the laptop. */
const monitor: Rectangle = { x: 1920, y: -200, width: 2560, height: 1400 };

describe('window placement', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(clampWindowState(null, [laptop], defaults)).toEqual({
      width: 1360,
      height: 860,
      maximized: false,
    });
    expect(clampWindowState(null, [{ x: 0, y: 0, width: 1280, height: 700 }], defaults)).toEqual({
      width: 1280,
      height: 700,
      maximized: false,
    });
  });

  it('restores where it was when that is still on a display', () => {
    const saved = { bounds: { x: 2100, y: 0, width: 1500, height: 1000 }, maximized: false };
    expect(clampWindowState(saved, [laptop, monitor], defaults)).toEqual({
      ...saved.bounds,
      maximized: false,
    });
    expect(clampWindowState({ ...saved, maximized: true }, [laptop, monitor], defaults).maximized).toBe(true);
  });

  it('moves a window that hangs off its display back onto it', () => {
    const saved = { bounds: { x: 1500, y: -100, width: 1000, height: 800 }, maximized: false };
    // Mostly on the laptop (420 px wide there) vs on the monitor (580 px): the monitor wins.
    expect(clampWindowState(saved, [laptop, monitor], defaults)).toEqual({
      x: 1920,
      y: -100,
      width: 1000,
      height: 800,
      maximized: false,
    });
    // Without the monitor, it is pulled fully onto the laptop.
    expect(clampWindowState(saved, [laptop], defaults)).toEqual({
      x: 920,
      y: 0,
      width: 1000,
      height: 800,
      maximized: false,
    });
  });

  it('centres on the primary display a window whose display is gone', () => {
    const saved = { bounds: { x: 3000, y: 100, width: 1500, height: 900 }, maximized: true };
    expect(clampWindowState(saved, [laptop], defaults)).toEqual({
      x: 210,
      y: 75,
      width: 1500,
      height: 900,
      maximized: true,
    });
  });

  it('shrinks a window larger than its display, and never below the minimum that fits', () => {
    const saved = { bounds: { x: 0, y: 0, width: 3000, height: 2000 }, maximized: false };
    expect(clampWindowState(saved, [laptop], defaults)).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1050,
      maximized: false,
    });
    const tiny = { bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false };
    expect(clampWindowState(tiny, [laptop], defaults)).toEqual({
      x: 10,
      y: 10,
      width: 960,
      height: 600,
      maximized: false,
    });
    const small: Rectangle = { x: 0, y: 0, width: 800, height: 500 };
    expect(clampWindowState(tiny, [small], defaults)).toEqual({
      x: 0,
      y: 0,
      width: 800,
      height: 500,
      maximized: false,
    });
  });
});

describe('window state file', () => {
  let data: string;
  beforeEach(() => {
    data = mkdtempSync(path.join(tmpdir(), 'archsim-window-'));
  });
  afterEach(() => {
    vi.useRealTimers();
    rmSync(data, { recursive: true, force: true });
  });

  it('round-trips, and a damaged or missing file means none', () => {
    expect(readWindowState(data)).toBeNull();
    const state = { bounds: { x: 5, y: 6, width: 1000, height: 700 }, maximized: true };
    writeWindowState(data, state);
    expect(readWindowState(data)).toEqual(state);
    expect(readdirSync(data)).toEqual([WINDOW_STATE_FILE]);
    writeFileSync(path.join(data, WINDOW_STATE_FILE), '{"version":1,"bounds":{"x":"left"}}');
    expect(readWindowState(data)).toBeNull();
    writeFileSync(path.join(data, WINDOW_STATE_FILE), 'garbage');
    expect(readWindowState(data)).toBeNull();
  });

  it('is saved a moment after the window stops moving, and when it closes', () => {
    vi.useFakeTimers();
    const window = Object.assign(new EventEmitter(), {
      bounds: { x: 0, y: 0, width: 1000, height: 700 },
      maximized: false,
      getNormalBounds() {
        return this.bounds;
      },
      isMaximized() {
        return this.maximized;
      },
      isDestroyed: () => false,
    });
    trackWindowState(window, data, 500);
    window.bounds = { x: 10, y: 0, width: 1000, height: 700 };
    window.emit('move');
    window.bounds = { x: 20, y: 0, width: 1000, height: 700 };
    window.emit('move');
    vi.advanceTimersByTime(400);
    expect(readWindowState(data)).toBeNull();
    vi.advanceTimersByTime(200);
    expect(readWindowState(data)?.bounds.x).toBe(20);

    window.bounds = { x: 20, y: 0, width: 1200, height: 800 };
    window.maximized = true;
    window.emit('resize');
    window.emit('close');
    expect(readWindowState(data)).toEqual({
      bounds: { x: 20, y: 0, width: 1200, height: 800 },
      maximized: true,
    });
    expect(JSON.parse(readFileSync(path.join(data, WINDOW_STATE_FILE), 'utf8')).version).toBe(1);
  });
});

describe('closing a window with unsaved changes', () => {
  function guard(answer: CloseChoice | (() => Promise<CloseChoice>), unsaved: string | null = 'lamp.json') {
    const calls: string[] = [];
    const closeGuard = createCloseGuard({
      unsavedDocument: () => unsaved,
      ask: async (name) => {
        calls.push(`ask ${name}`);
        return typeof answer === 'function' ? answer() : answer;
      },
      requestSave: () => calls.push('save'),
      discardAutosave: async () => {
        calls.push('discard autosave');
      },
      close: () => {
        calls.push('close');
        closeGuard.handleClose(closeEvent());
      },
      onCloseCancelled: () => calls.push('cancelled'),
    });
    return { closeGuard, calls };
  }

  function closeEvent() {
    return { preventDefault: vi.fn() };
  }

  it('closes at once when nothing is unsaved', () => {
    const { closeGuard, calls } = guard('save', null);
    const event = closeEvent();
    closeGuard.handleClose(event);
    expect(event.preventDefault).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
  });

  it("Don't Save: deletes this session's autosave and closes", async () => {
    const { closeGuard, calls } = guard('discard');
    const event = closeEvent();
    closeGuard.handleClose(event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(calls).toEqual(['ask lamp.json', 'discard autosave', 'close']));
  });

  it('Cancel: stays open (and a quit in progress stops)', async () => {
    const { closeGuard, calls } = guard('cancel');
    closeGuard.handleClose(closeEvent());
    await vi.waitFor(() => expect(calls).toEqual(['ask lamp.json', 'cancelled']));
  });

  it('Save: asks the renderer to save and closes once it saved', async () => {
    const { closeGuard, calls } = guard('save');
    closeGuard.handleClose(closeEvent());
    await vi.waitFor(() => expect(calls).toEqual(['ask lamp.json', 'save']));
    closeGuard.saveFinished(true);
    expect(calls).toEqual(['ask lamp.json', 'save', 'close']);
    // Later saves do not close anything.
    closeGuard.saveFinished(true);
    expect(calls.filter((call) => call === 'close')).toHaveLength(1);
  });

  it('Save that is cancelled or fails: stays open, and the next save does not close it', async () => {
    const { closeGuard, calls } = guard('save');
    closeGuard.handleClose(closeEvent());
    await vi.waitFor(() => expect(calls).toContain('save'));
    closeGuard.saveFinished(false);
    closeGuard.saveFinished(true);
    expect(calls).toEqual(['ask lamp.json', 'save', 'cancelled']);
  });

  it('asks once, however often the window is told to close meanwhile', async () => {
    let answer: (choice: CloseChoice) => void = () => undefined;
    const { closeGuard, calls } = guard(() => new Promise((resolve) => (answer = resolve)));
    const events = [closeEvent(), closeEvent(), closeEvent()];
    for (const event of events) closeGuard.handleClose(event);
    for (const event of events) expect(event.preventDefault).toHaveBeenCalled();
    answer('cancel');
    await vi.waitFor(() => expect(calls).toEqual(['ask lamp.json', 'cancelled']));
  });
});

describe('files named on the command line', () => {
  it('takes .json files, not switches or the app folder, relative to the working directory', () => {
    expect(
      documentFilesFromArgv(
        ['/opt/archsim/archsim', 'lamp.json', '--flag', '/abs/riak.JSON'],
        '/home/a',
        false,
      ),
    ).toEqual(['/home/a/lamp.json', '/abs/riak.JSON']);
    // `electron .` (unpackaged): the second argument is the app's folder.
    expect(documentFilesFromArgv(['electron', '/work/app', 'x.json'], '/w', true)).toEqual(['/w/x.json']);
    // A second instance's argv carries Chromium's switches.
    expect(
      documentFilesFromArgv(
        [
          'archsim',
          '--allow-file-access-from-files',
          '--original-process-start-time=1',
          'notes.txt',
          'a.json',
        ],
        '/w',
        false,
      ),
    ).toEqual(['/w/a.json']);
    expect(documentFilesFromArgv(['archsim'], '/w', false)).toEqual([]);
  });
});
