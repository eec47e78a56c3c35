/**
 * The document store: every kind of edit is one change on one text with one undo history;
 * edits keep the file's formatting, key order and unknown fields.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChange, uniqueServiceName } from '@renderer/document/changes.ts';
import { DocumentStore, HISTORY_LIMIT } from '@renderer/document/store.ts';
import { applyDiff, composeDiffs, diffTexts } from '@renderer/document/text-diff.ts';
import { detectFormatting, inlineJson, setJsonValue, setJsonValues } from '@renderer/document/json-style.ts';
import { spigoDirectory } from '../../support/spigo.ts';

/** spigo's LAMP file: one service per line, aligned columns, a tab on one line. */
const LAMP = readFileSync(path.join(spigoDirectory, 'json_arch', 'lamp_arch.json'), 'utf8');

const PRETTY = `{
  "arch": "shop",
  "x-team": { "owner": "alice" },
  "services": [
    {
      "name": "db",
      "package": "store",
      "count": 2,
      "regions": 1,
      "dependencies": []
    },
    {
      "name": "api",
      "package": "karyon",
      "x-notes": "keep me",
      "count": 3,
      "regions": 1,
      "dependencies": ["db"],
      "calls": { "probabilities": { "db": 0.5 } }
    },
    {
      "name": "www",
      "package": "denominator",
      "count": 0,
      "regions": 0,
      "dependencies": ["api"]
    }
  ],
  "victim": "db",
  "load": { "rate": 10, "entry": ["www"] },
  "slos": [{ "service": "db", "percentile": 99, "latencyMs": 10 }, { "service": "api", "percentile": 99, "latencyMs": 50 }]
}
`;

