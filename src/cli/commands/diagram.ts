/**
 * `archsim diagram FILE [--view topology|value-chain] [--out F] [--format svg|png] [--theme
 * light|dark] [--eureka] [--force]`: the architecture drawn as the studio draws it — the same
 * auto-layout (elkjs, stored positions win) and the same SVG function, or its value chain (the
 * same model and SVG as the studio's value-chain mode) — so a team can render it in CI.
 *
 * A document with errors is still drawn as far as it can be read (the studio's canvas does the
 * same), its errors listed on stderr; only text that is not an architecture at all is refused.
 */
import { diagramModel } from '@shared/diagram/model.ts';
import { layoutDiagram, needsLayout, placeNodes } from '@shared/diagram/layout.ts';
import { renderDiagramSvg } from '@shared/diagram/svg.ts';
import { renderValueChainSvg } from '@shared/diagram/value-chain-svg.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import { valueChain } from '@shared/value-chain/model.ts';
import { validateDocumentText } from '@shared/document/validate.ts';
import { formatJsonPath } from '@shared/document/problems.ts';
import { architectureValueProblem } from '@shared/import/json.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { describeReadError } from '../load.ts';
import { parseCommandArgs } from '../options.ts';
import { inputFiles, reportOutputProblems, writeOutputFile } from '../outputs.ts';

export const diagramUsage = `usage: archsim diagram FILE [--view topology|value-chain] [--out F] [--format svg|png] [--theme light|dark] [--eureka] [--problems] [--force]

Draws the architecture as the studio does. The SVG embeds the document, so "archsim import
diagram.svg" gives it back.
  --view topology      services by package, dependencies as arrows, laid out left to right from
                       the entry points (positions stored in the file win); the default
  --view value-chain   the value chain: each service at its evolution (genesis, custom-built,
                       product, commodity) and visibility (the user need at the top, each
                       dependency below what calls it), with evolve arrows, notes and the
                       build / buy / outsource marks
  --out F              write to F (.svg or .png); without it, SVG goes to standard output
  --format FORMAT      svg or png (default: from the --out extension)
  --theme THEME        light (default) or dark
  --eureka             draw the eureka service and the services that register with it
  --problems           topology: mark services that have validation errors or warnings
  --force              overwrite --out if it exists
A document with errors is still drawn as far as it can be read; its errors go to stderr.
Exit 0 drawn, 1 not an architecture, 2 unreadable, not JSON, or --out not writable.`;

type Format = 'svg' | 'png';

function chooseFormat(format: string | undefined, out: string | undefined): Format {
  if (format !== undefined) {
    if (format !== 'svg' && format !== 'png')
      throw new UsageError(`--format must be svg or png (got "${format}")`);
    if (format === 'png' && out === undefined) {
      throw new UsageError('--format png needs --out FILE (PNG is binary)');
    }
    return format;
  }
  if (out === undefined) return 'svg';
  const extension = out.toLowerCase().match(/\.([^./\\]+)$/)?.[1];
  if (extension === 'svg' || extension === 'png') return extension;
  throw new UsageError(`cannot tell the format from "${out}": name it .svg or .png, or give --format`);
}

/** SVG → PNG at twice the size, with the system's fonts (resvg: no browser needed). */
async function svgToPng(svg: string): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true } })
    .render()
    .asPng();
}

