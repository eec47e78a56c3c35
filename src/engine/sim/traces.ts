/**
 * Sampled traces as Zipkin v2 spans: a CLIENT span per call (CS → CR) and the SERVER span it
 * shares its id with (SR → SS), endpoints named by service with spigo's fake IPs. Which requests
 * are sampled is decided when they enter (./entries.ts); their calls inherit the decision.
 */
import { instanceName, type ServiceGroup, type Topology } from '../topology/expand.ts';
import { DEFAULT_GRAPH_EPOCH_MS, instanceAddresses } from '../topology/graph.ts';
import { ERROR_CAUSES, type ZipkinSpan } from '@shared/results.ts';
import { CALL_FLAGS, NO_CALL, type CallTable } from './calls.ts';

const { oneWay: ONE_WAY, write: WRITE } = CALL_FLAGS;

export class Traces {
  readonly spans: ZipkinSpan[] = [];
  /** Span ids handed out so far (a span id is unique within its trace). */
  private spanCounter = 0;
  private instanceIps: string[] | null = null;

  constructor(
    private readonly topology: Topology,
    private readonly calls: CallTable,
  ) {}

  /** The id of a new span. */
  nextSpan(): number {
    return ++this.spanCounter;
  }

  /** Records the spans of a sampled call, at the time its caller learned its outcome. */
  record(call: number, clientReceive: number): void {
    const calls = this.calls;
    const ips = this.ips();
    const topology = this.topology;
    const caller = calls.caller[call] as number;
    const callee = calls.callee[call] as number;
    const trace = calls.trace[call] as number;
    const traceId = hex16(trace);
    const id = hex16((trace * 65536 + (calls.span[call] as number)) % 2 ** 53);
    const parent = calls.parent[call] as number;
    const parentSpan = parent === NO_CALL ? 0 : (calls.span[parent] as number);
    const parentId = parentSpan > 0 ? hex16((trace * 65536 + parentSpan) % 2 ** 53) : undefined;
    const flags = calls.flags[call] as number;
    const name = (flags & ONE_WAY) !== 0 ? 'replicate' : (flags & WRITE) !== 0 ? 'put' : 'get';
    const epochMicros = DEFAULT_GRAPH_EPOCH_MS * 1000;
    const endpoint = (instance: number) => ({
      serviceName: (topology.services[topology.instanceService[instance] as number] as ServiceGroup).name,
      ipv4: ips[instance] as string,
      port: 8080,
    });
    const error = calls.error[call] as number;
    const errorTag = error !== 0 ? (ERROR_CAUSES[error - 1] as string) : null;
    const clientSend = calls.clientSend[call] as number;
    const serverReceive = calls.serverReceive[call] as number;
    const serverSend = calls.serverSend[call] as number;
    const attempt = calls.attempt[call] as number;
    if ((flags & ONE_WAY) === 0) {
      const tags: Record<string, string> = {};
      if (errorTag) tags['error'] = errorTag;
      if (attempt > 0) tags['archsim.attempt'] = String(attempt + 1);
      this.spans.push({
        traceId,
        id,
        ...(parentId ? { parentId } : {}),
        name,
        kind: 'CLIENT',
        timestamp: epochMicros + Math.round(clientSend / 1000),
        duration: Math.max(1, Math.round((clientReceive - clientSend) / 1000)),
        localEndpoint: endpoint(caller),
        remoteEndpoint: endpoint(callee),
        ...(Object.keys(tags).length > 0 ? { tags } : {}),
      });
    }
    if (serverSend > 0) {
      const tags: Record<string, string> = { 'archsim.instance': instanceName(topology, callee) };
      if (errorTag) tags['error'] = errorTag;
      this.spans.push({
        traceId,
        id,
        ...(parentId ? { parentId } : {}),
        name,
        kind: 'SERVER',
        timestamp: epochMicros + Math.round(serverReceive / 1000),
        duration: Math.max(1, Math.round((serverSend - serverReceive) / 1000)),
        localEndpoint: endpoint(callee),
        remoteEndpoint: endpoint(caller),
        shared: true,
        tags,
      });
    }
  }

  /** The spans in time order (then by id), as a result lists them. */
  sorted(): ZipkinSpan[] {
    return [...this.spans].sort(
      (left, right) => left.timestamp - right.timestamp || compareText(left.id, right.id),
    );
  }

  private ips(): string[] {
    if (!this.instanceIps) this.instanceIps = instanceAddresses(this.topology);
    return this.instanceIps;
  }
}

function hex16(value: number): string {
  return Math.floor(value).toString(16).padStart(16, '0');
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
