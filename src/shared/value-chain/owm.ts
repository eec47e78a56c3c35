/**
 * OnlineWardleyMaps text in and out (`archsim owm`, `archsim import map.owm`, File → Import).
 *
 * Out: `title`, `anchor Name [visibility, maturity]`, `component Name [visibility, maturity]` per
 * service, `A->B` per dependency (and from the anchor to the top of each chain), `evolve Name
 * maturity` per evolve arrow, `build` / `buy` / `outsource Name`, `note text [visibility,
 * maturity]`. What OWM cannot hold goes in comments, which OWM drops before it parses:
 * - `// archsim document {…}` after the title: the document's own fields but the services (a
 *   `null` placeholder keeps their place) and the value chain's, e.g. `arch`, `load`, `scenarios`;
 * - `// archsim {…}` at the end of each component line: the service's fields but its name, links,
 *   position on the map, sourcing and evolve target — its package, count, latency…, and its evolve
 *   arrow's profile.
 * A `null` in them marks a field the document left unset (a computed visibility, the package's
 * evolution, the default title): it stays unset on the way back unless the map moved it. A stage
 * name marks an evolution written as a stage. So `fromOwm(toOwm(document))` gives the document
 * back, values rounded to OWM's two decimals, and a map edited in OWM comes back with its edits.
 *
 * In: components (and markets, ecosystems, submaps) become services — the package from the
 * archsim comment, else guessed from the name (guessPackageFromName); links become dependencies,
 * maturity the evolution, visibility a pinned visibility; `evolve` an evolve arrow; the anchor,
 * notes and title the value chain's settings. What archsim cannot use (pipelines, annotations,
 * styles…) and lines it cannot read are reported with their line number, never a crash.
 */
import type { ArchDocument, Service } from '../document/schema.ts';
import { guessPackageFromName } from '../import/package-guess.ts';
import { anchorTargets, packageEvolution, valueChain } from './model.ts';
import { isEvolutionStage, stageMidpoint } from './stages.ts';
import {
  owmName,
  owmNumber,
  readElement,
  readLink,
  readName,
  splitComment,
  stripBlockComments,
  type OwmElement,
} from './owm-syntax.ts';