function clock() {
  let time = 0;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('text diffs', () => {
  it('finds the one changed span and applies and inverts it', () => {
    const diff = diffTexts('abcdef', 'abXYef');
    expect(diff).toEqual({ offset: 2, removed: 'cd', inserted: 'XY' });
    expect(applyDiff('abcdef', diff)).toBe('abXYef');
    expect(() => applyDiff('abzzef', diff)).toThrow(/changed under this edit/);
  });

  it('composes two diffs into one, whatever their order in the text', () => {
    const texts = ['hello world', 'hello brave world', 'hi brave world!'];
    const first = diffTexts(texts[0]!, texts[1]!);
    const second = diffTexts(texts[1]!, texts[2]!);
    const both = composeDiffs(first, second, texts[1]!);
    expect(applyDiff(texts[0]!, both)).toBe(texts[2]);
    expect(both).toEqual(diffTexts(texts[0]!, texts[2]!));
  });
});

describe('JSON edits keep the file as it was written', () => {
  it('detects indentation and line ends', () => {
    expect(detectFormatting(PRETTY)).toMatchObject({ insertSpaces: true, tabSize: 2, eol: '\n' });
    expect(detectFormatting('{\r\n    "a": 1\r\n}')).toMatchObject({ tabSize: 4, eol: '\r\n' });
    expect(detectFormatting('{\n\t"a": 1\n}')).toMatchObject({ insertSpaces: false });
  });

  it('writes values inline in one-line objects and appends one-line items on their own line', () => {
    expect(inlineJson({ x: 1, y: [2, 'a'] })).toBe('{ "x": 1, "y": [2, "a"] }');
    const moved = setJsonValue(LAMP, ['services', 0, 'position'], { x: 10, y: 20 });
    expect(moved).toContain('"dependencies": [], "position": { "x": 10, "y": 20 } },');
    // Only that line changed.
    const before = LAMP.split('\n');
    const after = moved.split('\n');
    expect(after.length).toBe(before.length);
    expect(after.filter((line, index) => line !== before[index])).toHaveLength(1);

    const added = setJsonValue(LAMP, ['services', -1], { name: 'cache', package: 'cache', count: 1 });
    expect(added).toMatch(
      /"dependencies": \["webserver-elb"\] \},\n {8}\{ "name": "cache", "package": "cache", "count": 1 \}\n {4}\]/,
    );
    expect(JSON.parse(added).services).toHaveLength(6);
  });

  it('sets many values with one parse, to the same text as setting them one by one', () => {
    const entries = [3, 0, 4, 1].map((index) => ({
      path: ['services', index, 'position'],
      value: { x: index * 10, y: -index },
    }));
    const oneByOne = entries.reduce((text, entry) => setJsonValue(text, entry.path, entry.value), LAMP);
    expect(setJsonValues(LAMP, entries)).toBe(oneByOne);
    expect(setJsonValues(PRETTY, [{ path: ['services', 0, 'position'], value: { x: 1, y: 2 } }])).toBe(
      setJsonValue(PRETTY, ['services', 0, 'position'], { x: 1, y: 2 }),
    );
    // Paths that share a container are set one at a time.
    const shared = [
      { path: ['services', 0, 'count'], value: 7 },
      { path: ['services', 0, 'regions'], value: 2 },
    ];
    expect(setJsonValues(LAMP, shared)).toBe(
      shared.reduce((text, entry) => setJsonValue(text, entry.path, entry.value), LAMP),
    );
  });

  it('removes items and properties with their separators, leaving no trace', () => {
    const text =
      '{\n  "a": { "x": 1, "y": 2 },\n  "list": ["db", "x"],\n  "b": {\n    "x": 1,\n    "y": 2\n  }\n}';
    expect(setJsonValue(text, ['a', 'x'], undefined)).toContain('"a": { "y": 2 },');
    expect(setJsonValue(text, ['a', 'y'], undefined)).toContain('"a": { "x": 1 },');
    expect(setJsonValue(text, ['list', 1], undefined)).toContain('"list": ["db"],');
    expect(setJsonValue(text, ['list', 0], undefined)).toContain('"list": ["x"],');
    expect(setJsonValue(setJsonValue(text, ['list', 0], undefined), ['list', 0], undefined)).toContain(
      '"list": [],',
    );
    expect(setJsonValue(text, ['b', 'x'], undefined)).toContain('"b": {\n    "y": 2\n  }');
    expect(setJsonValue(text, ['b', 'y'], undefined)).toContain('"b": {\n    "x": 1\n  }');
    expect(setJsonValue(text, ['b'], undefined)).toBe(
      '{\n  "a": { "x": 1, "y": 2 },\n  "list": ["db", "x"]\n}',
    );
  });

  it('adds a property after a one-line value without reflowing it', () => {
    expect(setJsonValue('{\n  "a": { "x": 1 }\n}\n', ['b'], 2)).toBe('{\n  "a": { "x": 1 },\n  "b": 2\n}\n');
    expect(setJsonValue('{\n  "a": [1, 2]\n}\n', ['b'], { c: [3] })).toBe(
      '{\n  "a": [1, 2],\n  "b": {\n    "c": [\n      3\n    ]\n  }\n}\n',
    );
    // Missing containers are made, in the style of the object they go into.
    expect(setJsonValue('{ "a": 1 }', ['calls', 'edges', 'db', 'timeoutMs'], 50)).toBe(
      '{ "a": 1, "calls": { "edges": { "db": { "timeoutMs": 50 } } } }',
    );
    expect(setJsonValue('{\n\t"a": 1\n}', ['retries', 'count'], 2)).toBe(
      '{\n\t"a": 1,\n\t"retries": {\n\t\t"count": 2\n\t}\n}',
    );
    // A value is replaced in the style it was written in.
    expect(setJsonValue('{\n  "p": { "x": 1, "y": 2 }\n}', ['p'], { x: 3, y: 4 })).toBe(
      '{\n  "p": { "x": 3, "y": 4 }\n}',
    );
    expect(setJsonValue('{ "list": [] }', ['list', -1], 'a')).toBe('{ "list": ["a"] }');
    expect(setJsonValue('{\n  "list": [\n  ]\n}', ['list', -1], 'a')).toBe('{\n  "list": [\n    "a"\n  ]\n}');
  });

  it('writes multi-line containers with the file’s indentation', () => {
    const moved = setJsonValue(PRETTY, ['services', 0, 'position'], { x: 1, y: 2 });
    expect(moved).toContain(
      '      "dependencies": [],\n      "position": {\n        "x": 1,\n        "y": 2\n      }\n    },',
    );
  });
});

