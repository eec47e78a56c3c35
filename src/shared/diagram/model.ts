/**
 * What a diagram shows of a document: a node per service and a directed edge per dependency,
 * read tolerantly from any parsed JSON value (a document with errors is drawn as far as it can
 * be: a missing name or an unknown package does not hide the service). The studio's canvas, the
 * exported SVG and the auto-layout all start from this model.
 */

/** Where a node sits on the canvas (top-left corner, canvas units). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The size every service node is drawn at, on the canvas and in SVG alike. */
export const NODE_WIDTH = 184;
export const NODE_HEIGHT = 64;

/** The pseudo-service spigo creates for discovery; drawn only when asked for. */
export const EUREKA = 'eureka';

export interface DiagramNode {
  /**
   * Stable id: the service's name when it is non-empty and unique in the document, else
   * `#INDEX` (so a half-typed document still has distinct nodes). eureka's id is `eureka`.
   */
  readonly id: string;
  /** Position in the document's `services` array; -1 for the eureka node. */
  readonly index: number;
  /** The service's name as written ('' when missing). */
  readonly name: string;
  readonly packageName: string | undefined;
  /** `count` and `regions` as written (undefined when missing or not a number). */
  readonly count: number | undefined;
  readonly regions: number | undefined;
  /** The stored `position`, when the document has a valid one. */
  readonly position: Point | undefined;
  readonly eureka: boolean;
}

export interface DiagramEdge {
  /** `SOURCE_ID->TARGET_ID`. */
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** Index of the calling service, and of the dependency in its `dependencies` array. */
  readonly sourceIndex: number;
  readonly dependencyIndex: number;
  /** A service depending on itself (a peer ring). */
  readonly selfLoop: boolean;
}

export interface DiagramModel {
  /** `title` or `arch`, when the document has one. */
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

export interface DiagramModelOptions {
  /** Draw the eureka service and the edges of services that list it (default false). */
  readonly showEureka?: boolean;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

function pointOf(value: unknown): Point | undefined {
  if (!isObject(value)) return undefined;
  const x = finite(value['x']);
  const y = finite(value['y']);
  return x === undefined || y === undefined ? undefined : { x, y };
}

/** The diagram of any parsed JSON value (an empty one for anything that is not a document). */
export function diagramModel(value: unknown, options: DiagramModelOptions = {}): DiagramModel {
  if (!isObject(value)) return { title: undefined, description: undefined, nodes: [], edges: [] };
  const services = Array.isArray(value['services']) ? (value['services'] as unknown[]) : [];
  const entries = services.map((service) => (isObject(service) ? service : {}));
  const names = entries.map((service) => (typeof service['name'] === 'string' ? service['name'] : ''));
  const uses = new Map<string, number>();
  for (const name of names) uses.set(name, (uses.get(name) ?? 0) + 1);
  const idOf = (name: string, index: number) =>
    name !== '' && name !== EUREKA && uses.get(name) === 1 ? name : `#${index}`;

  const nodes: DiagramNode[] = entries.map((service, index) => ({
    id: idOf(names[index] as string, index),
    index,
    name: names[index] as string,
    packageName: typeof service['package'] === 'string' ? service['package'] : undefined,
    count: finite(service['count']),
    regions: finite(service['regions']),
    position: pointOf(service['position']),
    eureka: false,
  }));

  const idByName = new Map<string, string>();
  for (const node of nodes) if (node.id === node.name) idByName.set(node.name, node.id);
  const showEureka = options.showEureka === true;
  let eurekaUsed = false;
  const edges: DiagramEdge[] = [];
  const seen = new Set<string>();
  entries.forEach((service, sourceIndex) => {
    const dependencies = Array.isArray(service['dependencies']) ? (service['dependencies'] as unknown[]) : [];
    const source = (nodes[sourceIndex] as DiagramNode).id;
    dependencies.forEach((dependency, dependencyIndex) => {
      if (typeof dependency !== 'string') return;
      let target = idByName.get(dependency);
      if (dependency === EUREKA && target === undefined) {
        if (!showEureka) return;
        eurekaUsed = true;
        target = EUREKA;
      }
      if (target === undefined) return;
      const id = `${source}->${target}`;
      if (seen.has(id)) return;
      seen.add(id);
      edges.push({ id, source, target, sourceIndex, dependencyIndex, selfLoop: source === target });
    });
  });
  if (eurekaUsed) {
    nodes.push({
      id: EUREKA,
      index: -1,
      name: EUREKA,
      packageName: EUREKA,
      count: undefined,
      regions: undefined,
      position: undefined,
      eureka: true,
    });
  }
  return {
    title: text(value['title']) ?? text(value['arch']),
    description: text(value['description']),
    nodes,
    edges,
  };
}

/** "3 × 2": instances per region × regions, as written (spigo's defaults are 0). */
export function countLabel(node: Pick<DiagramNode, 'count' | 'regions'>): string {
  return `${node.count ?? 0} × ${node.regions ?? 0}`;
}

/** The ids of the entry points: nodes no other node depends on (self-loops aside). */
export function entryNodeIds(model: DiagramModel): Set<string> {
  const called = new Set(model.edges.filter((edge) => !edge.selfLoop).map((edge) => edge.target));
  return new Set(model.nodes.filter((node) => !called.has(node.id)).map((node) => node.id));
}
