/**
 * Access to spigo's compatibility corpus (../shared/spigo: architecture files, the files spigo
 * rejects, and its reference graph outputs). ARCHSIM_SPIGO_DIR overrides the location.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const spigoDirectory =
  process.env['ARCHSIM_SPIGO_DIR'] ?? path.resolve(repositoryRoot, '../shared/spigo');

export function spigoFile(...parts: string[]): string {
  return path.join(spigoDirectory, ...parts);
}

export function readSpigoJson(...parts: string[]): unknown {
  return JSON.parse(readFileSync(spigoFile(...parts), 'utf8')) as unknown;
}

export function listSpigo(folder: string): string[] {
  return readdirSync(spigoFile(folder))
    .filter((name) => name.endsWith('.json'))
    .sort();
}

export interface ReferenceGraph {
  readonly file: string;
  readonly arch: string;
  readonly scale: number;
  readonly regions: number;
  readonly collapse: boolean;
  readonly nodes: { name: string; packageName: string; ip: string }[];
  readonly edges: { source: string; target: string }[];
  readonly done: string[];
}

/** Reads a reference graph and the spigo options recorded in its `args` field. */
export function readReferenceGraph(file: string): ReferenceGraph {
  const json = readSpigoJson('json', file) as { args: string; arch: string; graph: Record<string, string>[] };
  const words = json.args.replace(/^\[|\]$/g, '').split(/\s+/);
  const option = (flag: string): string | undefined => {
    const index = words.indexOf(flag);
    return index >= 0 ? words[index + 1] : undefined;
  };
  return {
    file,
    arch: option('-a') ?? 'netflixoss',
    scale: Number(option('-p') ?? 100),
    regions: Number(option('-w') ?? 1),
    collapse: words.includes('-f'),
    nodes: json.graph
      .filter((entry) => entry['node'] !== undefined)
      .map((entry) => ({
        name: entry['node'] as string,
        packageName: entry['package'] as string,
        ip: (entry['metadata'] as string).replace(/^IP\//, ''),
      })),
    edges: json.graph
      .filter((entry) => entry['edge'] !== undefined)
      .map((entry) => ({ source: entry['source'] as string, target: entry['target'] as string })),
    done: json.graph.filter((entry) => entry['done'] !== undefined).map((entry) => entry['done'] as string),
  };
}