describe('changes', () => {
  it('adds a service and a dependency without touching anything else', () => {
    let text = applyChange(PRETTY, {
      type: 'addServices',
      services: [{ name: 'cache', package: 'cache', count: 1, regions: 1, dependencies: [] }],
    });
    text = applyChange(text, { type: 'addDependency', index: 1, dependency: 'cache' });
    const document = JSON.parse(text);
    expect(document.services.map((service: { name: string }) => service.name)).toEqual([
      'db',
      'api',
      'www',
      'cache',
    ]);
    expect(document.services[1]).toMatchObject({ 'x-notes': 'keep me', dependencies: ['db', 'cache'] });
    expect(text).toContain('"dependencies": ["db", "cache"],');
    expect(text.startsWith(PRETTY.slice(0, PRETTY.indexOf('"dependencies": ["db"]')))).toBe(true);
    expect(() => applyChange(text, { type: 'addDependency', index: 1, dependency: 'cache' })).toThrow(
      /already depends on cache/,
    );
    expect(() => applyChange(text, { type: 'addDependency', index: 1, dependency: 'nope' })).toThrow(
      /no service named "nope"/,
    );
  });

  it('renames a service and every reference to it, keys in place', () => {
    const text = applyChange(PRETTY, { type: 'renameService', index: 0, name: 'orders-db' });
    const document = JSON.parse(text);
    expect(document.services[0].name).toBe('orders-db');
    expect(document.services[1].dependencies).toEqual(['orders-db']);
    expect(Object.keys(document.services[1].calls.probabilities)).toEqual(['orders-db']);
    expect(document.victim).toBe('orders-db');
    expect(document.slos[0].service).toBe('orders-db');
    expect(() => applyChange(PRETTY, { type: 'renameService', index: 0, name: 'api' })).toThrow(
      /already a service named "api"/,
    );
    expect(() => applyChange(PRETTY, { type: 'renameService', index: 0, name: 'eureka' })).toThrow(/eureka/);
    expect(() => applyChange(PRETTY, { type: 'renameService', index: 0, name: ' ' })).toThrow(/needs a name/);
  });

  it('removes services with every reference to them, in one change', () => {
    const text = applyChange(PRETTY, { type: 'removeServices', indexes: [0] });
    const document = JSON.parse(text);
    expect(document.services.map((service: { name: string }) => service.name)).toEqual(['api', 'www']);
    expect(document.services[0].dependencies).toEqual([]);
    expect(document.services[0].calls.probabilities).toEqual({});
    expect(document.victim).toBeUndefined();
    expect(document.slos).toEqual([{ service: 'api', percentile: 99, latencyMs: 50 }]);
    expect(document['x-team']).toEqual({ owner: 'alice' });
    const both = JSON.parse(applyChange(PRETTY, { type: 'removeServices', indexes: [2, 1] }));
    expect(both.services.map((service: { name: string }) => service.name)).toEqual(['db']);
    expect(both.load.entry).toEqual([]);
  });

  it('removes a dependency (every occurrence) and sets and clears fields', () => {
    const text = applyChange(PRETTY, { type: 'removeDependency', index: 1, dependency: 'db' });
    expect(JSON.parse(text).services[1].dependencies).toEqual([]);
    const set = applyChange(PRETTY, {
      type: 'setValues',
      entries: [
        { path: ['services', 1, 'timeoutMs'], value: 250 },
        { path: ['services', 1, 'x-notes'], value: undefined },
        { path: ['services', 1, 'retries', 'count'], value: 2 },
      ],
    });
    expect(JSON.parse(set).services[1]).toMatchObject({ timeoutMs: 250, retries: { count: 2 } });
    expect(JSON.parse(set).services[1]['x-notes']).toBeUndefined();
  });

  it('refuses every change while the text does not parse', () => {
    expect(() => applyChange('{ "services": [', { type: 'removeServices', indexes: [0] })).toThrow(
      /does not parse/,
    );
  });

  it('finds unused names', () => {
    expect(uniqueServiceName('karyon', ['karyon', 'karyon-2'])).toBe('karyon-3');
    expect(uniqueServiceName('api-2', ['api-2'])).toBe('api-3');
    expect(uniqueServiceName('eureka', [])).toBe('service');
  });
});

