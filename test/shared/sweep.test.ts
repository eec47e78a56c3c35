/** A sweep's plan and its reading: ranges, parameters, points, each point's document, the knee. */
import { describe, expect, it } from 'vitest';
import type { ArchDocument } from '@shared/document/schema.ts';
import {
  findKnee,
  parseParam,
  parseRange,
  pointDocument,
  pointFileName,
  pointIndexOfFile,
  sweepKnee,
  sweepPoints,
  type SweepRow,
} from '@shared/sweep.ts';

const row = (index: number, p99: number): SweepRow => ({
  index,
  values: { rate: index * 100 },
  requests: 0,
  throughput: 0,
  errors: 0,
  errorRate: 0,
  p50: p99 / 3,
  p90: p99 / 2,
  p99,
  p999: p99,
  max: p99,
});

describe('a sweep plan', () => {
  it('spaces STEPS values from FROM to TO, both included', () => {
    expect(parseRange('rate', '1000:10000:10')).toEqual([
      1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000,
    ]);
    expect(parseRange('rate', '5:5:1')).toEqual([5]);
    expect(parseRange('scale', '100:200:3', true)).toEqual([100, 150, 200]);
    expect(() => parseRange('rate', '1:2')).toThrow(/FROM:TO:STEPS/);
    expect(() => parseRange('rate', '-1:2:2')).toThrow(/must not be negative/);
  });

  it('reads parameter values as JSON where they are JSON, else as strings', () => {
    expect(parseParam('web.capacity.concurrency=2,4')).toEqual({
      kind: 'param',
      name: 'web.capacity.concurrency',
      service: 'web',
      path: ['capacity', 'concurrency'],
      values: [2, 4],
    });
    expect(parseParam('web.retries=null,"3",fast').values).toEqual([null, '3', 'fast']);
    expect(() => parseParam('web=1')).toThrow(/SERVICE\.FIELD=a,b,c/);
    expect(() => parseParam('web.timeoutMs=1,,2')).toThrow(/a value is empty/);
  });

  it('makes every combination, the first axis varying slowest', () => {
    const points = sweepPoints([
      { kind: 'rate', name: 'rate', values: [1, 2] },
      { ...parseParam('web.timeoutMs=10,20,30') },
    ]);
    expect(points.map((point) => [point.index, point.values['rate'], point.values['web.timeoutMs']])).toEqual(
      [
        [0, 1, 10],
        [1, 1, 20],
        [2, 1, 30],
        [3, 2, 10],
        [4, 2, 20],
        [5, 2, 30],
      ],
    );
  });

  it("sets a point's parameters on a copy of the document, leaving the rest alone", () => {
    const document = {
      arch: 'x',
      services: [
        { name: 'db', package: 'store', count: 1, regions: 1, dependencies: [] },
        {
          name: 'web',
          package: 'karyon',
          count: 1,
          regions: 1,
          dependencies: ['db'],
          capacity: { queue: 5 },
        },
      ],
    } as unknown as ArchDocument;
    const axis = parseParam('web.capacity.concurrency=2,4');
    const [point] = sweepPoints([axis]);
    const changed = pointDocument(document, [axis], point as never);
    expect(changed.services[1]).toMatchObject({ capacity: { queue: 5, concurrency: 2 } });
    expect(changed.services[0]).toBe(document.services[0]);
    expect(document.services[1]).toMatchObject({ capacity: { queue: 5 } });
    expect(() =>
      pointDocument(document, [parseParam('nosuch.x=1')], { index: 0, values: { 'nosuch.x': 1 } }),
    ).toThrow(/no service "nosuch"/);
  });

  it('names result files by point, and reads the index back', () => {
    expect(pointFileName(7)).toBe('point-0007.json');
    expect(pointIndexOfFile('point-0007.json')).toBe(7);
    expect(pointIndexOfFile('sweep.json')).toBeNull();
  });
});

describe('the knee', () => {
  it('is the first point whose p99 exceeds 1.5 × the lowest p99 before it', () => {
    const rows = [row(0, 10), row(1, 9), row(2, 13), row(3, 14), row(4, 40)];
    expect(findKnee(rows)).toEqual({ row: rows[3], floorMs: 9 });
  });

  it('is none when p99 stays on its floor, or with fewer than two points', () => {
    expect(findKnee([row(0, 10), row(1, 11), row(2, 14.9)])).toBeNull();
    expect(findKnee([row(0, 10)])).toBeNull();
  });

  it('is read along the one axis that varies', () => {
    const rows = [row(0, 10), row(1, 100)];
    const rate = { kind: 'rate', name: 'rate', values: [1, 2] } as const;
    expect(sweepKnee([rate, parseParam('web.timeoutMs=5')], rows)?.row).toBe(rows[1]);
    expect(sweepKnee([rate, parseParam('web.timeoutMs=5,6')], rows)).toBeNull();
  });
});
