/**
 * Where the shells keep their run history and what they say about it: the per-user data folder of
 * the web host, and the notices for a corrupt file moved aside or runs left interrupted, which
 * reach the log and (through runs.storage) the studio.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultDataDirectory } from '@main/data-directory.ts';
import { describeOpening, openRunHistory, RUN_DATABASE_FILE } from '@main/runs/history.ts';
import { createServices } from '@main/services/index.ts';
import { createInMemoryApi } from '@shared/ipc/dispatcher.ts';
import type { RunId } from '@store/index.ts';
import { recordingFactory } from './support/runs.ts';
import { createDocumentsService } from '@main/documents/documents-service.ts';

const folder = mkdtempSync(path.join(tmpdir(), 'archsim-history-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the run history of a shell', () => {
  it('moves a corrupt database aside, says so in the log and through runs.storage, and starts afresh', async () => {
    const data = path.join(folder, 'corrupt');
    const file = path.join(data, RUN_DATABASE_FILE);
    const garbage = Buffer.from(Array.from({ length: 8192 }, (_, index) => (index * 7919 + 13) % 256));
    mkdirSync(data, { recursive: true });
    writeFileSync(file, garbage);

    const warnings: string[] = [];
    const engines = recordingFactory();
    const history = openRunHistory({
      dataDirectory: data,
      createWorker: engines.factory,
      warn: (message) => warnings.push(message),
    });
    try {
      const movedTo = history.store.recovered?.movedTo ?? '';
      expect(readFileSync(movedTo).equals(garbage)).toBe(true);
      expect(warnings).toEqual([
        expect.stringMatching(
          new RegExp(
            `^archsim: the run history ${escape(file)} could not be read \\(.+\\); it was moved to ${escape(movedTo)} and a new, empty history was started\\. Nothing was deleted\\.$`,
          ),
        ),
      ]);
      const api = createInMemoryApi(
        createServices({
          shell: 'web',
          packageJsonPath: path.resolve('package.json'),
          examplesDirectory: path.resolve('resources/examples'),
          runs: history.runs,
          documents: createDocumentsService({
            dataDirectory: path.dirname(file),
            dialogs: null,
            recentFiles: false,
          }),
        }),
      );
      expect(await api['runs.storage']()).toEqual({
        location: file,
        recovered: { movedTo, reason: expect.any(String) },
        interrupted: 0,
        unavailable: null,
      });
      expect(await api['runs.list']({})).toEqual({ runs: [], total: 0 });
      expect(engines.workers).toHaveLength(0); // the engine starts with the first run
    } finally {
      await history.close();
    }
    expect(existsSync(file)).toBe(true);
  });

  it('starts with runs kept in memory when the file cannot be opened at all (a folder in its place), and says so', async () => {
    const data = path.join(folder, 'folder-in-place');
    const file = path.join(data, RUN_DATABASE_FILE);
    mkdirSync(file, { recursive: true });
    const warnings: string[] = [];
    const history = openRunHistory({
      dataDirectory: data,
      createWorker: recordingFactory().factory,
      warn: (message) => warnings.push(message),
    });
    try {
      expect(warnings).toEqual([
        expect.stringMatching(
          /^archsim: .*runs\.sqlite.*\. This session's runs are kept in memory only and are gone when archsim stops; fix or move the file and start archsim again to keep them\.$/,
        ),
      ]);
      expect(history.runs.storageInfo()).toEqual({
        location: file,
        recovered: null,
        interrupted: 0,
        unavailable: expect.stringContaining(file),
      });
      // Runs still go: into the history in memory.
      const id = history.runs.start(
        JSON.parse(readFileSync('resources/examples/lamp.json', 'utf8')) as never,
        { durationS: 1, rate: 10 },
      );
      expect(history.runs.list().runs.map((run) => run.id)).toEqual([id]);
    } finally {
      await history.close();
    }
    // The folder is left as it was.
    expect(existsSync(file)).toBe(true);
  });

  it('creates its folder and says nothing when all is well', async () => {
    const data = path.join(folder, 'new', 'nested');
    const warnings: string[] = [];
    const history = openRunHistory({
      dataDirectory: data,
      createWorker: recordingFactory().factory,
      warn: (message) => warnings.push(message),
    });
    await history.close();
    expect(existsSync(path.join(data, RUN_DATABASE_FILE))).toBe(true);
    expect(warnings).toEqual([]);
    expect(history.notices).toEqual([]);
  });

  it('tells of runs a previous session left unfinished', () => {
    const store = { path: '/data/runs.sqlite', recovered: null };
    expect(describeOpening({ ...store, interrupted: [1 as RunId] })).toEqual([
      '1 run was still in progress when archsim last stopped; marked failed (interrupted).',
    ]);
    expect(describeOpening({ ...store, interrupted: [1 as RunId, 2 as RunId] })).toEqual([
      '2 runs were still in progress when archsim last stopped; marked failed (interrupted).',
    ]);
  });
});

describe('the web host data folder', () => {
  it('follows the XDG base directory spec on Linux', () => {
    expect(defaultDataDirectory({}, 'linux', '/home/ada')).toBe('/home/ada/.local/share/archsim');
    expect(defaultDataDirectory({ XDG_DATA_HOME: '/data/ada' }, 'linux', '/home/ada')).toBe(
      '/data/ada/archsim',
    );
    // A relative XDG_DATA_HOME is invalid and ignored.
    expect(defaultDataDirectory({ XDG_DATA_HOME: 'data' }, 'linux', '/home/ada')).toBe(
      '/home/ada/.local/share/archsim',
    );
    expect(defaultDataDirectory({ XDG_DATA_HOME: '' }, 'freebsd', '/home/ada')).toBe(
      '/home/ada/.local/share/archsim',
    );
  });

  it('uses Application Support on macOS and the local app data folder on Windows', () => {
    expect(defaultDataDirectory({}, 'darwin', '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/archsim',
    );
    expect(
      defaultDataDirectory({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', 'C:\\Users\\ada'),
    ).toBe('C:\\Users\\ada\\AppData\\Local\\archsim');
    expect(
      defaultDataDirectory({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada'),
    ).toBe('C:\\Users\\ada\\AppData\\Roaming\\archsim');
    expect(defaultDataDirectory({}, 'win32', 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Local\\archsim',
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
