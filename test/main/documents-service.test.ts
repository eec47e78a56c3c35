/**
 * The documents service over a real folder, with stand-in dialogs: open and save keeping every
 * field, atomic writes, Open Recent (persisted, pruned, capped), files from the OS, the autosave
 * and the restore offer after a crash, and the web host's limits (no dialogs, no recents, only
 * the files it was given).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '@main/documents/atomic-write.ts';
import { AUTOSAVE_DIRECTORY, openAutosaveStore } from '@main/documents/autosave.ts';
import {
  createDocumentsService,
  type DocumentsEvent,
  type DocumentsService,
  type FileDialogs,
} from '@main/documents/documents-service.ts';
import { RECENT_FILES_FILE, openRecentFiles, recentFileId } from '@main/documents/recent-files.ts';
import { createServices } from '@main/services/index.ts';
import { createInMemoryApi } from '@shared/ipc/dispatcher.ts';
import { RequestError } from '@shared/ipc/contract.ts';
import {
  MAX_RECENT_FILES,
  formatDocumentText,
  importProblem,
  newDocumentText,
  suggestedFileName,
  documentTitle,
  type DocumentHandle,
} from '@shared/documents.ts';
import { validateDocumentText } from '@shared/document/validate.ts';
import type { RunService } from '@main/runs/run-service.ts';

/** A document with fields archsim does not know, at every level, in an unusual order. */
const WITH_UNKNOWN_FIELDS = `{"services":[{"name":"app","package":"monolith","count":1,"regions":1,"dependencies":[],"x-owner":"team-a","x-notes":{"sla":"99.9"}},{"name":"www","package":"denominator","count":0,"regions":0,"dependencies":["app"]}],"arch":"mine","x-custom":[1,2,{"deep":true}],"version":"arch-0.0"}`;

let base: string;
let data: string;
let files: string;
let now: number;
let services: DocumentsService[];

/** Dialogs that answer what the test says, and remember what they were asked. */
function scriptedDialogs() {
  const answers: (string | null)[] = [];
  const asked: { kind: 'open' | 'save'; purpose: string; defaultPath?: string }[] = [];
  const dialogs: FileDialogs = {
    chooseFileToOpen: async (purpose) => {
      asked.push({ kind: 'open', purpose });
      return answers.shift() ?? null;
    },
    chooseFileToSave: async (purpose, defaultPath) => {
      asked.push({ kind: 'save', purpose, defaultPath });
      return answers.shift() ?? null;
    },
  };
  return { dialogs, answers, asked };
}

function desktop(dialogs: FileDialogs = scriptedDialogs().dialogs): DocumentsService {
  const service = createDocumentsService({ dataDirectory: data, dialogs, recentFiles: true, now: () => now });
  services.push(service);
  return service;
}

function webHost(commandLineFile?: string): DocumentsService {
  const service = createDocumentsService({
    dataDirectory: data,
    dialogs: null,
    recentFiles: false,
    now: () => now,
    ...(commandLineFile === undefined ? {} : { commandLineFile }),
  });
  services.push(service);
  return service;
}

function write(name: string, text: string): string {
  const file = path.join(files, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function events(service: DocumentsService): DocumentsEvent[] {
  const seen: DocumentsEvent[] = [];
  service.subscribe((event) => seen.push(event));
  return seen;
}

beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), 'archsim-documents-'));
  data = path.join(base, 'user-data');
  files = path.join(base, 'files');
  mkdirSync(files);
  now = 1_700_000_000_000;
  services = [];
});

afterEach(async () => {
  await Promise.all(services.map((service) => service.close()));
  rmSync(base, { recursive: true, force: true });
});

