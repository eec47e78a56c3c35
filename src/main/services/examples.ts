/**
 * The `examples.*` services: the example architectures bundled in resources/examples. An id is
 * a file's base name; only names that are plain (see EXAMPLE_ID_PATTERN) and listed in the
 * folder are ever read, so no id can reach outside it.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  EXAMPLE_ID_PATTERN,
  RequestError,
  type ExampleSummary,
  type ExampleText,
} from '@shared/ipc/contract.ts';

/** Examples larger than this are not offered (they are hand-written architectures, not data). */
export const MAX_EXAMPLE_BYTES = 4 * 1024 * 1024;

export interface ExamplesService {
  list(): Promise<ExampleSummary[]>;
  read(id: string): Promise<ExampleText>;
}

export function createExamplesService(directory: string): ExamplesService {
  const root = path.resolve(directory);

  /** The ids of the examples in the folder: plain names of regular `.json` files, sorted. */
  async function listIds(): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(root, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map((entry) => entry.name.slice(0, -'.json'.length))
      .filter((id) => EXAMPLE_ID_PATTERN.test(id))
      .sort();
  }

  async function readText(id: string): Promise<string> {
    if (typeof id !== 'string' || !EXAMPLE_ID_PATTERN.test(id) || !(await listIds()).includes(id)) {
      throw new RequestError(`unknown example ${JSON.stringify(String(id).slice(0, 80))}`);
    }
    const file = path.join(root, `${id}.json`);
    if ((await stat(file)).size > MAX_EXAMPLE_BYTES) {
      throw new RequestError(`example "${id}" is larger than ${MAX_EXAMPLE_BYTES} bytes`);
    }
    return readFile(file, 'utf8');
  }

  return {
    async list() {
      const ids = await listIds();
      return Promise.all(ids.map(async (id) => summarise(id, await readText(id).catch(() => ''))));
    },
    async read(id) {
      return { id, text: await readText(id) };
    },
  };
}

/** Title and description from the document's own fields; an unreadable file still lists. */
function summarise(id: string, text: string): ExampleSummary {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { id, title: id, description: '' };
  }
  const fields = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const stringField = (key: string): string | undefined => {
    const field = fields[key];
    return typeof field === 'string' && field.trim() !== '' ? field.trim() : undefined;
  };
  return {
    id,
    title: stringField('title') ?? stringField('arch') ?? id,
    description: stringField('description') ?? '',
  };
}
