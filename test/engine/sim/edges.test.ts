import { describe, expect, it } from 'vitest';
import { resolveServices } from '@shared/document/resolve.ts';
import { EdgeTable } from '@engine/sim/edges.ts';

describe('EdgeTable answers', () => {
  it('reach the histograms only when flushed, every one of them, batch boundaries included', () => {
    const services = resolveServices({
      arch: 'edges',
      services: [
        { name: 'front', package: 'karyon', count: 1, dependencies: ['back'] },
        { name: 'back', package: 'karyon', count: 1, dependencies: [] },
      ],
    } as never);
    const table = new EdgeTable(services);
    const edge = table.indexOf(0, 1);
    const answers = 2 * 1024 + 5;
    for (let answer = 1; answer <= answers; answer++) table.recordAnswer(edge, answer, answer % 7, 3);
    const histograms = table.edges[edge]!;
    // Two full batches went in as they filled; the last five wait for the flush.
    expect(histograms.response.totalCount).toBe(2 * 1024);
    table.flushSamples();
    expect(histograms.response.totalCount).toBe(answers);
    expect(histograms.response.sum).toBe((answers * (answers + 1)) / 2);
    expect(histograms.response.min).toBe(1);
    expect(histograms.response.max).toBe(answers);
    expect(histograms.service.max).toBe(6);
    expect(histograms.network.totalCount).toBe(answers);
    expect(histograms.network.mean).toBe(3);
    table.flushSamples();
    expect(histograms.response.totalCount).toBe(answers);
  });
});
