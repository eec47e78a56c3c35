/**
 * The architecture as a Wardley-style value chain: each service at (evolution, visibility).
 * One pure function of the document, used by the studio's value-chain mode, the exported SVG,
 * the OnlineWardleyMaps text and the command line alike.
 *
 * Evolution (x, 0 genesis … 1 commodity): the service's own `evolution` (a number, or a stage
 * name for that stage's midpoint), else its package's stage (DNS and load balancers commodity,
 * stores and proxies product, business logic custom-built).
 *
 * Visibility (y, 1 top … 0 bottom) follows the dependency chain: the anchor (the user need) at
 * the top, the entry services (`load.entry`, else every denominator) on level 1 (whoever else
 * calls them), each dependency
 * on one level more than the deepest of its callers (the longest path; a cycle is broken where a
 * depth-first walk from the entry services first closes it). A service no entry point reaches is
 * placed the same way from its own callers; one that calls nobody and that nobody calls sits on
 * the bottom level. Levels map linearly onto visibility, from just under the anchor
 * (ANCHOR_VISIBILITY) down to DEEPEST_VISIBILITY for the deepest level; services of one level at
 * (nearly) one evolution are spread a little around their level's visibility so they do not sit
 * on one spot. A service's `visibility` field pins it wherever the user put it.
 *
 * Tolerant: an unknown package, an unknown dependency or a second service of one name never
 * throws (the studio draws documents with errors); dependencies on unknown names are left out.
 */
import { entryServiceNames } from '../document/entries.ts';
import { PACKAGE_PROFILES, isPackageName } from '../document/packages.ts';
import type { ArchDocument, Service } from '../document/schema.ts';
import { evolutionValue, stageMidpoint } from './stages.ts';

/** Where the anchor sits when the document does not say (the top of the map). */
export const ANCHOR_VISIBILITY = 0.96;
/** Where the deepest level of the chain sits. */
export const DEEPEST_VISIBILITY = 0.1;

/** The pseudo-service of service discovery, shown only when asked for (`eureka: true`). */
const EUREKA = 'eureka';

export interface ValueChainNode {
  readonly name: string;
  readonly package: string;
  /** 0 genesis … 1 commodity. */
  readonly evolution: number;
  /** 1 top … 0 bottom. */
  readonly visibility: number;
  /** The document's `visibility` placed it (the user pinned it); false when computed. */
  readonly visibilityPinned: boolean;
  /** True when the evolution is the package's default (the document has no `evolution`). */
  readonly evolutionDefault: boolean;
  /** Depth in the chain: 1 for the entry services, one more per dependency step. */
  readonly level: number;
  readonly sourcing: 'build' | 'buy' | 'outsource' | null;
  /** The evolve arrow's target, when the service has one. */
  readonly evolve: { readonly evolution: number } | null;
}

export interface ValueChain {
  /** `valueChain.title`, else the architecture's name (`arch`), else "Value chain". */
  readonly title: string;
  /**
   * The user need at the top, when the document names one (`valueChain.anchor`). It is not a
   * node; it connects to the nodes on level 1 (see `anchorTargets`).
   */
  readonly anchor: { readonly name: string; readonly evolution: number; readonly visibility: number } | null;
  /** One node per service, in document order (the first of two services of one name). */
  readonly nodes: readonly ValueChainNode[];
  /** Caller → dependency, once per pair, between nodes; self-dependencies (peer rings) left out. */
  readonly links: readonly { readonly from: string; readonly to: string }[];
  readonly notes: readonly {
    readonly text: string;
    readonly evolution: number;
    readonly visibility: number;
  }[];
}

export interface ValueChainOptions {
  /** Show eureka (service discovery) as a node, linked from the services that register with it. */
  readonly eureka?: boolean;
}

/** A package's evolution: its stage's midpoint (eureka: product; unknown names: custom-built). */
export function packageEvolution(packageName: unknown): number {
  if (isPackageName(packageName)) return stageMidpoint(PACKAGE_PROFILES[packageName].defaults.evolution);
  return stageMidpoint(packageName === EUREKA ? 'product' : 'custom');
}

/** A service's evolution: its explicit number, its stage's midpoint, or its package's default. */
export function evolutionOf(service: Service): number {
  return evolutionValue(service.evolution) ?? packageEvolution(service.package);
}

/** The visibility of a level of the chain (1 = entry services) when the deepest level is `deepest`. */
export function levelVisibility(level: number, deepest: number): number {
  const step = (ANCHOR_VISIBILITY - DEEPEST_VISIBILITY) / Math.max(deepest, 2);
  return Math.round((ANCHOR_VISIBILITY - level * step) * 1000) / 1000;
}