export async function runDiagram(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    format: { type: 'string' },
    view: { type: 'string', default: 'topology' },
    theme: { type: 'string', default: 'light' },
    eureka: { type: 'boolean', default: false },
    problems: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${diagramUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('diagram takes exactly one FILE');
  const file = positionals[0] as string;
  const theme = values.theme;
  if (theme !== 'light' && theme !== 'dark')
    throw new UsageError(`--theme must be light or dark (got "${theme}")`);
  const view = values.view;
  if (view !== 'topology' && view !== 'value-chain') {
    throw new UsageError(`--view must be topology or value-chain (got "${view}")`);
  }
  if (view === 'value-chain' && values.problems) {
    throw new UsageError('--problems marks services of the topology view, not of --view value-chain');
  }
  // Checked before any work: never over the input, never over a file without --force.
  if (
    values.out !== undefined &&
    !reportOutputProblems(io, [{ option: '--out', path: values.out }], inputFiles(file), values.force)
  ) {
    return EXIT.usage;
  }
  const format = chooseFormat(values.format, values.out);

  let input: string;
  try {
    input = io.readFile(file);
  } catch (cause) {
    io.stderr(`${file}: cannot read file: ${describeReadError(cause)}\n`);
    return EXIT.usage;
  }
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const checked = validateDocumentText(text);
  if (checked.value === undefined) {
    const problem = checked.problems[0];
    io.stderr(`${file}:${problem?.line}:${problem?.column}: ${problem?.message}\n`);
    return EXIT.usage;
  }
  const notArchitecture = architectureValueProblem(checked.value);
  if (notArchitecture) {
    io.stderr(`${file}: nothing to draw: ${notArchitecture}\n`);
    return EXIT.problems;
  }
  const errors = checked.problems.filter((problem) => problem.severity === 'error');
  for (const problem of errors) io.stderr(`${file}: ${formatJsonPath(problem.path)}: ${problem.message}\n`);
  if (errors.length > 0) {
    io.stderr(
      `${file}: drawn as far as it can be read (${errors.length} error${errors.length === 1 ? '' : 's'})\n`,
    );
  }

  if (view === 'value-chain') {
    // The value chain reads any shape a document with errors has, as the studio's map does.
    const chain = valueChain(checked.value as ArchDocument, { eureka: values.eureka });
    const svg = renderValueChainSvg(chain, { theme, documentText: text });
    const arrows = chain.nodes.filter((node) => node.evolve).length;
    const summary = `value chain of ${chain.nodes.length} service${chain.nodes.length === 1 ? '' : 's'}${arrows > 0 ? `, ${arrows} evolve arrow${arrows === 1 ? '' : 's'}` : ''}`;
    return writeDiagram(io, values.out, format, svg, summary);
  }

  const model = diagramModel(checked.value, { showEureka: values.eureka });
  let computed = new Map<string, { x: number; y: number }>();
  if (needsLayout(model)) {
    const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
    computed = await layoutDiagram(model, new ELK());
  }
  const badges = new Map<string, { errors: number; warnings: number }>();
  if (values.problems) {
    for (const problem of checked.problems) {
      const [field, index] = problem.path;
      const node = field === 'services' && typeof index === 'number' ? model.nodes[index] : undefined;
      if (!node) continue;
      const badge = badges.get(node.id) ?? { errors: 0, warnings: 0 };
      if (problem.severity === 'error') badge.errors += 1;
      else badge.warnings += 1;
      badges.set(node.id, badge);
    }
  }
  const svg = renderDiagramSvg(model, placeNodes(model, computed), { theme, documentText: text, badges });

  const services = model.nodes.filter((node) => !node.eureka).length;
  const dependencies = model.edges.length;
  return writeDiagram(
    io,
    values.out,
    format,
    svg,
    `${services} service${services === 1 ? '' : 's'}, ${dependencies} dependenc${dependencies === 1 ? 'y' : 'ies'}`,
  );
}

/** Writes the picture: SVG to standard output without --out, else SVG or PNG to the file. */
async function writeDiagram(
  io: CliIo,
  out: string | undefined,
  format: Format,
  svg: string,
  summary: string,
): Promise<number> {
  if (out === undefined) {
    (io.rawStdout ?? io.stdout)(svg);
    return EXIT.ok;
  }
  const content = format === 'png' ? await svgToPng(svg) : svg;
  const failure = writeOutputFile(io, out, (write) => write(content));
  if (failure) {
    io.stderr(`archsim diagram: ${failure}\n`);
    return EXIT.usage;
  }
  io.stderr(`${out}: ${summary} (${format})\n`);
  return EXIT.ok;
}
