/**
 * The value chain as a standalone SVG 1.1 file: one pure function of the value chain model, run by
 * the studio's export and by `archsim diagram --view value-chain` alike, under the rules of the
 * topology diagram (svg.ts): plain shapes and `<text>` only — no `foreignObject`, no `<image>`,
 * nothing outside the file (the arrowhead markers are referenced inside it), a generic font stack,
 * all text escaped, the exact document text in `<metadata>` so the file can be imported again,
 * and no dates or random ids.
 *
 * The map: four stage columns (dashed lines at STAGE_BOUNDARIES, the stage names along the bottom),
 * the value chain axis on the left (Visible at the top, Invisible at the bottom), the anchor as
 * bold text, services as circles coloured by package with their names, dependencies as lines,
 * evolve arrows as dashed red arrows to a ghost circle at the target evolution, notes, and the
 * build / buy / outsource marks as a halo behind the circle (OnlineWardleyMaps' convention: build
 * light, buy mid grey, outsource dark), with a legend of the marks and package kinds drawn.
 *
 * Each service is a `<g class="node">` carrying `data-service`, `data-package`, `data-evolution`
 * and `data-visibility`; the studio places its nodes with the same `valueChainPoint`.
 */
import { EVOLUTION_STAGES } from '../document/packages.ts';
import { anchorTargets, type ValueChain, type ValueChainNode } from '../value-chain/model.ts';
import { STAGE_BOUNDARIES, STAGE_LABELS } from '../value-chain/stages.ts';
import { PACKAGE_KINDS, kindStyles, packageKind, packageStyle } from './package-style.ts';
import { documentElement, escapeXmlAttribute, escapeXmlText } from './svg-metadata.ts';
import { svgNumber as n } from './svg-shapes.ts';
import { DIAGRAM_FONT_FAMILY, estimateTextWidth, fitText } from './svg.ts';

/**
 * The map's geometry: the default plot size (the area inside the axes) and the margins around it
 * in the exported SVG. The studio uses the same plot size so its map and the export agree.
 */
export const VALUE_CHAIN_GEOMETRY = {
  plotWidth: 880,
  plotHeight: 560,
  margin: { top: 72, right: 136, bottom: 56, left: 64 },
  /** Radius of a service's circle, of a build / buy / outsource halo. */
  nodeRadius: 6,
  haloRadius: 15,
} as const;

/**
 * Where a service at (evolution, visibility) sits in a plot of `size`, from the plot's top-left
 * corner: evolution 0 at the left, 1 at the right; visibility 1 at the top, 0 at the bottom.
 */
export function valueChainPoint(
  evolution: number,
  visibility: number,
  size: { readonly width: number; readonly height: number },
): { x: number; y: number } {
  const clamp = (value: number) => Math.min(1, Math.max(0, value));
  return { x: clamp(evolution) * size.width, y: (1 - clamp(visibility)) * size.height };
}

export interface ValueChainSvgOptions {
  readonly theme: 'light' | 'dark';
  /** The whole picture's size (default: the default plot plus margins). */
  readonly width?: number;
  readonly height?: number;
  /** The document's exact text, embedded in `<metadata>` (omitted: the file cannot be imported). */
  readonly documentText?: string;
}

const THEMES = {
  light: {
    background: '#ffffff',
    text: '#1b1f24',
    muted: '#57606a',
    axis: '#1b1f24',
    grid: '#8c959f',
    link: '#8c959f',
    evolve: '#cf222e',
    band: '#f6f8fa',
    marks: {
      build: { fill: '#ececec', stroke: '#1b1f24' },
      buy: { fill: '#aaa5a9', stroke: '#d6d6d6' },
      outsource: { fill: '#444444', stroke: '#444444' },
    },
  },
  dark: {
    background: '#0d1117',
    text: '#e8ecf1',
    muted: '#8b949e',
    axis: '#c9d1d9',
    grid: '#6e7681',
    link: '#6e7681',
    evolve: '#f85149',
    band: '#161b22',
    marks: {
      build: { fill: '#30363d', stroke: '#e8ecf1' },
      buy: { fill: '#6e7681', stroke: '#adbac7' },
      outsource: { fill: '#c9d1d9', stroke: '#c9d1d9' },
    },
  },
} as const;

type Theme = (typeof THEMES)[keyof typeof THEMES];