describe('shared document rules', () => {
  it('New is the smallest document that is valid', () => {
    const validation = validateDocumentText(newDocumentText());
    expect(validation.document).not.toBeNull();
    expect(validation.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(newDocumentText()).toMatch(/^\{\n {2}"archsimVersion": 1,\n/);
  });

  it("saves the user's JSON exactly as written: every field, its order and its formatting", () => {
    expect(formatDocumentText(WITH_UNKNOWN_FIELDS)).toEqual({ ok: true, text: WITH_UNKNOWN_FIELDS });
    const lamp = readFileSync(path.resolve('../shared/spigo/json_arch/lamp_arch.json'), 'utf8');
    expect(formatDocumentText(lamp)).toEqual({ ok: true, text: lamp });
    expect(formatDocumentText('{ "services": [ ')).toEqual({
      ok: false,
      message: expect.stringMatching(/^The document is not valid JSON .*fix it before saving\.$/),
    });
  });

  it('imports spigo architecture files, not graphs or other JSON', () => {
    const lamp = readFileSync(path.resolve('../shared/spigo/json_arch/lamp_arch.json'), 'utf8');
    expect(importProblem(lamp)).toBeNull();
    const graph = readFileSync(path.resolve('../shared/spigo/json/lamp.json'), 'utf8');
    expect(importProblem(graph)).toMatch(/spigo instance graph/);
    expect(importProblem('[1, 2]')).toMatch(/not a JSON object/);
    expect(importProblem('{ "name": "x" }')).toMatch(/no "services" list/);
    expect(importProblem('not json')).toBe('The file is not JSON.');
  });

  it('names files and windows', () => {
    expect(suggestedFileName('Untitled')).toBe('untitled.json');
    expect(suggestedFileName('lamp.json')).toBe('lamp.json');
    expect(suggestedFileName('a/b:c')).toBe('a-b-c.json');
    expect(documentTitle('lamp.json', false)).toBe('lamp.json — archsim');
    expect(documentTitle('lamp.json', true)).toBe('• lamp.json — archsim');
    expect(documentTitle(null, false)).toBe('archsim');
  });
});

describe('atomic writes', () => {
  it('replaces the whole file and leaves no temporary file', async () => {
    const file = write('arch.json', 'old text that is longer than the new one');
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(files)).toEqual(['arch.json']);
  });

  it('leaves the old file as it was when the write fails before the rename', async () => {
    const file = write('arch.json', 'the old document');
    const rename = vi.fn(async () => {
      throw Object.assign(new Error('disk unplugged'), { code: 'EIO' });
    });
    await expect(writeFileAtomic(file, 'the new document', { rename })).rejects.toThrow('disk unplugged');
    expect(rename).toHaveBeenCalledOnce();
    // The rename was to be from a temporary file in the same folder (same file system).
    const [from, to] = rename.mock.calls[0] as unknown as [string, string];
    expect(path.dirname(from)).toBe(files);
    expect(to).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe('the old document');
    expect(readdirSync(files)).toEqual(['arch.json']);
  });

  it('writes through a symbolic link to the file it points at', async () => {
    const real = write('real.json', 'old');
    const link = path.join(files, 'link.json');
    symlinkSync(real, link);
    await writeFileAtomic(link, 'new');
    expect(readFileSync(real, 'utf8')).toBe('new');
    expect(readFileSync(link, 'utf8')).toBe('new');
  });
});

describe('documents service: open and save', () => {
  it('round-trips a document, keeping fields it does not know', async () => {
    const file = write('mine.json', WITH_UNKNOWN_FIELDS);
    const { dialogs, answers, asked } = scriptedDialogs();
    const service = desktop(dialogs);
    answers.push(file);
    const opened = await service.open();
    expect(opened).toEqual({
      handle: expect.stringMatching(/^[0-9a-f]{32}$/),
      name: 'mine.json',
      path: file,
      text: WITH_UNKNOWN_FIELDS,
      unsaved: false,
    });
    expect(asked).toEqual([{ kind: 'open', purpose: 'open' }]);

    const edited = opened!.text.replace('"arch":"mine"', '"arch":"mine, edited"');
    const saved = await service.save(opened!.handle!, edited);
    const onDisk = readFileSync(file, 'utf8');
    expect(saved).toEqual({ handle: opened!.handle, name: 'mine.json', path: file, text: onDisk });
    expect(JSON.parse(onDisk)).toEqual({ ...JSON.parse(WITH_UNKNOWN_FIELDS), arch: 'mine, edited' });
    expect(Object.keys(JSON.parse(onDisk))).toEqual(['services', 'arch', 'x-custom', 'version']);
    // Written exactly as the user has it: no reformatting of a one-line file.
    expect(onDisk).toBe(edited);

    // And it opens again as it was written.
    answers.push(file);
    expect((await service.open())?.text).toBe(onDisk);
  });

  it('refuses to save text that is not JSON, and keeps the file', async () => {
    const file = write('mine.json', '{ "services": [] }');
    const { dialogs, answers, asked } = scriptedDialogs();
    const service = desktop(dialogs);
    answers.push(file);
    const opened = await service.open();
    await expect(service.save(opened!.handle!, '{ "services": [ ')).rejects.toThrow(/not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{ "services": [] }');
    // Save As says so before any dialog opens.
    await expect(service.saveAs('{ "servi', 'mine.json')).rejects.toBeInstanceOf(RequestError);
    expect(asked.filter((question) => question.kind === 'save')).toEqual([]);
  });

  it('Save As asks where (proposing the folder of the last file), then saves there from now on', async () => {
    const first = write('first/lamp.json', '{}');
    const { dialogs, answers, asked } = scriptedDialogs();
    const service = desktop(dialogs);
    answers.push(first);
    await service.open();

    const target = path.join(files, 'second', 'copy');
    mkdirSync(path.dirname(target));
    answers.push(target); // no extension: .json is added
    const saved = await service.saveAs(newDocumentText(), 'Untitled');
    expect(asked.at(-1)).toEqual({
      kind: 'save',
      purpose: 'save',
      defaultPath: path.join(files, 'first', 'untitled.json'),
    });
    expect(saved).toMatchObject({ name: 'copy.json', path: `${target}.json` });
    expect(readFileSync(`${target}.json`, 'utf8')).toBe(newDocumentText());
    await service.save(saved!.handle, '{"a":1}');
    expect(readFileSync(`${target}.json`, 'utf8')).toBe('{"a":1}');

    // Cancelled: nothing written, null.
    expect(await service.saveAs('{}', 'copy.json')).toBeNull();
  });

  it('exports a file — SVG text, PNG bytes, JSON — where the user chooses', async () => {
    const { dialogs, answers, asked } = scriptedDialogs();
    const service = desktop(dialogs);
    const svgFile = path.join(files, 'picture');
    answers.push(svgFile);
    expect(await service.exportFile('svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', 'lamp.svg')).toEqual({
      name: 'picture.svg',
      path: `${svgFile}.svg`,
    });
    expect(readFileSync(`${svgFile}.svg`, 'utf8')).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(asked.at(-1)).toMatchObject({ kind: 'save', purpose: 'export-svg' });
    expect(String((asked.at(-1) as { defaultPath: string }).defaultPath)).toMatch(/lamp\.svg$/);

    const pngFile = path.join(files, 'picture.png');
    answers.push(pngFile);
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    await service.exportFile('png', bytes.toString('base64'), 'lamp.png');
    expect(readFileSync(pngFile)).toEqual(bytes);
    await expect(service.exportFile('png', 'not base64!', 'lamp.png')).rejects.toThrow(/damaged/);
    // Cancelled: nothing written.
    expect(await service.exportFile('svg', '<svg/>', 'lamp.svg')).toBeNull();
    // The name comes from the page: path syntax in it (of either system) cannot move the proposal
    // out of the folder the last export went to.
    for (const [fileName, proposed] of [
      ['..\\..\\Start Menu\\evil.svg', '..-..-Start Menu-evil.svg'],
      ['../../evil', '..-..-evil.svg'],
      ['C:evil.svg', 'C-evil.svg'],
      ['..', 'export.svg'],
    ]) {
      expect(await service.exportFile('svg', '<svg/>', fileName as string)).toBeNull();
      // (No document was opened or saved here, so the proposal is the name alone.)
      expect((asked.at(-1) as { defaultPath: string }).defaultPath).toBe(proposed);
    }
  });

  it('exports a copy without making it the document’s file', async () => {
    const { dialogs, answers } = scriptedDialogs();
    const service = desktop(dialogs);
    const target = path.join(files, 'exported.json');
    answers.push(target);
    expect(await service.export('{"b":[1]}', 'lamp.json')).toEqual({ name: 'exported.json', path: target });
    expect(readFileSync(target, 'utf8')).toBe('{"b":[1]}');
    expect((await service.recent()).files).toEqual([]);
  });

  it('imports a spigo architecture as a new, unsaved document, and refuses a graph', async () => {
    const spigo = path.resolve('../shared/spigo/json_arch/netflixoss_arch.json');
    const { dialogs, answers, asked } = scriptedDialogs();
    const service = desktop(dialogs);
    answers.push(spigo);
    const imported = await service.import();
    expect(imported).toEqual({
      handle: null,
      name: 'netflixoss_arch.json',
      path: spigo,
      text: readFileSync(spigo, 'utf8'),
      unsaved: true,
    });
    expect(asked).toEqual([{ kind: 'open', purpose: 'import' }]);
    expect(validateDocumentText(imported!.text).document).not.toBeNull();

    answers.push(path.resolve('../shared/spigo/json/netflixoss.json'));
    await expect(service.import()).rejects.toThrow(/^netflixoss\.json cannot be imported\. .*instance graph/);
  });

  it('refuses files that cannot be documents, with the reason', async () => {
    const { dialogs, answers } = scriptedDialogs();
    const service = desktop(dialogs);
    answers.push(path.join(files, 'missing.json'));
    await expect(service.open()).rejects.toThrow('missing.json could not be opened: it does not exist.');
    answers.push(files);
    await expect(service.open()).rejects.toThrow('files is not a file.');
    answers.push(write('binary.json', 'a\0b'));
    await expect(service.open()).rejects.toThrow('binary.json is not a text file.');
    answers.push(write('big.json', 'x'.repeat(4 * 1024 * 1024 + 1)));
    await expect(service.open()).rejects.toThrow(/big\.json is larger than 4 MiB/);
  });

  it('only writes to files it handed out a handle for', async () => {
    const service = desktop();
    await expect(service.save('0'.repeat(32) as DocumentHandle, '{}')).rejects.toThrow(/use Save As/);
  });
});

describe('documents service: files from the OS and the command line', () => {
  it('keeps the last file asked for until the renderer takes it, once', async () => {
    const first = write('first.json', '{"a":1}');
    const second = write('second.json', '{"b":2}');
    const service = desktop();
    const seen = events(service);
    service.requestOpen(first);
    service.requestOpen(second);
    expect(seen).toEqual([
      { channel: 'documents.openRequested', payload: { name: 'first.json' } },
      { channel: 'documents.openRequested', payload: { name: 'second.json' } },
    ]);
    const taken = await service.takePending();
    expect(taken).toMatchObject({ name: 'second.json', path: second, text: '{"b":2}', unsaved: false });
    expect(await service.takePending()).toBeNull();
    // It is the document's file: Save writes it.
    await service.save(taken!.handle!, '{"b":3}');
    expect(readFileSync(second, 'utf8')).toBe('{"b":3}');
  });
});

describe('documents service: Open Recent', () => {
  it('remembers opened and saved files, newest first, across restarts', async () => {
    const { dialogs, answers } = scriptedDialogs();
    const service = desktop(dialogs);
    const a = write('a.json', '{}');
    const b = write('b.json', '{}');
    answers.push(a);
    await service.open();
    now += 1000;
    answers.push(b);
    await service.open();
    now += 1000;
    answers.push(a);
    await service.open();

    const again = desktop();
    expect(await again.recent()).toEqual({
      files: [
        { id: recentFileId(a), name: 'a.json', path: a, openedAt: now },
        { id: recentFileId(b), name: 'b.json', path: b, openedAt: now - 1000 },
      ],
      removed: [],
    });
    expect(JSON.parse(readFileSync(path.join(data, RECENT_FILES_FILE), 'utf8'))).toEqual({
      version: 1,
      files: [
        { path: a, openedAt: now },
        { path: b, openedAt: now - 1000 },
      ],
    });
    // Opened by id, never by path.
    expect(await again.openRecent(recentFileId(b))).toMatchObject({ name: 'b.json', path: b });
    await expect(again.openRecent('0123456789abcdef')).rejects.toThrow(
      'That file is no longer in Open Recent.',
    );
  });

  it(`keeps at most ${MAX_RECENT_FILES}`, async () => {
    const store = openRecentFiles(data, () => now++);
    for (let index = 0; index < MAX_RECENT_FILES + 3; index++) await store.add(write(`f${index}.json`, '{}'));
    const listed = await store.list();
    expect(listed.files).toHaveLength(MAX_RECENT_FILES);
    expect(listed.files[0]?.name).toBe(`f${MAX_RECENT_FILES + 2}.json`);
  });

  it('takes off files that no longer exist, and says so', async () => {
    const kept = write('kept.json', '{}');
    const gone = write('gone.json', '{}');
    const store = openRecentFiles(data, () => now);
    await store.add(gone);
    await store.add(kept);
    rmSync(gone);

    const service = desktop();
    const seen = events(service);
    const changes: unknown[] = [];
    service.onRecentFilesChanged((recent) => changes.push(recent));
    expect(await service.recent()).toEqual({
      files: [{ id: recentFileId(kept), name: 'kept.json', path: kept, openedAt: now }],
      removed: [gone],
    });
    expect(seen).toEqual([
      {
        channel: 'studio.notice',
        payload: { level: 'info', message: 'Taken off Open Recent (no longer there): gone.json.' },
      },
    ]);
    expect(changes).toHaveLength(1);
    // Pruned for good.
    expect((await openRecentFiles(data).list()).removed).toEqual([]);
  });

  it('says so when a recent file has gone since the list was read', async () => {
    const file = write('soon-gone.json', '{}');
    await openRecentFiles(data, () => now).add(file);
    const service = desktop();
    const id = (await service.recent()).files[0]!.id;
    rmSync(file);
    await expect(service.openRecent(id)).rejects.toThrow(
      'soon-gone.json no longer exists; it was taken off Open Recent.',
    );
    expect((await service.recent()).files).toEqual([]);
  });

  it('starts afresh from a damaged list, and can be cleared', async () => {
    mkdirSync(data, { recursive: true });
    writeFileSync(path.join(data, RECENT_FILES_FILE), '{ not json');
    const service = desktop();
    expect(await service.recent()).toEqual({ files: [], removed: [] });
    const { dialogs, answers } = scriptedDialogs();
    const opener = desktop(dialogs);
    answers.push(write('x.json', '{}'));
    await opener.open();
    expect((await opener.recent()).files).toHaveLength(1);
    expect(await opener.clearRecent()).toEqual({ files: [], removed: [] });
    expect((await desktop().recent()).files).toEqual([]);
  });
});

describe('documents service: autosave and the restore offer', () => {
  it('offers what a crashed session left, on the next start', async () => {
    const file = write('mine.json', '{"services":[]}');
    const first = desktop();
    first.requestOpen(file);
    const opened = await first.takePending();
    const text = '{"services":[], "edited": true}';
    expect(await first.autosave(text, { handle: opened!.handle, name: 'mine.json' })).toEqual({
      savedAt: now,
    });
    expect(readFileSync(path.join(data, AUTOSAVE_DIRECTORY, 'document.json'), 'utf8')).toBe(text);
    expect(JSON.parse(readFileSync(path.join(data, AUTOSAVE_DIRECTORY, 'autosave.json'), 'utf8'))).toEqual({
      version: 1,
      name: 'mine.json',
      originalPath: file,
      savedAt: now,
    });
    // The session ends without saving or discarding (a crash): the services start again.
    const second = desktop();
    const offer = await second.restoreOffer();
    expect(offer).toEqual({
      name: 'mine.json',
      text,
      savedAt: now,
      handle: expect.stringMatching(/^[0-9a-f]{32}$/),
      path: file,
    });
    // Restored, it saves to its file again.
    await second.save(offer!.handle!, offer!.text);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ services: [], edited: true });
  });

  it('offers an untitled document too, and one whose file has gone (without a file to save to)', async () => {
    await desktop().autosave('{"x":1}', { handle: null, name: 'Untitled' });
    expect(await desktop().restoreOffer()).toEqual({
      name: 'Untitled',
      text: '{"x":1}',
      savedAt: now,
      handle: null,
      path: null,
    });

    const file = write('gone.json', '{}');
    const first = desktop();
    first.requestOpen(file);
    const opened = await first.takePending();
    await first.autosave('{"y":2}', { handle: opened!.handle, name: 'gone.json' });
    rmSync(file);
    expect(await desktop().restoreOffer()).toMatchObject({ name: 'gone.json', handle: null, path: file });
  });

  it('offers nothing after a save or a discard, or when there was nothing to keep', async () => {
    expect(await desktop().restoreOffer()).toBeNull();

    const file = write('mine.json', '{}');
    const service = desktop();
    service.requestOpen(file);
    const opened = await service.takePending();
    await service.autosave('{"a":1}', { handle: opened!.handle, name: 'mine.json' });
    await service.save(opened!.handle!, '{"a":1}');
    expect(await desktop().restoreOffer()).toBeNull();

    await service.autosave('{"a":2}', { handle: null, name: 'Untitled' });
    expect(await service.discardAutosave()).toEqual({ discarded: true });
    expect(await desktop().restoreOffer()).toBeNull();
    expect(existsSync(path.join(data, AUTOSAVE_DIRECTORY, 'document.json'))).toBe(false);
  });

  it("Don't Save deletes only this session's autosave, not one still on offer", async () => {
    await desktop().autosave('{"earlier":true}', { handle: null, name: 'Untitled' });
    const service = desktop();
    await service.discardOwnAutosave();
    expect(await desktop().restoreOffer()).toMatchObject({ text: '{"earlier":true}' });
    await service.autosave('{"mine":true}', { handle: null, name: 'Untitled' });
    await service.discardOwnAutosave();
    expect(await desktop().restoreOffer()).toBeNull();
  });

  it('writes and deletes in the order asked', async () => {
    const service = desktop();
    const writes = [1, 2, 3].map((n) => service.autosave(`{"n":${n}}`, { handle: null, name: 'Untitled' }));
    const discard = service.discardAutosave();
    const last = service.autosave('{"n":4}', { handle: null, name: 'Untitled' });
    await Promise.all([...writes, discard, last]);
    expect((await desktop().restoreOffer())?.text).toBe('{"n":4}');
  });

  it('keeps the document set aside by Create variant in a second slot, offered with the open one', async () => {
    const file = write('original.json', '{"services":[]}');
    const first = desktop();
    first.requestOpen(file);
    const opened = await first.takePending();
    await first.autosave('{"variant":true}', { handle: null, name: 'original-evolved.json' });
    await first.autosave('{"original":"edited"}', {
      handle: opened!.handle,
      name: 'original.json',
      slot: 'aside',
    });
    expect(readFileSync(path.join(data, AUTOSAVE_DIRECTORY, 'aside-document.json'), 'utf8')).toBe(
      '{"original":"edited"}',
    );
    // A crash: both come back, the set-aside one with its file to save to.
    const offer = await desktop().restoreOffer();
    expect(offer).toEqual({
      name: 'original-evolved.json',
      text: '{"variant":true}',
      savedAt: now,
      handle: null,
      path: null,
      aside: {
        name: 'original.json',
        text: '{"original":"edited"}',
        savedAt: now,
        handle: expect.stringMatching(/^[0-9a-f]{32}$/),
        path: file,
      },
    });
    // Saving the open document keeps the one aside; then it is offered on its own.
    await first.save(opened!.handle!, '{"services":[]}');
    expect(await desktop().restoreOffer()).toMatchObject({
      name: 'original.json',
      text: '{"original":"edited"}',
      path: file,
    });
    expect((await desktop().restoreOffer())?.aside).toBeUndefined();
    // One slot at a time, or both.
    expect(await first.discardAutosave('aside')).toEqual({ discarded: true });
    expect(await desktop().restoreOffer()).toBeNull();
    await first.autosave('{"a":1}', { handle: null, name: 'Untitled' });
    await first.autosave('{"b":1}', { handle: null, name: 'Aside', slot: 'aside' });
    expect(await first.discardAutosave('open')).toEqual({ discarded: true });
    expect(await desktop().restoreOffer()).toMatchObject({ text: '{"b":1}' });
    await first.autosave('{"a":2}', { handle: null, name: 'Untitled' });
    expect(await first.discardAutosave()).toEqual({ discarded: true });
    expect(await desktop().restoreOffer()).toBeNull();
    expect(await first.discardAutosave()).toEqual({ discarded: false });
  });

  it("Don't Save deletes both of this session's slots, and no other session's", async () => {
    await desktop().autosave('{"earlier":"aside"}', { handle: null, name: 'Earlier', slot: 'aside' });
    const service = desktop();
    await service.autosave('{"mine":true}', { handle: null, name: 'Untitled' });
    await service.discardOwnAutosave();
    expect(await desktop().restoreOffer()).toMatchObject({ text: '{"earlier":"aside"}' });
    await service.autosave('{"mine":"aside"}', { handle: null, name: 'Mine', slot: 'aside' });
    await service.autosave('{"mine":"open"}', { handle: null, name: 'Untitled' });
    await service.discardOwnAutosave();
    expect(await desktop().restoreOffer()).toBeNull();
  });

  it('ignores an incomplete or damaged autosave', async () => {
    const store = openAutosaveStore(data);
    await store.write('{}', { name: 'x', originalPath: null, savedAt: 1 });
    rmSync(path.join(data, AUTOSAVE_DIRECTORY, 'document.json'));
    expect(await desktop().restoreOffer()).toBeNull();
    await store.write('{}', { name: 'x', originalPath: null, savedAt: 1 });
    writeFileSync(path.join(data, AUTOSAVE_DIRECTORY, 'autosave.json'), '{"version": 9}');
    expect(await desktop().restoreOffer()).toBeNull();
  });
});