export interface OwmProblem {
  /** 1-based line of the map text. */
  readonly line: number;
  readonly message: string;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Two values within OWM's rounding of each other. */
const same = (left: number, right: number) => Math.abs(left - right) < 0.0051;

/**
 * JSON for a comment line. NOTE: a slash next to a star inside its strings is written `\u002f`
 * (the same text to JSON), because OWM opens a block comment at a slash-star anywhere on a line.
 */
const commentJson = (value: unknown) =>
  JSON.stringify(value).replace(/\/\*/g, '\\u002f*').replace(/\*\//g, '*\\u002f');

const coordinates = (visibility: number, evolution: number) =>
  `[${owmNumber(visibility)}, ${owmNumber(evolution)}]`;

/** What the `// archsim {…}` comment of a service holds: everything OWM's lines do not. */
function serviceComment(service: Service, linked: readonly string[]): JsonObject {
  const { name: _name, dependencies, evolution, visibility, sourcing: _sourcing, evolve, ...rest } = service;
  const comment: JsonObject = { ...rest };
  if (evolution === undefined) comment['evolution'] = null;
  else if (typeof evolution === 'string') comment['evolution'] = evolution;
  if (visibility === undefined) comment['visibility'] = null;
  const asLinked = Array.isArray(dependencies) && dependencies.length === linked.length;
  if (!asLinked || dependencies.some((dependency, index) => dependency !== linked[index])) {
    comment['dependencies'] = dependencies ?? null;
  }
  if (evolve) {
    const { evolution: target, ...profile } = evolve;
    const kept: JsonObject = { ...profile };
    if (typeof target === 'string') kept['evolution'] = target;
    if (Object.keys(kept).length > 0) comment['evolve'] = kept;
  }
  return comment;
}

/** The value chain of a document as OnlineWardleyMaps text. */
export function toOwm(document: ArchDocument): string {
  const chain = valueChain(document);
  const serviceByName = new Map<string, Service>();
  for (const service of document.services)
    if (!serviceByName.has(service.name)) serviceByName.set(service.name, service);
  const lines = [`title ${chain.title.replace(/\s+/g, ' ').trim()}`];

  const header: JsonObject = { ...document, services: null };
  const markers: JsonObject = {};
  if (document.valueChain?.title === undefined) markers['title'] = null;
  const anchor = document.valueChain?.anchor;
  if (anchor && (anchor.visibility === undefined || anchor.evolution === undefined)) {
    markers['anchor'] = {
      ...(anchor.visibility === undefined ? { visibility: null } : {}),
      ...(anchor.evolution === undefined ? { evolution: null } : {}),
    };
  }
  header['valueChain'] = markers;
  lines.push(`// archsim document ${commentJson(header)}`);

  if (chain.anchor) {
    lines.push(
      `anchor ${owmName(chain.anchor.name)} ${coordinates(chain.anchor.visibility, chain.anchor.evolution)}`,
    );
  }
  const linksFrom = new Map<string, string[]>();
  for (const link of chain.links) {
    const list = linksFrom.get(link.from) ?? [];
    list.push(link.to);
    linksFrom.set(link.from, list);
  }
  const placed = new Map<string, number>();
  for (const node of chain.nodes) {
    const service = serviceByName.get(node.name) as Service;
    const at = coordinates(node.visibility, node.evolution);
    const crowd = placed.get(at) ?? 0;
    placed.set(at, crowd + 1);
    // Components on one spot would print their names on top of each other: move the later labels.
    const label = crowd === 0 ? '' : ` label [5, ${-10 + 14 * crowd}]`;
    const linked = linksFrom.get(node.name) ?? [];
    lines.push(
      `component ${owmName(node.name)} ${at}${label} // archsim ${commentJson(serviceComment(service, linked))}`,
    );
  }
  if (chain.anchor) {
    for (const target of anchorTargets(chain)) {
      lines.push(`${owmName(chain.anchor.name, 'link')}->${owmName(target)}`);
    }
  }
  for (const link of chain.links) lines.push(`${owmName(link.from, 'link')}->${owmName(link.to)}`);
  for (const node of chain.nodes) {
    if (node.evolve) lines.push(`evolve ${owmName(node.name, 'evolve')} ${owmNumber(node.evolve.evolution)}`);
  }
  for (const node of chain.nodes) if (node.sourcing) lines.push(`${node.sourcing} ${owmName(node.name)}`);
  for (const note of chain.notes) {
    lines.push(`note ${owmName(note.text)} ${coordinates(note.visibility, note.evolution)}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Component extends OwmElement {
  readonly line: number;
  readonly comment: JsonObject | null;
  sourcing?: string;
  evolveTo?: { readonly maturity: number; readonly line: number };
}

const IGNORED: Readonly<Record<string, string>> = {
  pipeline: 'pipelines',
  annotation: 'annotations',
  annotations: 'annotations',
  style: 'map styles (archsim draws its own)',
  size: 'map sizes',
  evolution: 'custom evolution axis labels (archsim uses the four stages)',
  pioneers: 'pioneers, settlers and town planners',
  settlers: 'pioneers, settlers and town planners',
  townplanners: 'pioneers, settlers and town planners',
  url: 'URLs',
  accelerator: 'accelerators',
  deaccelerator: 'accelerators',
};

/** A name for the architecture from a map's title: "Tea Shop" → "tea-shop". */
function archName(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'value-chain' : slug;
}

/** Reads OnlineWardleyMaps text as an architecture document, with what it could not use. */
export function fromOwm(text: string): { document: ArchDocument; problems: OwmProblem[] } {
  const problems: OwmProblem[] = [];
  const report = (line: number, message: string) => problems.push({ line, message });
  const components: Component[] = [];
  const anchors: (OwmElement & { line: number })[] = [];
  const links: { from: string; to: string; line: number }[] = [];
  const methods: { name: string; method: string; line: number }[] = [];
  const evolves: { name: string; maturity: number; line: number }[] = [];
  const notes: { text: string; visibility: number; evolution: number }[] = [];
  let title: string | null = null;
  let header: JsonObject | null = null;

  const unit = (value: number, what: string, line: number): number => {
    if (value >= 0 && value <= 1) return value;
    report(line, `${what} ${value} is outside 0–1: placed at ${value < 0 ? 0 : 1}`);
    return Math.min(1, Math.max(0, value));
  };
  const lines = stripBlockComments(text.replace(/^\uFEFF/, '').split(/\r?\n|\r/));
  lines.forEach((raw, index) => {
    const line = index + 1;
    const { code: rawCode, comment } = splitComment(raw);
    let archsim: JsonObject | null = null;
    if (comment !== null && /^archsim\b/.test(comment)) {
      const isHeader = /^archsim\s+document\b/.test(comment);
      const json = comment.replace(isHeader ? /^archsim\s+document/ : /^archsim/, '').trim();
      try {
        const value = JSON.parse(json) as unknown;
        if (!isObject(value)) throw new SyntaxError('not an object');
        if (isHeader) header = value;
        else archsim = value;
      } catch {
        report(line, 'the archsim comment is not a JSON object: ignored');
      }
    }
    const code = rawCode.trim();
    if (code === '') return;
    const keyword = /^[A-Za-z-]+/.exec(code)?.[0] ?? '';
    const rest = code.slice(keyword.length);
    const statement = keyword !== '' && (rest === '' || /^\s/.test(rest));
    if (statement && keyword === 'title') {
      if (title === null) title = rest.trim();
      else report(line, 'a second title: ignored');
    } else if (statement && ['anchor', 'component', 'market', 'ecosystem', 'submap'].includes(keyword)) {
      const element = readElement(rest);
      if (element.problem) report(line, element.problem);
      if (element.name === '') return report(line, `${keyword} without a name: ignored`);
      if (keyword === 'anchor') return void anchors.push({ ...element, line });
      if (keyword !== 'component') report(line, `${keyword} "${element.name}" is imported as a service`);
      const inertia = element.decorators.includes('inertia');
      if (inertia) report(line, `inertia of "${element.name}" is not kept`);
      const placed =
        element.visibility === undefined
          ? {}
          : {
              visibility: unit(element.visibility, 'visibility', line),
              maturity: unit(element.maturity as number, 'maturity', line),
            };
      const component: Component = { ...element, ...placed, line, comment: archsim };
      const method = element.decorators.find((decorator) =>
        ['build', 'buy', 'outsource'].includes(decorator),
      );
      if (method) component.sourcing = method;
      if (element.evolve !== undefined) component.evolveTo = { maturity: element.evolve, line };
      components.push(component);
    } else if (statement && keyword === 'evolve') {
      const match = /^(.*?)\s+(\d*\.?\d+)\s*(label\s*\[[^\]]*\])?\s*(\(\s*(\w+)\s*\))?$/.exec(rest.trim());
      const named = match ? readName(match[1] as string, /->/) : null;
      if (!match || !named || named.name === '') return report(line, 'evolve must be "evolve NAME MATURITY"');
      const renamed = named.rest.trim();
      if (renamed.startsWith('->')) {
        report(
          line,
          `"${named.name}" evolves under its own name (the new name ${renamed.slice(2).trim()} is not kept)`,
        );
      }
      if (match[5]) report(line, `(${match[5]}) on an evolve arrow is not kept`);
      evolves.push({ name: named.name, maturity: unit(Number(match[2]), 'maturity', line), line });
    } else if (statement && ['build', 'buy', 'outsource'].includes(keyword)) {
      const named = readName(rest, /$/);
      if (!named || named.name === '') return report(line, `${keyword} must name a component`);
      methods.push({ name: named.name, method: keyword, line });
    } else if (statement && keyword === 'note') {
      const element = readElement(rest);
      if (element.problem) report(line, element.problem);
      notes.push({
        text: element.name,
        visibility: unit(element.visibility ?? 0.9, 'visibility', line),
        evolution: unit(element.maturity ?? 0.1, 'maturity', line),
      });
    } else if (statement && IGNORED[keyword] !== undefined) {
      report(line, `${IGNORED[keyword]}: not part of archsim's value chain, ignored`);
    } else {
      const link = readLink(code);
      if (link === null) return report(line, `not OnlineWardleyMaps syntax archsim reads: "${code}"`);
      if (link.context) report(line, `the context of the link ${link.from}->${link.to} is not kept`);
      links.push({ from: link.from, to: link.to, line });
    }
  });

  // Names: the first component of a name wins; the anchor is not a component.
  const anchor = anchors[0];
  for (const extra of anchors.slice(1))
    report(extra.line, `a second anchor "${extra.name}": only "${anchor?.name}" is kept`);
  const anchorNames = new Set(anchors.map((entry) => entry.name));
  const byName = new Map<string, Component>();
  for (const component of components) {
    if (byName.has(component.name) || anchorNames.has(component.name)) {
      report(component.line, `"${component.name}" is already defined: this one is ignored`);
    } else {
      byName.set(component.name, component);
    }
  }
  const dependencies = new Map<string, string[]>();
  const entries: string[] = [];
  for (const link of links) {
    const known = (name: string) => byName.has(name) || anchorNames.has(name);
    const unknown = [link.from, link.to].find((name) => !known(name));
    if (unknown !== undefined) {
      report(link.line, `the link ${link.from}->${link.to} names no component "${unknown}": ignored`);
    } else if (anchorNames.has(link.to)) {
      report(link.line, `the link ${link.from}->${link.to} points at the anchor: ignored`);
    } else if (anchorNames.has(link.from)) {
      if (!entries.includes(link.to)) entries.push(link.to);
    } else {
      const list = dependencies.get(link.from) ?? [];
      if (!list.includes(link.to)) list.push(link.to);
      dependencies.set(link.from, list);
    }
  }
  for (const evolve of evolves) {
    const component = byName.get(evolve.name);
    if (component) component.evolveTo = { maturity: evolve.maturity, line: evolve.line };
    else report(evolve.line, `evolve names no component "${evolve.name}": ignored`);
  }
  for (const method of methods) {
    const component = byName.get(method.name);
    if (component) component.sourcing = method.method;
    else report(method.line, `${method.method} names no component "${method.name}": ignored`);
  }

  const names = new Set(byName.keys());
  const services = [...byName.values()].map((component) => buildService(component, dependencies, names));
  const documentHeader = header as JsonObject | null;
  const markers = isObject(documentHeader?.['valueChain']) ? documentHeader['valueChain'] : {};
  const document: JsonObject = documentHeader
    ? { ...documentHeader, services }
    : {
        archsimVersion: 1,
        arch: archName(title ?? ''),
        description: 'Imported from an OnlineWardleyMaps map.',
        services,
        ...(entries.length > 0 ? { load: { entry: entries } } : {}),
      };
  const settings: JsonObject = {};
  if (title !== null && title !== '') settings['title'] = title;
  if (anchor) {
    settings['anchor'] = {
      name: anchor.name,
      ...(anchor.visibility === undefined
        ? {}
        : { visibility: unit(anchor.visibility, 'visibility', anchor.line) }),
      ...(anchor.maturity === undefined
        ? {}
        : { evolution: unit(anchor.maturity as number, 'maturity', anchor.line) }),
    };
  }
  if (notes.length > 0) settings['notes'] = notes;
  document['valueChain'] = settings;
  unsetComputed(document, components, markers, report);
  if (Object.keys(settings).length === 0) delete document['valueChain'];
  problems.sort((left, right) => left.line - right.line);
  return { document: document as ArchDocument, problems };
}

/** A component as a service: its archsim comment's fields, or a guessed package and counts. */
function buildService(
  component: Component,
  dependencies: ReadonlyMap<string, string[]>,
  componentNames: ReadonlySet<string>,
): JsonObject {
  const comment = component.comment ?? {};
  const {
    name: _name,
    evolution: evolutionMark,
    visibility: _visibility,
    dependencies: kept,
    evolve,
    ...rest
  } = comment;
  const service: JsonObject = { name: component.name };
  const packageName =
    typeof rest['package'] === 'string' ? rest['package'] : guessPackageFromName(component.name);
  if (component.comment === null) {
    service['package'] = packageName;
    service['count'] = packageName === 'denominator' || packageName === 'elb' ? 0 : 3;
    service['regions'] = packageName === 'denominator' ? 0 : 1;
  } else {
    Object.assign(service, { package: packageName, ...rest });
  }
  const linked = dependencies.get(component.name) ?? [];
  if (Array.isArray(kept)) {
    // The document's own list, less the links the map no longer shows, then the links it added.
    // Self-dependencies (peer rings), eureka and names the map does not show are never links.
    const linkable = (name: string) => name !== component.name && componentNames.has(name);
    const own = kept.filter(
      (name): name is string => typeof name === 'string' && (!linkable(name) || linked.includes(name)),
    );
    service['dependencies'] = [...own, ...linked.filter((name) => !own.includes(name))];
  } else if (kept === null && linked.length === 0) {
    service['dependencies'] = null;
  } else {
    service['dependencies'] = linked;
  }
  if (component.maturity !== undefined) {
    const maturity = component.maturity;
    if (evolutionMark === null && same(maturity, packageEvolution(packageName))) {
      // Left unset: still the package's evolution.
    } else if (isEvolutionStage(evolutionMark) && same(maturity, stageMidpoint(evolutionMark))) {
      service['evolution'] = evolutionMark;
    } else {
      service['evolution'] = maturity;
    }
  }
  if (component.visibility !== undefined) service['visibility'] = component.visibility;
  if (component.sourcing) service['sourcing'] = component.sourcing;
  if (component.evolveTo) {
    const profile = isObject(evolve) ? evolve : {};
    const mark = profile['evolution'];
    const target = component.evolveTo.maturity;
    service['evolve'] = {
      ...profile,
      evolution: isEvolutionStage(mark) && same(target, stageMidpoint(mark)) ? mark : target,
    };
  }
  return service;
}

/**
 * Unsets what the archsim comments marked as computed (visibility, the value chain's title and
 * anchor position) where the map still shows the computed value: the document keeps computing
 * it. Where the user moved it in the map, the map's value stays, pinned.
 */
function unsetComputed(
  document: JsonObject,
  components: readonly Component[],
  markers: JsonObject,
  report: (line: number, message: string) => void,
): void {
  const services = document['services'] as JsonObject[];
  const commentOf = new Map(components.map((component) => [component.name, component.comment]));
  const computed = services.filter(
    (service) =>
      commentOf.get(service['name'] as string)?.['visibility'] === null &&
      typeof service['visibility'] === 'number',
  );
  const settings = document['valueChain'] as JsonObject;
  const anchorMarkers = isObject(markers['anchor']) ? markers['anchor'] : {};
  const anchor = settings['anchor'] as JsonObject | undefined;
  const shown = {
    visibilities: new Map(computed.map((service) => [service, service['visibility'] as number])),
    title: settings['title'],
    anchorVisibility: anchor?.['visibility'],
    anchorEvolution: anchor?.['evolution'],
  };
  for (const service of computed) delete service['visibility'];
  if (markers['title'] === null) delete settings['title'];
  if (anchor && anchorMarkers['visibility'] === null) delete anchor['visibility'];
  if (anchor && anchorMarkers['evolution'] === null) delete anchor['evolution'];
  let chain: ReturnType<typeof valueChain>;
  try {
    chain = valueChain(document as ArchDocument);
  } catch {
    report(1, 'the map could not be read as a value chain');
    return;
  }
  const nodeByName = new Map(chain.nodes.map((node) => [node.name, node]));
  for (const service of computed) {
    const node = nodeByName.get(service['name'] as string);
    const value = shown.visibilities.get(service) as number;
    if (!node || !same(node.visibility, value)) service['visibility'] = value;
  }
  if (typeof shown.title === 'string' && shown.title !== chain.title) settings['title'] = shown.title;
  if (anchor && chain.anchor) {
    const { anchorVisibility, anchorEvolution } = shown;
    if (typeof anchorVisibility === 'number' && !same(anchorVisibility, chain.anchor.visibility))
      anchor['visibility'] = anchorVisibility;
    if (typeof anchorEvolution === 'number' && !same(anchorEvolution, chain.anchor.evolution))
      anchor['evolution'] = anchorEvolution;
  }
}