const SOURCING_LABELS = { build: 'Build', buy: 'Buy', outsource: 'Outsource' } as const;
const ARROW_ID = 'archsim-chain-arrow';
const EVOLVE_ARROW_ID = 'archsim-evolve-arrow';
const TITLE_SIZE = 18;
const NAME_SIZE = 12;
const LEGEND_ROW = 24;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function legendItems(
  chain: ValueChain,
  theme: 'light' | 'dark',
  colours: Theme,
): { width: number; markup: string }[] {
  const items: { width: number; markup: string }[] = [];
  const label = (x: number, text: string) =>
    `<text x="${x}" y="4" font-size="12" fill="${colours.muted}">${escapeXmlText(text)}</text>`;
  const item = (kind: string, mark: string, text: string) => ({
    width: 30 + estimateTextWidth(text, 12) + 20,
    markup: `<g class="legend-item" data-item="${escapeXmlAttribute(kind)}">${mark}${label(24, text)}</g>`,
  });
  for (const method of ['build', 'buy', 'outsource'] as const) {
    if (!chain.nodes.some((node) => node.sourcing === method)) continue;
    const paint = colours.marks[method];
    items.push(
      item(
        method,
        `<circle cx="8" cy="0" r="9" fill="${paint.fill}" stroke="${paint.stroke}"/><circle cx="8" cy="0" r="4" fill="${colours.background}" stroke="${colours.axis}"/>`,
        SOURCING_LABELS[method],
      ),
    );
  }
  if (chain.nodes.some((node) => node.evolve)) {
    items.push(
      item(
        'evolve',
        `<line x1="0" y1="0" x2="16" y2="0" stroke="${colours.evolve}" stroke-dasharray="4,3" marker-end="url(#${EVOLVE_ARROW_ID})"/>`,
        'Evolve arrow',
      ),
    );
  }
  const kinds = PACKAGE_KINDS.filter((kind) =>
    chain.nodes.some((node) => packageKind(node.package) === kind),
  );
  for (const style of kindStyles().filter((candidate) => kinds.includes(candidate.kind))) {
    const palette = style[theme];
    items.push(
      item(
        style.kind,
        `<circle cx="8" cy="0" r="6" fill="${palette.fill}" stroke="${palette.stroke}" stroke-width="1.5"/>`,
        style.kindLabel,
      ),
    );
  }
  return items;
}

function nodeMarkup(
  node: ValueChainNode,
  x: number,
  y: number,
  theme: 'light' | 'dark',
  colours: Theme,
): string {
  const palette = packageStyle(node.package)[theme];
  const { nodeRadius, haloRadius } = VALUE_CHAIN_GEOMETRY;
  const parts = [
    `<g class="node" data-service="${escapeXmlAttribute(node.name)}" data-package="${escapeXmlAttribute(node.package)}" data-evolution="${n(node.evolution)}" data-visibility="${n(node.visibility)}"${node.sourcing ? ` data-sourcing="${node.sourcing}"` : ''} transform="translate(${n(x)},${n(y)})">`,
    `<title>${escapeXmlText(`${node.name} (${node.package || 'no package'}): evolution ${n(node.evolution)}, visibility ${n(node.visibility)}${node.sourcing ? `, ${node.sourcing}` : ''}`)}</title>`,
  ];
  if (node.sourcing) {
    const mark = colours.marks[node.sourcing];
    parts.push(
      `<circle class="sourcing ${node.sourcing}" r="${haloRadius}" fill="${mark.fill}" fill-opacity="0.85" stroke="${mark.stroke}"/>`,
    );
  }
  parts.push(
    `<circle class="point" r="${nodeRadius}" fill="${palette.fill}" stroke="${palette.stroke}" stroke-width="1.5"/>`,
    `<text class="name" x="${(node.sourcing ? haloRadius - 2 : nodeRadius) + 5}" y="-${nodeRadius + 2}" font-size="${NAME_SIZE}" fill="${colours.text}">${escapeXmlText(fitText(node.name, NAME_SIZE, 180))}</text>`,
    '</g>',
  );
  return parts.join('');
}