describe('the document store', () => {
  it('undoes and redoes canvas, inspector and text edits in one history', () => {
    const time = clock();
    const store = new DocumentStore(PRETTY, time);
    store.apply(
      { type: 'moveServices', positions: [{ index: 0, position: { x: 10.4, y: 20.6 } }] },
      {
        label: 'Move db',
        source: 'canvas',
      },
    );
    time.advance(5000);
    store.apply(
      { type: 'setValues', entries: [{ path: ['services', 1, 'count'], value: 5 }] },
      {
        label: 'Set count',
        source: 'inspector',
      },
    );
    time.advance(5000);
    const typed = store.text.replace('"arch": "shop"', '"arch": "shop2"');
    store.apply(
      { type: 'text', diff: diffTexts(store.text, typed) },
      { label: 'Typing', source: 'text', mergeKey: 'typing' },
    );
    const final = store.text;
    expect(JSON.parse(final)).toMatchObject({
      arch: 'shop2',
      services: [{ position: { x: 10, y: 21 } }, { count: 5 }, {}],
    });
    expect(store.getSnapshot().undoLabel).toBe('Typing');

    expect(store.undo()).toBe(true);
    expect(JSON.parse(store.text).arch).toBe('shop');
    expect(store.undo()).toBe(true);
    expect(JSON.parse(store.text).services[1].count).toBe(3);
    expect(store.undo()).toBe(true);
    expect(store.text).toBe(PRETTY);
    expect(store.undo()).toBe(false);
    expect(store.getSnapshot().lastEdit?.source).toBe('history');

    store.redo();
    store.redo();
    store.redo();
    expect(store.text).toBe(final);
    expect(store.redo()).toBe(false);
  });

  it('merges typing within a second into one step, and a new edit clears the redo stack', () => {
    const time = clock();
    const store = new DocumentStore('{"a": 1}', time);
    for (const text of ['{"a": 12}', '{"a": 123}', '{"a": 1234}']) {
      store.apply(
        { type: 'text', diff: diffTexts(store.text, text) },
        { label: 'Typing', source: 'text', mergeKey: 'typing' },
      );
      time.advance(300);
    }
    time.advance(2000);
    store.apply(
      { type: 'text', diff: diffTexts(store.text, '{"a": 12345}') },
      { label: 'Typing', source: 'text', mergeKey: 'typing' },
    );
    store.undo();
    expect(store.text).toBe('{"a": 1234}');
    store.undo();
    expect(store.text).toBe('{"a": 1}');
    // Typing somewhere else within the second is a step of its own.
    store.apply(
      { type: 'text', diff: diffTexts(store.text, '{"a": 1, "b": 2}') },
      { label: 'Typing', source: 'text', mergeKey: 'typing' },
    );
    store.apply(
      { type: 'text', diff: diffTexts(store.text, '{"z": 0, "a": 1, "b": 2}') },
      { label: 'Typing', source: 'text', mergeKey: 'typing' },
    );
    store.undo();
    expect(store.text).toBe('{"a": 1, "b": 2}');
    store.undo();
    expect(store.text).toBe('{"a": 1}');
    store.redo();
    store.apply({ type: 'replaceText', text: '{}' }, { label: 'Replace', source: 'text' });
    expect(store.getSnapshot().redoLabel).toBeNull();
  });

  it('keeps at least 100 steps', () => {
    const store = new DocumentStore('{"n": 0}');
    for (let step = 1; step <= HISTORY_LIMIT + 20; step++) {
      store.apply(
        { type: 'setValues', entries: [{ path: ['n'], value: step }] },
        { label: 'n', source: 'inspector' },
      );
    }
    let undone = 0;
    while (store.undo()) undone++;
    expect(undone).toBe(HISTORY_LIMIT);
    expect(HISTORY_LIMIT).toBeGreaterThanOrEqual(100);
    expect(JSON.parse(store.text).n).toBe(20);
  });

  it('leaves text and history alone when a change cannot be made', () => {
    const store = new DocumentStore(PRETTY);
    const result = store.apply(
      { type: 'renameService', index: 0, name: 'api' },
      { label: 'Rename', source: 'canvas' },
    );
    expect(result).toEqual({ ok: false, message: 'There is already a service named "api".' });
    expect(store.text).toBe(PRETTY);
    expect(store.getSnapshot().undoLabel).toBeNull();
  });

  it('starts a new history for another document', () => {
    const store = new DocumentStore(PRETTY);
    store.apply({ type: 'removeServices', indexes: [0] }, { label: 'Delete', source: 'canvas' });
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.getSnapshot().documentId));
    store.open(LAMP);
    expect(seen).toEqual([1]);
    expect(store.undo()).toBe(false);
    expect(store.text).toBe(LAMP);
  });
});
