/**
 * The quick layered layout a large document shows while elkjs works: the same rules as elkjs's
 * (left to right from the entry points, a dependency right of what calls it), every node placed
 * once without overlaps, cycles and rings survived, the same picture every time.
 */
import { describe, expect, it } from 'vitest';
import { diagramModel, NODE_HEIGHT, NODE_WIDTH } from '@shared/diagram/model.ts';
import { quickLayout } from '@shared/diagram/quick-layout.ts';
import { loadExample } from '../../support/examples.ts';

describe('the quick layout', () => {
  it('puts entry points first and every dependency right of its caller', () => {
    const model = diagramModel(loadExample('netflixoss'));
    const positions = quickLayout(model);
    expect(positions.size).toBe(model.nodes.length);
    expect(positions.get('www')?.x).toBe(0);
    for (const edge of model.edges) {
      if (edge.selfLoop) continue;
      expect(positions.get(edge.target)?.x, edge.id).toBeGreaterThan(
        positions.get(edge.source)?.x ?? Infinity,
      );
    }
  });

  it('places every node of a graph with cycles once, without overlaps, and the same way every time', () => {
    const services = Array.from({ length: 120 }, (_, index) => ({
      name: `s${index}`,
      package: 'karyon',
      dependencies: [`s${(index * 7 + 1) % 120}`, `s${(index + 1) % 120}`, `s${index}`],
    }));
    const model = diagramModel({ services });
    const positions = quickLayout(model);
    expect(positions.size).toBe(120);
    const boxes = [...positions.values()];
    for (let left = 0; left < boxes.length; left++) {
      for (let right = left + 1; right < boxes.length; right++) {
        const a = boxes[left]!;
        const b = boxes[right]!;
        const overlap = Math.abs(a.x - b.x) < NODE_WIDTH && Math.abs(a.y - b.y) < NODE_HEIGHT;
        expect(overlap).toBe(false);
      }
    }
    expect([...quickLayout(diagramModel({ services }))]).toEqual([...positions]);
  });

  it('orders a layer by its callers, so that a fan-out does not cross itself', () => {
    const model = diagramModel({
      services: [
        { name: 'a', package: 'denominator', dependencies: ['a1', 'a2'] },
        { name: 'b', package: 'denominator', dependencies: ['b1', 'b2'] },
        { name: 'b1', package: 'karyon', dependencies: [] },
        { name: 'a1', package: 'karyon', dependencies: [] },
        { name: 'b2', package: 'karyon', dependencies: [] },
        { name: 'a2', package: 'karyon', dependencies: [] },
      ],
    });
    const positions = quickLayout(model);
    const y = (id: string) => positions.get(id)?.y ?? NaN;
    expect(Math.max(y('a1'), y('a2'))).toBeLessThan(Math.min(y('b1'), y('b2')));
  });
});
