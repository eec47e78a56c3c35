/**
 * The run history's SQLite errors while archsim runs (a file damaged, made read-only, a full
 * disk) reach the user as what happened and what to do, not "runs.get failed unexpectedly".
 */
import { describe, expect, it } from 'vitest';
import { historyProblem } from '@main/runs/history-problems.ts';
import { createServices } from '@main/services/index.ts';
import type { RunService } from '@main/runs/run-service.ts';
import type { DocumentsService } from '@main/documents/documents-service.ts';
import { handleRequest } from '@shared/ipc/dispatcher.ts';

const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('historyProblem', () => {
  it('says what a damaged, read-only or full history means and what to do', () => {
    expect(
      historyProblem(sqliteError('SQLITE_CORRUPT', 'database disk image is malformed'), '/d/runs.sqlite'),
    ).toBe(
      'The run history /d/runs.sqlite is damaged (database disk image is malformed). Restart archsim: on opening it checks the file, moves a damaged one aside (never deleting it) and starts a new history.',
    );
    expect(historyProblem(sqliteError('SQLITE_NOTADB', 'file is not a database'), 'f')).toMatch(
      /^The run history f is damaged/,
    );
    expect(
      historyProblem(sqliteError('SQLITE_READONLY_DBMOVED', 'attempt to write a readonly database'), 'f'),
    ).toMatch(
      /^The run history f cannot be written \(attempt to write a readonly database\): check that the file is still there and may be written/,
    );
    expect(historyProblem(sqliteError('SQLITE_FULL', 'database or disk is full'), 'f')).toMatch(
      /^The disk holding the run history f is full/,
    );
    expect(historyProblem(sqliteError('SQLITE_IOERR_WRITE', 'disk I/O error'), 'f')).toMatch(
      /could not be read or written \(disk I\/O error\)/,
    );
  });

  it('leaves every other error alone', () => {
    expect(historyProblem(new Error('boom'), 'f')).toBeNull();
    expect(historyProblem(sqliteError('SQLITE_CONSTRAINT', 'UNIQUE'), 'f')).toBeNull();
    expect(historyProblem(null, 'f')).toBeNull();
    expect(historyProblem(Object.assign(new Error('x'), { code: 'ENOENT' }), 'f')).toBeNull();
  });

  it('is what the runs services answer when the history fails under them', async () => {
    const corrupt = () => {
      throw sqliteError('SQLITE_CORRUPT', 'database disk image is malformed');
    };
    const runs = {
      storageInfo: () => ({ location: '/data/runs.sqlite', recovered: null, interrupted: 0 }),
      get: corrupt,
      delete: corrupt,
      list: corrupt,
      rename: corrupt,
      facets: corrupt,
      start: corrupt,
      cancel: () => Promise.reject(sqliteError('SQLITE_FULL', 'database or disk is full')),
    } as unknown as RunService;
    const services = createServices({
      shell: 'web',
      packageJsonPath: 'package.json',
      examplesDirectory: 'resources/examples',
      runs,
      documents: {} as DocumentsService,
    });
    expect(await handleRequest(services, 'runs.get', [3])).toEqual({
      ok: false,
      error: {
        message:
          'The run history /data/runs.sqlite is damaged (database disk image is malformed). Restart archsim: on opening it checks the file, moves a damaged one aside (never deleting it) and starts a new history.',
      },
    });
    expect(await handleRequest(services, 'runs.delete', [3])).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^The run history \/data\/runs\.sqlite is damaged/) },
    });
    expect(await handleRequest(services, 'runs.cancel', [3])).toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(/^The disk holding the run history \/data\/runs\.sqlite is full/),
      },
    });
  });
});