describe('documents service in the web host', () => {
  it('has no dialogs and no Open Recent: the browser uploads and downloads', async () => {
    const service = webHost();
    for (const call of [() => service.open(), () => service.import(), () => service.saveAs('{}', 'x.json')]) {
      await expect(call()).rejects.toThrow(/web host does not have: the browser uploads and downloads files/);
    }
    await expect(service.export('{}', 'x.json')).rejects.toBeInstanceOf(RequestError);
    expect(await service.recent()).toEqual({ files: [], removed: [] });
    await expect(service.openRecent('0123456789abcdef')).rejects.toThrow(/not available in the web host/);
  });

  it('opens and saves only the file given on its command line, for every page that starts', async () => {
    const file = write('given.json', '{"given":true}');
    const service = webHost(file);
    expect(await service.takePending()).toMatchObject({ name: 'given.json', path: file });
    // A reload of the page opens it again.
    const opened = await service.takePending();
    expect(opened).toMatchObject({ name: 'given.json', path: file, unsaved: false });
    await service.save(opened!.handle!, '{"given":"saved"}');
    expect(readFileSync(file, 'utf8')).toBe('{"given":"saved"}');
    expect(existsSync(path.join(data, RECENT_FILES_FILE))).toBe(false);
  });

  it('through the contract: a path is never a handle, and a made-up handle opens nothing', async () => {
    const secret = write('secret.json', '{"secret":true}');
    const api = createInMemoryApi(
      createServices({
        shell: 'web',
        packageJsonPath: path.resolve('package.json'),
        examplesDirectory: path.resolve('resources/examples'),
        runs: {} as RunService,
        documents: webHost(),
      }),
    );
    const untyped = api['documents.save'] as (...args: unknown[]) => Promise<unknown>;
    await expect(untyped(secret, '{}')).rejects.toThrow(/^invalid arguments for documents\.save/);
    await expect(api['documents.save']('f'.repeat(32) as DocumentHandle, '{}')).rejects.toThrow(
      /use Save As/,
    );
    await expect(api['documents.openRecent'](recentFileId(secret))).rejects.toThrow(
      /not available in the web host/,
    );
    expect(await api['documents.takePending']()).toBeNull();
    expect(readFileSync(secret, 'utf8')).toBe('{"secret":true}');
  });
});
