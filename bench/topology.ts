/**
 * Topology benchmark: expansion of netflixoss at growing scales. Prints instances, edges (counted
 * from the candidate indexes, never materialised), expansion time and instances per second.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { validateDocument } from '@shared/document/validate.ts';
import { countEdges, expandTopology } from '@engine/topology/expand.ts';
import { writeSpigoGraph } from '@engine/topology/graph.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import { median } from './stats.ts';

export interface TopologyBenchRow {
  scalePercent: number;
  instances: number;
  edges: number;
  expandMs: number;
  instancesPerSecond: number;
  countEdgesMs: number;
  heapMB: number;
}

export function loadExample(name: string): ArchDocument {
  const file = fileURLToPath(new URL(`../resources/examples/${name}.json`, import.meta.url));
  const document = validateDocument(JSON.parse(readFileSync(file, 'utf8'))).document;
  if (!document) throw new Error(`example ${name} is not valid`);
  return document;
}

export function benchTopology(
  scales = [100, 1_000, 10_000, 100_000, 160_000, 1_600_000],
): TopologyBenchRow[] {
  const document = loadExample('netflixoss');
  const rows: TopologyBenchRow[] = [];
  for (const scale of scales) {
    const times: number[] = [];
    let topology = expandTopology(document, { arch: 'netflixoss', scale });
    for (let repeat = 0; repeat < 3; repeat++) {
      const start = performance.now();
      topology = expandTopology(document, { arch: 'netflixoss', scale });
      times.push(performance.now() - start);
    }
    const countStart = performance.now();
    const edges = countEdges(topology);
    const countEdgesMs = performance.now() - countStart;
    const expandMs = median(times);
    rows.push({
      scalePercent: scale,
      instances: topology.instanceCount,
      edges,
      expandMs: Number(expandMs.toFixed(2)),
      instancesPerSecond: Math.round(topology.instanceCount / (expandMs / 1000)),
      countEdgesMs: Number(countEdgesMs.toFixed(2)),
      heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
    });
  }
  return rows;
}

/** Streaming the spigo graph of a mid-sized topology: records per second, bytes written. */
export function benchGraphExport(scale = 1_000): {
  instances: number;
  records: number;
  bytes: number;
  ms: number;
  recordsPerSecond: number;
} {
  const topology = expandTopology(loadExample('netflixoss'), { arch: 'netflixoss', scale });
  let bytes = 0;
  const start = performance.now();
  const counts = writeSpigoGraph(topology, (chunk) => (bytes += chunk.length), { args: '[bench]' });
  const ms = performance.now() - start;
  const records = counts.nodes + counts.edges + counts.done;
  return {
    instances: topology.instanceCount,
    records,
    bytes,
    ms: Number(ms.toFixed(1)),
    recordsPerSecond: Math.round(records / (ms / 1000)),
  };
}