/** The value chain as a standalone SVG document. */
export function renderValueChainSvg(chain: ValueChain, options: ValueChainSvgOptions): string {
  const colours = THEMES[options.theme];
  const { margin } = VALUE_CHAIN_GEOMETRY;
  const width = Math.round(options.width ?? VALUE_CHAIN_GEOMETRY.plotWidth + margin.left + margin.right);
  const plotWidth = Math.max(160, width - margin.left - margin.right);
  const legend = legendItems(chain, options.theme, colours);
  // Legend rows under the stage labels, as many as the items need.
  const rows: { width: number; markup: string }[][] = [[]];
  let rowWidth = 0;
  for (const entry of legend) {
    if (rowWidth > 0 && rowWidth + entry.width > plotWidth) {
      rows.push([]);
      rowWidth = 0;
    }
    (rows.at(-1) as { width: number; markup: string }[]).push(entry);
    rowWidth += entry.width;
  }
  const legendHeight = legend.length === 0 ? 0 : rows.length * LEGEND_ROW + 8;
  const height = Math.round(
    options.height ?? VALUE_CHAIN_GEOMETRY.plotHeight + margin.top + margin.bottom + legendHeight,
  );
  const plotHeight = Math.max(120, height - margin.top - margin.bottom - legendHeight);
  const size = { width: plotWidth, height: plotHeight };
  const at = (evolution: number, visibility: number) => {
    const point = valueChainPoint(evolution, visibility, size);
    return { x: point.x + margin.left, y: point.y + margin.top };
  };
  const left = margin.left;
  const top = margin.top;
  const right = left + plotWidth;
  const bottom = top + plotHeight;

  const evolving = chain.nodes.filter((node) => node.evolve).length;
  const subtitle = [
    plural(chain.nodes.length, 'service'),
    evolving > 0 ? plural(evolving, 'evolve arrow') : '',
    'value chain',
  ]
    .filter(Boolean)
    .join(' · ');
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXmlAttribute(DIAGRAM_FONT_FAMILY)}">`,
    `<title>${escapeXmlText(chain.title)}</title>`,
    `<desc>${escapeXmlText(`${subtitle}. Drawn by archsim.`)}</desc>`,
  ];
  if (options.documentText !== undefined)
    parts.push(`<metadata>${documentElement(options.documentText)}</metadata>`);
  parts.push(
    '<defs>',
    `<marker id="${ARROW_ID}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">`,
    `<path d="M0,0 L10,5 L0,10 z" fill="${colours.axis}"/>`,
    '</marker>',
    `<marker id="${EVOLVE_ARROW_ID}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">`,
    `<path d="M0,0 L10,5 L0,10 z" fill="${colours.evolve}"/>`,
    '</marker>',
    '</defs>',
    `<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="${colours.background}"/>`,
    `<text class="title" x="${left}" y="${24 + TITLE_SIZE - 4}" font-size="${TITLE_SIZE}" font-weight="700" fill="${colours.text}">${escapeXmlText(fitText(chain.title, TITLE_SIZE, width - left - 24))}</text>`,
    `<text class="subtitle" x="${left}" y="${24 + TITLE_SIZE + 18}" font-size="12" fill="${colours.muted}">${escapeXmlText(subtitle)}</text>`,
  );

  // The grid: stage bands and lines, the axes and their labels.
  const edges = [0, ...STAGE_BOUNDARIES, 1];
  parts.push('<g class="grid">');
  EVOLUTION_STAGES.forEach((stage, index) => {
    const start = left + (edges[index] as number) * plotWidth;
    const end = left + (edges[index + 1] as number) * plotWidth;
    if (index % 2 === 1) {
      parts.push(
        `<rect class="band" x="${n(start)}" y="${top}" width="${n(end - start)}" height="${plotHeight}" fill="${colours.band}"/>`,
      );
    }
    parts.push(
      `<text class="stage" data-stage="${stage}" x="${n((start + end) / 2)}" y="${bottom + 20}" text-anchor="middle" font-size="12" font-weight="600" fill="${colours.text}">${escapeXmlText(fitText(STAGE_LABELS[stage], 12, end - start - 4))}</text>`,
    );
  });
  for (const boundary of STAGE_BOUNDARIES) {
    const x = n(left + boundary * plotWidth);
    parts.push(
      `<line class="stage-line" x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="${colours.grid}" stroke-dasharray="4,4"/>`,
    );
  }
  const middle = n(top + plotHeight / 2);
  parts.push(
    `<line class="axis" x1="${left}" y1="${bottom}" x2="${left}" y2="${top - 6}" stroke="${colours.axis}" stroke-width="1.5" marker-end="url(#${ARROW_ID})"/>`,
    `<line class="axis" x1="${left}" y1="${bottom}" x2="${right + 6}" y2="${bottom}" stroke="${colours.axis}" stroke-width="1.5" marker-end="url(#${ARROW_ID})"/>`,
    `<text class="axis-label" x="${left - 16}" y="${middle}" transform="rotate(-90 ${left - 16} ${middle})" text-anchor="middle" font-size="12" font-weight="600" fill="${colours.text}">Value chain</text>`,
    `<text class="axis-label" x="${left - 16}" y="${top}" transform="rotate(-90 ${left - 16} ${top})" text-anchor="end" font-size="11" fill="${colours.muted}">Visible</text>`,
    `<text class="axis-label" x="${left - 16}" y="${bottom}" transform="rotate(-90 ${left - 16} ${bottom})" text-anchor="start" font-size="11" fill="${colours.muted}">Invisible</text>`,
    `<text class="axis-label" x="${right}" y="${bottom + 38}" text-anchor="end" font-size="12" font-weight="600" fill="${colours.text}">Evolution →</text>`,
    '</g>',
  );

  // Links: the anchor to the top of each chain, each caller to its dependencies.
  const place = new Map(chain.nodes.map((node) => [node.name, at(node.evolution, node.visibility)]));
  const anchorPoint = chain.anchor ? at(chain.anchor.evolution, chain.anchor.visibility) : null;
  parts.push(`<g class="links" stroke="${colours.link}" stroke-width="1.2">`);
  const line = (
    from: { x: number; y: number },
    to: { x: number; y: number },
    source: string,
    target: string,
  ) =>
    `<line class="link" data-from="${escapeXmlAttribute(source)}" data-to="${escapeXmlAttribute(target)}" x1="${n(from.x)}" y1="${n(from.y)}" x2="${n(to.x)}" y2="${n(to.y)}"/>`;
  if (chain.anchor && anchorPoint) {
    for (const target of anchorTargets(chain)) {
      parts.push(
        line({ x: anchorPoint.x, y: anchorPoint.y + 6 }, place.get(target)!, chain.anchor.name, target),
      );
    }
  }
  for (const link of chain.links) {
    const from = place.get(link.from);
    const to = place.get(link.to);
    if (from && to) parts.push(line(from, to, link.from, link.to));
  }
  parts.push('</g>');

  // Evolve arrows: from the service to a ghost of it at the target evolution.
  parts.push(`<g class="evolve" stroke="${colours.evolve}" fill="none">`);
  for (const node of chain.nodes) {
    if (!node.evolve) continue;
    const from = place.get(node.name)!;
    const to = at(node.evolve.evolution, node.visibility);
    const direction = to.x >= from.x ? 1 : -1;
    const inset = VALUE_CHAIN_GEOMETRY.nodeRadius + 3;
    parts.push(
      `<g class="evolve-arrow" data-service="${escapeXmlAttribute(node.name)}" data-target="${n(node.evolve.evolution)}">`,
      `<title>${escapeXmlText(`${node.name} evolves to ${n(node.evolve.evolution)}`)}</title>`,
      `<line x1="${n(from.x + direction * inset)}" y1="${n(from.y)}" x2="${n(to.x - direction * inset)}" y2="${n(to.y)}" stroke-width="1.5" stroke-dasharray="5,4" marker-end="url(#${EVOLVE_ARROW_ID})"/>`,
      `<circle class="ghost" cx="${n(to.x)}" cy="${n(to.y)}" r="${VALUE_CHAIN_GEOMETRY.nodeRadius}" fill="${colours.background}" stroke-width="1.5"/>`,
      `<text x="${n(to.x + 11)}" y="${n(to.y + 16)}" font-size="11" fill="${colours.evolve}" stroke="none">${escapeXmlText(fitText(node.name, 11, 160))}</text>`,
      '</g>',
    );
  }
  parts.push('</g>', '<g class="nodes">');
  for (const node of chain.nodes) {
    const point = place.get(node.name)!;
    parts.push(nodeMarkup(node, point.x, point.y, options.theme, colours));
  }
  parts.push('</g>');
  if (chain.anchor && anchorPoint) {
    parts.push(
      `<text class="anchor" data-anchor="${escapeXmlAttribute(chain.anchor.name)}" x="${n(anchorPoint.x)}" y="${n(anchorPoint.y)}" text-anchor="middle" font-size="14" font-weight="700" fill="${colours.text}">${escapeXmlText(chain.anchor.name)}</text>`,
    );
  }
  parts.push('<g class="notes">');
  for (const note of chain.notes) {
    const point = at(note.evolution, note.visibility);
    parts.push(
      `<text class="note" x="${n(point.x)}" y="${n(point.y)}" font-size="12" font-weight="600" fill="${colours.text}">${escapeXmlText(note.text)}</text>`,
    );
  }
  parts.push('</g>');
  if (legend.length > 0) {
    parts.push('<g class="legend">');
    rows.forEach((row, index) => {
      let x = left;
      const y = bottom + margin.bottom + index * LEGEND_ROW;
      for (const entry of row) {
        parts.push(`<g transform="translate(${n(x)},${n(y)})">${entry.markup}</g>`);
        x += entry.width;
      }
    });
    parts.push('</g>');
  }
  parts.push('</svg>', '');
  return parts.join('\n');
}
