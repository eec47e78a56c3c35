/**
 * The examples service reads only plain, listed example names from its folder: no id, however
 * spelled, reaches a file outside it.
 */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestError } from '@shared/ipc/contract.ts';
import { createExamplesService } from '@main/services/examples.ts';
import { createServices } from '@main/services/index.ts';
import { createInMemoryApi } from '@shared/ipc/dispatcher.ts';
import { testRuns } from './support/runs.ts';
import { createDocumentsService } from '@main/documents/documents-service.ts';

let base: string;
let examples: string;
const runs = testRuns();

const lamp = '{ "arch": "lamp", "description": "A LAMP stack", "services": [] }\n';

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'archsim-examples-'));
  examples = path.join(base, 'examples');
  mkdirSync(examples);
  writeFileSync(path.join(base, 'secret.json'), '{ "secret": true }');
  writeFileSync(path.join(base, 'package.json'), JSON.stringify({ name: 'archsim', version: '9.8.7' }));
  writeFileSync(path.join(examples, 'lamp.json'), lamp);
  writeFileSync(
    path.join(examples, 'with-title.json'),
    '{ "title": "Titled", "arch": "ignored", "services": [] }',
  );
  writeFileSync(path.join(examples, 'untitled.json'), '{ "services": [] }');
  writeFileSync(path.join(examples, 'broken.json'), '{ "services": [ ');
  writeFileSync(path.join(examples, 'notes.txt'), 'not an example');
  writeFileSync(path.join(examples, 'odd name.json'), '{}');
  mkdirSync(path.join(examples, 'folder.json'));
  symlinkSync(path.join(base, 'secret.json'), path.join(examples, 'linked.json'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('examples service', () => {
  it('lists the plain-named .json files, sorted, with title and description from the document', async () => {
    expect(await createExamplesService(examples).list()).toEqual([
      { id: 'broken', title: 'broken', description: '' },
      { id: 'lamp', title: 'lamp', description: 'A LAMP stack' },
      { id: 'untitled', title: 'untitled', description: '' },
      { id: 'with-title', title: 'Titled', description: '' },
    ]);
  });

  it('lists nothing when the folder does not exist', async () => {
    expect(await createExamplesService(path.join(base, 'missing')).list()).toEqual([]);
  });

  it('reads an example exactly as stored', async () => {
    expect(await createExamplesService(examples).read('lamp')).toEqual({ id: 'lamp', text: lamp });
  });

  const refused = [
    '../secret',
    '../package',
    '..',
    '.',
    '',
    '/etc/passwd',
    `${examples}/lamp`,
    'lamp.json',
    'lamp/',
    'sub/../lamp',
    '..\\secret',
    '%2e%2e%2fsecret',
    'lamp\0',
    'linked',
    'folder',
    'notes',
    'odd name',
    'missing',
    'LAMP',
  ];
  for (const id of refused) {
    it(`refuses the id ${JSON.stringify(id)}`, async () => {
      const read = createExamplesService(examples).read(id);
      await expect(read).rejects.toBeInstanceOf(RequestError);
      await expect(read).rejects.toThrow(/^unknown example /);
    });
  }

  it('refuses traversal through the contract too, before the service runs', async () => {
    const api = createInMemoryApi(
      createServices({
        shell: 'web',
        packageJsonPath: path.join(base, 'package.json'),
        examplesDirectory: examples,
        runs: runs.service,
        documents: createDocumentsService({ dataDirectory: base, dialogs: null, recentFiles: false }),
      }),
    );
    expect(await api['app.info']()).toEqual({ name: 'archsim', version: '9.8.7', shell: 'web' });
    expect((await api['examples.read']('lamp')).text).toBe(lamp);
    await expect(api['examples.read']('../secret')).rejects.toThrow(/invalid arguments for examples\.read/);
    await expect(api['examples.read']('linked')).rejects.toThrow('unknown example "linked"');
  });
});
