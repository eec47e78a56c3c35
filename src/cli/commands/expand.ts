/**
 * `archsim expand FILE [--scale PCT] [--regions N] [--format graph|summary] [--out F]`: the
 * instance topology, as spigo's spigo-0.4 graph JSON or as counts per service, region and zone.
 */
import { expandTopology } from '@engine/topology/expand.ts';
import { writeSpigoGraph } from '@engine/topology/graph.ts';
import { summarizeTopology, type TopologySummary } from '@engine/topology/summary.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { architectureNameFromFile, loadDocumentOrReport } from '../load.ts';
import {
  MAX_INSTANCES_HELP,
  parseCommandArgs,
  parseMaxInstancesOption,
  parseRegionsOption,
  parseScaleOption,
} from '../options.ts';
import { inputFiles, reportOutputProblems, writeOutputFile } from '../outputs.ts';
import { formatTable } from '../table.ts';

export const expandUsage = `usage: archsim expand FILE [--scale PCT] [--regions N] [--format graph|summary] [--out F [--force]]

Expands an architecture into its instances, exactly as spigo does.
  --scale PCT        percent applied to every count (spigo -p, default 100)
  --regions N        run regions (spigo -w, default 1)
  --format graph     spigo's spigo-0.4 graph JSON (node, edge and done records)
  --format summary   instance counts per service, region and zone (default)
  --arch NAME        name used in instance names (default: the file name, as spigo's -a)
  --collapse         graph: one node per service and zone (spigo -f)
  --out F            write to F instead of standard output (never the input file)
  --force            replace F if it exists
${MAX_INSTANCES_HELP}`;

export function runExpand(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, {
    scale: { type: 'string' },
    regions: { type: 'string' },
    'max-instances': { type: 'string' },
    format: { type: 'string', default: 'summary' },
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
    arch: { type: 'string' },
    collapse: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${expandUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('expand takes exactly one FILE');
  if (values.format !== 'graph' && values.format !== 'summary') {
    throw new UsageError(`--format must be graph or summary (got "${values.format}")`);
  }
  const scale = parseScaleOption(values.scale);
  const regions = parseRegionsOption(values.regions);
  const maxInstances = parseMaxInstancesOption(values['max-instances']);
  const file = positionals[0] as string;
  const out = values.out === '-' ? undefined : values.out;
  if (
    out !== undefined &&
    !reportOutputProblems(io, [{ option: '--out', path: out }], inputFiles(file), values.force)
  ) {
    return EXIT.usage;
  }
  const loaded = loadDocumentOrReport(io, file, { scale, regions, maxInstances });
  if ('exitCode' in loaded) return loaded.exitCode;

  const arch = values.arch ?? architectureNameFromFile(file);
  const topology = expandTopology(loaded.document, { arch, scale, regions, maxInstances });
  const produce = (write: (chunk: string) => void) => {
    if (values.format === 'graph') {
      const args = ['archsim', 'expand', file, '--scale', String(scale), '--regions', String(regions)];
      if (values.collapse) args.push('--collapse');
      return writeSpigoGraph(topology, write, {
        args: `[${args.join(' ')}]`,
        victim: loaded.document.victim,
        collapse: values.collapse,
      });
    }
    write(`${formatSummary(summarizeTopology(topology))}\n`);
    return null;
  };
  if (out === undefined) {
    produce(io.stdout);
    return EXIT.ok;
  }
  let counts: ReturnType<typeof produce> = null;
  const problem = writeOutputFile(io, out, (write) => {
    counts = produce(write);
  });
  if (problem !== null) {
    io.stderr(`${out}: ${problem}\n`);
    return EXIT.usage;
  }
  const written = counts as ReturnType<typeof produce>;
  if (written !== null)
    io.stderr(`${out}: ${written.nodes} nodes, ${written.edges} edges, ${written.done} done\n`);
  return EXIT.ok;
}

export function formatSummary(summary: TopologySummary): string {
  const zoneHeaders = summary.zoneNames;
  const table = formatTable(
    [
      { header: 'SERVICE' },
      { header: 'PACKAGE' },
      { header: 'REGION' },
      ...zoneHeaders.map((header) => ({ header, numeric: true })),
      { header: '*', numeric: true },
      { header: 'TOTAL', numeric: true },
    ],
    summary.rows.map((row) => [
      row.service,
      row.packageName,
      row.region,
      ...zoneHeaders.map((_header, index) => (index < row.zones.length ? String(row.zones[index]) : '-')),
      row.crossZone > 0 ? String(row.crossZone) : '-',
      row.unregistered > 0 ? `${row.total} (${row.unregistered} unregistered)` : String(row.total),
    ]),
  );
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const header =
    `${summary.arch}: ${plural(summary.services, 'service')}, ${plural(summary.instances, 'instance')} ` +
    `(+${summary.eureka} eureka), ${plural(summary.edges, 'edge')}; scale ${summary.scale} %, ${plural(summary.runRegions, 'region')}`;
  return `${header}\n\n${table}`;
}
