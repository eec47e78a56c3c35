/**
 * spigo's `spigo-0.4` graph format (SPIGO.md §4.1), written as a stream of text chunks so that a
 * topology with millions of edges never sits in memory as one string.
 *
 * Records: one `node` per registered instance (eureka is not a node), one `edge` per caller →
 * callee connection, one `done` per instance that deregisters at shutdown (karyon, zuul, staash,
 * monolith). Timestamps are simulated, so the output is deterministic: nodes and edges one
 * microsecond apart from the epoch, the chaos monkey's victim done at half the run, every other
 * done at the end of the run. IPs follow spigo's fake scheme, one counter per region and zone.
 */
import {
  ANYWHERE,
  calleeCandidates,
  collapsedName,
  graphName,
  isGraphNode,
  type ServiceGroup,
  type Topology,
} from './expand.ts';
import type { RegionLayout } from '@shared/document/regions.ts';

export interface GraphExportOptions {
  /** Value of the header's `args` field. */
  readonly args: string;
  /** Simulated start time in ms since the Unix epoch. Default: 2016-12-19T00:00:00Z. */
  readonly epochMs?: number;
  /** Simulated run length in seconds (spigo's -d). Default 10. */
  readonly durationS?: number;
  /** Service whose first instance the chaos monkey kills at half the run. */
  readonly victim?: string;
  /** spigo's -f: collapse instances of a service per zone into one node. */
  readonly collapse?: boolean;
}

export const DEFAULT_GRAPH_EPOCH_MS = Date.UTC(2016, 11, 19);