/**
 * Longest-path levels of a directed graph given as callee lists (indexes), with `entries` on
 * level 1 whoever calls them. Edges that close a cycle in a depth-first walk (from the entries
 * first, then the rest in order) are ignored. Nodes without callers and without callees get the
 * deepest level.
 * Iterative throughout: a chain of thousands of services must not exhaust the stack.
 */
export function chainLevels(callees: readonly (readonly number[])[], entries: readonly number[]): number[] {
  const count = callees.length;
  const state = new Uint8Array(count); // 0 unseen, 1 on the path, 2 done
  const kept: number[][] = callees.map(() => []);
  const entrySet = new Set(entries);
  const roots = [...entries, ...callees.keys()];
  for (const root of roots) {
    if (state[root] !== 0) continue;
    const path = [root];
    const next = [0];
    state[root] = 1;
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top] as number;
      const callee = (callees[node] as readonly number[])[next[top] as number];
      if (callee === undefined) {
        state[node] = 2;
        path.pop();
        next.pop();
        continue;
      }
      next[top] = (next[top] as number) + 1;
      // A call that closes a cycle, or into an entry service (always on top), is not a step down.
      if (state[callee] === 1 || entrySet.has(callee)) continue;
      (kept[node] as number[]).push(callee);
      if (state[callee] === 0) {
        state[callee] = 1;
        path.push(callee);
        next.push(0);
      }
    }
  }
  // Kahn's order over the acyclic edges, then the longest path from the roots.
  const callers = new Uint32Array(count);
  for (const list of kept) for (const callee of list) callers[callee] = (callers[callee] as number) + 1;
  const called = new Uint8Array(count);
  for (const list of callees) for (const callee of list) called[callee] = 1;
  const isolated = callees.map((list, node) => list.length === 0 && called[node] === 0);
  const level = new Array<number>(count).fill(1);
  const remaining = Uint32Array.from(callers);
  const queue: number[] = [];
  for (let node = 0; node < count; node++) if (remaining[node] === 0) queue.push(node);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const callee of kept[node] as number[]) {
      level[callee] = Math.max(level[callee] as number, (level[node] as number) + 1);
      remaining[callee] = (remaining[callee] as number) - 1;
      if (remaining[callee] === 0) queue.push(callee);
    }
  }
  let deepest = 1;
  level.forEach((value, node) => {
    if (!isolated[node] || entrySet.has(node)) deepest = Math.max(deepest, value);
  });
  return level.map((value, node) => (isolated[node] && !entrySet.has(node) ? deepest : value));
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));

/** A number 0–1 as written (clamped), or `fallback` for anything else. */
const unitOr = (value: unknown, fallback: number) =>
  typeof value === 'number' && Number.isFinite(value) ? clamp(value) : fallback;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SOURCING = ['build', 'buy', 'outsource'] as const;

/** Services of one level closer than this on the evolution axis would be drawn on one spot. */
const CROWDED = 0.03;

/**
 * Small visibility offsets that keep services of one level and (nearly) one evolution apart —
 * two karyon services called by the same proxy would otherwise share a point. Each crowd is
 * spread evenly over at most ±0.04 (a third of a level's step at most), first in document order
 * on top. Pinned services are left where the user put them.
 */
function crowdOffsets(
  levels: readonly number[],
  evolutions: readonly number[],
  pinned: readonly boolean[],
  deepest: number,
): number[] {
  const offsets = new Array<number>(levels.length).fill(0);
  const spread = Math.min(0.04, (ANCHOR_VISIBILITY - DEEPEST_VISIBILITY) / Math.max(deepest, 2) / 3);
  const byLevel = new Map<number, number[]>();
  levels.forEach((level, index) => {
    if (pinned[index]) return;
    const members = byLevel.get(level) ?? [];
    members.push(index);
    byLevel.set(level, members);
  });
  for (const members of byLevel.values()) {
    const sorted = [...members].sort(
      (left, right) => (evolutions[left] as number) - (evolutions[right] as number) || left - right,
    );
    let start = 0;
    for (let index = 1; index <= sorted.length; index++) {
      const first = evolutions[sorted[start] as number] as number;
      if (index < sorted.length && (evolutions[sorted[index] as number] as number) - first < CROWDED)
        continue;
      const crowd = sorted.slice(start, index).sort((left, right) => left - right);
      crowd.forEach((member, position) => {
        if (crowd.length > 1) offsets[member] = spread - (2 * spread * position) / (crowd.length - 1);
      });
      start = index;
    }
  }
  return offsets;
}

