import { describe, expect, it, vi } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import {
  NODE_HEIGHT,
  NODE_WIDTH,
  diagramModel,
  entryNodeIds,
  type DiagramModel,
  type Point,
} from '@shared/diagram/model.ts';
import { elkGraph, layoutDiagram, needsLayout, placeNodes, type ElkLike } from '@shared/diagram/layout.ts';
import { listSpigo, readSpigoJson } from '../../support/spigo.ts';

const elk = new ELK();

/** Whether `to` can be reached from `from` along the model's edges. */
function reaches(model: DiagramModel, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of model.edges) if (edge.source === id) stack.push(edge.target);
  }
  return false;
}

function overlapping(positions: ReadonlyMap<string, Point>): string[] {
  const entries = [...positions];
  const found: string[] = [];
  for (const [index, [a, p]] of entries.entries()) {
    for (const [b, q] of entries.slice(index + 1)) {
      if (Math.abs(p.x - q.x) < NODE_WIDTH && Math.abs(p.y - q.y) < NODE_HEIGHT) found.push(`${a}/${b}`);
    }
  }
  return found;
}

describe('layoutDiagram', () => {
  it('lays netflixoss out left to right from its entry point, one layer per hop', async () => {
    const model = diagramModel(readSpigoJson('json_arch', 'netflixoss_arch.json'));
    const positions = await layoutDiagram(model, elk);
    const x = (id: string) => positions.get(id)!.x;
    expect(x('www')).toBeLessThan(x('www-elb'));
    expect(x('www-elb')).toBeLessThan(x('wwwproxy'));
    expect(x('wwwproxy')).toBeLessThan(x('login'));
    expect(x('login')).toBe(x('homepage'));
    expect(x('login')).toBeLessThan(x('subscriber'));
    expect(x('subscriber')).toBeLessThan(x('cassSubscriber'));
    // 90 between layers.
    expect(x('www-elb') - x('www')).toBe(NODE_WIDTH + 90);
    // 40 between nodes in a layer.
    const login = positions.get('login')!;
    const homepage = positions.get('homepage')!;
    expect(Math.abs(login.y - homepage.y)).toBeGreaterThanOrEqual(NODE_HEIGHT + 40);
  });

  it.each(listSpigo('json_arch'))(
    'places every node of %s without overlaps, entry points first, dependencies to the right',
    async (file) => {
      const model = diagramModel(readSpigoJson('json_arch', file), { showEureka: true });
      const positions = await layoutDiagram(model, elk);
      expect([...positions.keys()].sort()).toEqual(model.nodes.map((node) => node.id).sort());
      expect(overlapping(positions)).toEqual([]);
      const left = Math.min(...[...positions.values()].map((point) => point.x));
      for (const id of entryNodeIds(model)) expect(positions.get(id)!.x, id).toBe(left);
      for (const edge of model.edges) {
        // Edges closing a cycle must run backwards; every other edge runs left to right.
        if (edge.selfLoop || reaches(model, edge.target, edge.source)) continue;
        expect(positions.get(edge.source)!.x + NODE_WIDTH, edge.id).toBeLessThan(
          positions.get(edge.target)!.x,
        );
      }
    },
  );

  it('is deterministic: the same model gives the same positions, from any ELK instance', async () => {
    const model = diagramModel(readSpigoJson('json_arch', 'netflix_arch.json'));
    const first = await layoutDiagram(model, new ELK());
    const second = await layoutDiagram(model, new ELK());
    expect([...second]).toEqual([...first]);
  });

  it('leaves self-loops out of the layout graph and puts entry points in the first layer', () => {
    const model = diagramModel(readSpigoJson('json_arch', 'netflixoss_arch.json'));
    const graph = elkGraph(model);
    expect(model.edges.some((edge) => edge.selfLoop)).toBe(true);
    expect(graph.edges!.map((edge) => edge.id)).toEqual(
      model.edges.filter((edge) => !edge.selfLoop).map((edge) => edge.id),
    );
    const first = graph.children!.filter(
      (child) => child.layoutOptions?.['elk.layered.layering.layerConstraint'] === 'FIRST',
    );
    expect(first.map((child) => child.id)).toEqual(['www']);
    expect(graph.children!.every((child) => child.width === NODE_WIDTH && child.height === NODE_HEIGHT)).toBe(
      true,
    );
    expect(graph.layoutOptions).toMatchObject({ 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT' });
  });

  it('takes other spacing when asked', async () => {
    const model = diagramModel(readSpigoJson('json_arch', 'testyaml_arch.json'));
    const positions = await layoutDiagram(model, elk, { layerSpacing: 200 });
    expect(positions.get('web')!.x - positions.get('nginx')!.x).toBe(NODE_WIDTH + 200);
  });

  it('does not call ELK for an empty diagram', async () => {
    const layout = vi.fn<ElkLike['layout']>();
    expect(await layoutDiagram(diagramModel({ services: [] }), { layout })).toEqual(new Map());
    expect(layout).not.toHaveBeenCalled();
  });
});

describe('placeNodes and needsLayout', () => {
  const document = {
    services: [
      { name: 'www', package: 'denominator', dependencies: ['app'], position: { x: 500, y: -20 } },
      { name: 'app', package: 'monolith', dependencies: ['db'] },
      { name: 'db', package: 'store' },
    ],
  };

  it('keeps stored positions over computed ones', async () => {
    const model = diagramModel(document);
    expect(needsLayout(model)).toBe(true);
    const computed = await layoutDiagram(model, elk);
    const placed = placeNodes(model, computed);
    expect(placed.get('www')).toEqual({ x: 500, y: -20 });
    expect(placed.get('app')).toEqual(computed.get('app'));
    expect(placed.get('db')).toEqual(computed.get('db'));
  });

  it('needs no layout when every node has a position', () => {
    const placedEverywhere = {
      services: document.services.map((service, index) => ({
        ...service,
        position: { x: index * 300, y: 0 },
      })),
    };
    const model = diagramModel(placedEverywhere);
    expect(needsLayout(model)).toBe(false);
    expect([...placeNodes(model, new Map())]).toEqual([
      ['www', { x: 0, y: 0 }],
      ['app', { x: 300, y: 0 }],
      ['db', { x: 600, y: 0 }],
    ]);
  });

  it('puts nodes nobody placed in a row below the others', () => {
    const model = diagramModel(document);
    const placed = placeNodes(model, new Map([['app', { x: 0, y: 0 }]]));
    expect(placed.get('www')).toEqual({ x: 500, y: -20 });
    expect(placed.get('db')).toEqual({ x: 0, y: NODE_HEIGHT + 90 });
    expect(overlapping(placed)).toEqual([]);
  });
});