/** Go's RFC3339Nano for a UTC time given in nanoseconds since the epoch (trailing zeros trimmed). */
export function formatRfc3339Nano(nanoseconds: bigint): string {
  const milliseconds = Number(nanoseconds / 1_000_000n);
  const fraction = (nanoseconds % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  const whole = new Date(milliseconds).toISOString().slice(0, 19);
  return `${whole}${fraction.length > 0 ? `.${fraction}` : ''}Z`;
}

/** Assigns spigo's fake IPs: `<prefix><n/256>.<n%256>`, n from 1 per region/zone counter. */
export class FakeIpAllocator {
  private readonly counters = new Map<string, number>();
  constructor(private readonly regions: readonly RegionLayout[]) {}

  /** Region `*` counts in the first region, zone `*` in its region's first zone (as spigo). */
  next(region: number, zone: number): string {
    const regionIndex = region === ANYWHERE ? 0 : region;
    const zoneIndex = region === ANYWHERE || zone === ANYWHERE ? 0 : zone;
    const layout = this.regions[regionIndex] as RegionLayout;
    const key = `${regionIndex}/${zoneIndex}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return `${layout.ipPrefixes[zoneIndex]}${Math.floor(n / 256)}.${n % 256}`;
  }
}

/**
 * Every instance's fake IP: graph nodes first, in instance order (as the graph export writes
 * them), then the instances that are not nodes (unregistered or standby), so an instance has the
 * same address in the graph and in traces.
 */
export function instanceAddresses(topology: Topology): string[] {
  const allocator = new FakeIpAllocator(topology.regions);
  const addresses = new Array<string>(topology.instanceCount);
  for (const nodesFirst of [true, false]) {
    for (let instance = 0; instance < topology.instanceCount; instance++) {
      if (isGraphNode(topology, instance) !== nodesFirst) continue;
      addresses[instance] = allocator.next(
        topology.instanceRegion[instance] as number,
        topology.instanceZone[instance] as number,
      );
    }
  }
  return addresses;
}

/** Writes the whole graph document through `write`; returns the record counts. */
export function writeSpigoGraph(
  topology: Topology,
  write: (chunk: string) => void,
  options: GraphExportOptions,
): { nodes: number; edges: number; done: number } {
  const epochNs = BigInt(options.epochMs ?? DEFAULT_GRAPH_EPOCH_MS) * 1_000_000n;
  const durationNs = BigInt(Math.round((options.durationS ?? 10) * 1e9));
  let sequence = 0n;
  const stamp = () => formatRfc3339Nano(epochNs + ++sequence * 1000n);
  const name = options.collapse ? collapsedName : graphName;

  let buffer = '';
  let first = true;
  const record = (json: string) => {
    buffer += first ? `    ${json}` : `,\n    ${json}`;
    first = false;
    if (buffer.length > 1 << 16) {
      write(buffer);
      buffer = '';
    }
  };
  write(
    `{\n  "arch":${JSON.stringify(topology.arch)},\n  "version":"spigo-0.4",\n  "args":${JSON.stringify(options.args)},\n  "date":${JSON.stringify(formatRfc3339Nano(epochNs))},\n  "graph":[\n`,
  );

  const ips = instanceAddresses(topology);
  const seenNodes = new Set<string>();
  let nodes = 0;
  for (let instance = 0; instance < topology.instanceCount; instance++) {
    if (!isGraphNode(topology, instance)) continue;
    const ip = ips[instance] as string;
    const nodeName = name(topology, instance);
    if (seenNodes.has(nodeName)) continue;
    seenNodes.add(nodeName);
    const service = topology.services[topology.instanceService[instance] as number] as ServiceGroup;
    record(
      `{"node":${JSON.stringify(nodeName)},"package":${JSON.stringify(service.packageName)},"timestamp":"${stamp()}","metadata":"IP/${ip}"}`,
    );
    nodes++;
  }

  let edges = 0;
  const seenEdges = options.collapse ? new Set<string>() : null;
  for (let source = 0; source < topology.instanceCount; source++) {
    const service = topology.services[topology.instanceService[source] as number] as ServiceGroup;
    if (service.dependencies.length === 0) continue;
    const sourceName = JSON.stringify(name(topology, source));
    for (const dependency of service.dependencies) {
      const candidates = calleeCandidates(topology, source, dependency);
      for (let index = 0; index < candidates.length; index++) {
        const target = candidates[index] as number;
        if (target === source) continue;
        const targetName = JSON.stringify(name(topology, target));
        if (seenEdges) {
          const pair = `${sourceName} ${targetName}`;
          if (seenEdges.has(pair)) continue;
          seenEdges.add(pair);
        }
        edges++;
        record(`{"edge":"e${edges}","source":${sourceName},"target":${targetName},"timestamp":"${stamp()}"}`);
      }
    }
  }

  const victimIndex = options.victim ? topology.serviceIndexByName.get(options.victim) : undefined;
  const victimInstance =
    victimIndex === undefined ? -1 : (topology.services[victimIndex] as ServiceGroup).firstInstance;
  const seenDone = new Set<string>();
  let done = 0;
  const doneRecord = (instance: number, atNs: bigint) => {
    const doneName = name(topology, instance);
    if (seenDone.has(doneName)) return;
    seenDone.add(doneName);
    done++;
    record(`{"done":${JSON.stringify(doneName)},"exit":"normal","timestamp":"${formatRfc3339Nano(atNs)}"}`);
  };
  if (victimInstance >= 0 && isGraphNode(topology, victimInstance)) {
    const victimService = topology.services[victimIndex as number] as ServiceGroup;
    if (victimService.profile.deregistersAtShutdown) doneRecord(victimInstance, epochNs + durationNs / 2n);
  }
  let endSequence = 0n;
  for (let instance = 0; instance < topology.instanceCount; instance++) {
    if (!isGraphNode(topology, instance)) continue;
    const service = topology.services[topology.instanceService[instance] as number] as ServiceGroup;
    if (service.profile.deregistersAtShutdown)
      doneRecord(instance, epochNs + durationNs + ++endSequence * 1000n);
  }
  write(`${buffer}\n  ]\n}\n`);
  return { nodes, edges, done };
}