/** The value chain of a document. */
export function valueChain(document: ArchDocument, options: ValueChainOptions = {}): ValueChain {
  const services: Service[] = [];
  const indexByName = new Map<string, number>();
  for (const service of Array.isArray(document.services) ? document.services : []) {
    if (typeof service?.name !== 'string' || indexByName.has(service.name)) continue;
    indexByName.set(service.name, services.length);
    services.push(service);
  }
  const showEureka =
    options.eureka === true &&
    !indexByName.has(EUREKA) &&
    services.some((service) => Array.isArray(service.dependencies) && service.dependencies.includes(EUREKA));
  const eurekaIndex = services.length;
  const callees: number[][] = services.map((service) => {
    const list: number[] = [];
    for (const dependency of Array.isArray(service.dependencies) ? service.dependencies : []) {
      const index = dependency === EUREKA && showEureka ? eurekaIndex : indexByName.get(dependency);
      if (index === undefined || index === indexByName.get(service.name) || list.includes(index)) continue;
      list.push(index);
    }
    return list;
  });
  if (showEureka) callees.push([]);
  const entries = entryServiceNames(document)
    .map((name) => indexByName.get(name))
    .filter((index): index is number => index !== undefined);
  const levels = chainLevels(callees, entries);
  const deepest = Math.max(1, ...levels);

  const evolutions = services.map(evolutionOf);
  const pinnedAt = services.map(
    (service) => typeof service.visibility === 'number' && Number.isFinite(service.visibility),
  );
  const offsets = crowdOffsets(levels.slice(0, services.length), evolutions, pinnedAt, deepest);
  const nodes: ValueChainNode[] = services.map((service, index) => {
    const level = levels[index] as number;
    const pinned = pinnedAt[index] as boolean;
    const evolution = evolutions[index] as number;
    const target = isObject(service.evolve) ? evolutionValue(service.evolve.evolution) : undefined;
    return {
      name: service.name,
      package: typeof service.package === 'string' ? service.package : '',
      evolution,
      visibility: pinned
        ? clamp(service.visibility as number)
        : Math.round((levelVisibility(level, deepest) + (offsets[index] as number)) * 1000) / 1000,
      visibilityPinned: pinned,
      evolutionDefault: evolutionValue(service.evolution) === undefined,
      level,
      sourcing: SOURCING.find((method) => method === service.sourcing) ?? null,
      evolve: target === undefined ? null : { evolution: target },
    };
  });
  if (showEureka) {
    const level = levels[eurekaIndex] as number;
    nodes.push({
      name: EUREKA,
      package: EUREKA,
      evolution: packageEvolution(EUREKA),
      visibility: levelVisibility(level, deepest),
      visibilityPinned: false,
      evolutionDefault: true,
      level,
      sourcing: null,
      evolve: null,
    });
  }
  const links = callees.flatMap((list, index) =>
    list.map((callee) => ({
      from: (nodes[index] as ValueChainNode).name,
      to: (nodes[callee] as ValueChainNode).name,
    })),
  );

  // Read tolerantly: the studio and `archsim diagram` draw documents with errors too.
  const settings: Record<string, unknown> = isObject(document.valueChain) ? document.valueChain : {};
  const topLevel = nodes.filter((node) => node.level === 1);
  const anchorSettings = isObject(settings['anchor']) ? settings['anchor'] : null;
  const anchorName = anchorSettings?.['name'];
  const anchor =
    anchorSettings && typeof anchorName === 'string' && anchorName !== ''
      ? {
          name: anchorName,
          visibility: unitOr(anchorSettings['visibility'], ANCHOR_VISIBILITY),
          evolution: unitOr(
            anchorSettings['evolution'],
            topLevel.length > 0
              ? Math.round(
                  (topLevel.reduce((sum, node) => sum + node.evolution, 0) / topLevel.length) * 1000,
                ) / 1000
              : 0.5,
          ),
        }
      : null;
  const title = [settings['title'], (document as { title?: unknown }).title, document.arch].find(
    (candidate): candidate is string => typeof candidate === 'string' && candidate.trim() !== '',
  );
  const notes = Array.isArray(settings['notes']) ? (settings['notes'] as unknown[]) : [];
  return {
    title: title ?? 'Value chain',
    anchor,
    nodes,
    links,
    notes: notes.filter(isObject).map((note) => ({
      text: typeof note['text'] === 'string' ? note['text'] : '',
      evolution: unitOr(note['evolution'], 0.5),
      visibility: unitOr(note['visibility'], 0.5),
    })),
  };
}

/** The nodes the anchor connects to: the top of each chain (level 1). Empty without an anchor. */
export function anchorTargets(chain: ValueChain): string[] {
  return chain.anchor === null ? [] : chain.nodes.filter((node) => node.level === 1).map((node) => node.name);
}
