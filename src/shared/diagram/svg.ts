/**
 * The diagram as a standalone SVG 1.1 file: one pure function of (diagram model, positions), run
 * by the studio's File → Export Diagram and by `archsim diagram` alike, so both draw the same
 * picture.
 *
 * Rules (DESIGN.md §5): plain shapes and `<text>` only — no `foreignObject`, no `<image>`, no
 * reference to anything outside the file (the arrowhead `<marker>` is referenced inside it), a
 * generic font stack, all text escaped, and the exact document text in `<metadata>` so the file
 * can be imported again. Output is deterministic: no dates, no random ids.
 *
 * Each node is a `<g class="node">` carrying `data-id`, `data-service` (the full name) and a
 * `<title>` (the full name for hover: long names are cut short with an ellipsis in the drawing).
 */
import {
  NODE_HEIGHT,
  NODE_WIDTH,
  countLabel,
  type DiagramModel,
  type DiagramNode,
  type Point,
} from './model.ts';
import { placeNodes } from './layout.ts';
import { PACKAGE_KINDS, kindStyles, packageKind, packageStyle, type PackageKind } from './package-style.ts';
import { documentElement, escapeXmlAttribute, escapeXmlText } from './svg-metadata.ts';
import { shapeMarkup, svgNumber as n } from './svg-shapes.ts';

export interface DiagramSvgOptions {
  /** Colours (default light). */
  readonly theme?: 'light' | 'dark';
  /** The document's exact text, embedded in `<metadata>` (omitted: the file cannot be imported). */
  readonly documentText?: string;
  /** The heading (default: the document's `title` or `arch`, else "Architecture"). */
  readonly title?: string;
  /** Problems per node id, drawn as a badge at the node's top right. */
  readonly badges?: ReadonlyMap<string, { errors: number; warnings: number }>;
}

/** The font stack: whatever sans-serif the viewer has; nothing is loaded from anywhere. */
export const DIAGRAM_FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

/** The id of the arrowhead marker (the one internal reference in the file). */
const ARROW_ID = 'archsim-arrow';

const MARGIN = 24;
/** Room above a node for its self-loop. */
const LOOP_HEIGHT = 36;
const TITLE_SIZE = 18;
const SUBTITLE_SIZE = 12;
const LEGEND_SWATCH_WIDTH = 34;
const LEGEND_SWATCH_HEIGHT = 18;
const LEGEND_ROW_HEIGHT = 26;
/** Where text starts in a node, right of the glyph. */
const TEXT_LEFT = 46;
const TEXT_RIGHT = 12;

const THEMES = {
  light: {
    background: '#ffffff',
    text: '#1b1f24',
    muted: '#57606a',
    edge: '#6e7781',
    error: '#cf222e',
    warning: '#9a6700',
    badgeText: '#ffffff',
  },
  dark: {
    background: '#0d1117',
    text: '#e8ecf1',
    muted: '#8b949e',
    edge: '#8b949e',
    error: '#f85149',
    warning: '#d29922',
    badgeText: '#0d1117',
  },
} as const;

type Theme = (typeof THEMES)[keyof typeof THEMES];

/**
 * An estimate of how wide text is drawn in a proportional sans-serif (no font metrics exist in
 * a pure function): generous, so estimated text fits in any common font.
 */
export function estimateTextWidth(text: string, fontSize: number): number {
  let width = 0;
  for (const character of text) {
    if (/[ilj.,:;'|!1()[\]{}]/.test(character)) width += 0.32;
    else if (/[mwMW@%]/.test(character)) width += 0.9;
    else if (/[A-Z]/.test(character)) width += 0.7;
    else if (character.codePointAt(0)! > 0x2e80) width += 1;
    else width += 0.58;
  }
  return width * fontSize;
}

/** `text` cut short with an ellipsis to fit `width` (by the estimate). */
export function fitText(text: string, fontSize: number, width: number): string {
  if (estimateTextWidth(text, fontSize) <= width) return text;
  const characters = Array.from(text);
  while (characters.length > 0 && estimateTextWidth(`${characters.join('')}…`, fontSize) > width) {
    characters.pop();
  }
  return `${characters.join('').trimEnd()}…`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function include(box: Box, x: number, y: number): void {
  box.minX = Math.min(box.minX, x);
  box.minY = Math.min(box.minY, y);
  box.maxX = Math.max(box.maxX, x);
  box.maxY = Math.max(box.maxY, y);
}

/** A cubic Bézier curve: start, two control points, end. */
type Curve = readonly [Point, Point, Point, Point];

/**
 * An edge: from the source's right side to the target's left side. An edge that runs backwards
 * (a cycle's closing edge, or nodes placed by hand) bows below the two nodes instead of cutting
 * back through them.
 */
function edgeCurve(from: Point, to: Point): Curve {
  const start = { x: from.x + NODE_WIDTH, y: from.y + NODE_HEIGHT / 2 };
  const end = { x: to.x, y: to.y + NODE_HEIGHT / 2 };
  if (end.x < start.x) {
    const below = Math.max(from.y, to.y) + NODE_HEIGHT * 1.6;
    return [start, { x: start.x + 80, y: below }, { x: end.x - 80, y: below }, end];
  }
  const reach = Math.max(40, (end.x - start.x) / 2);
  return [start, { x: start.x + reach, y: start.y }, { x: end.x - reach, y: end.y }, end];
}

/** A self-dependency (a peer ring): a loop above the node, from its top back into it. */
function loopCurve(at: Point): Curve {
  const start = { x: at.x + NODE_WIDTH * 0.62, y: at.y };
  const end = { x: at.x + NODE_WIDTH * 0.38, y: at.y };
  return [start, { x: start.x + 18, y: at.y - LOOP_HEIGHT }, { x: end.x - 18, y: at.y - LOOP_HEIGHT }, end];
}

const curvePath = ([start, first, second, end]: Curve): string =>
  `M${n(start.x)},${n(start.y)} C${n(first.x)},${n(first.y)} ${n(second.x)},${n(second.y)} ${n(end.x)},${n(end.y)}`;

function nodeMarkup(
  node: DiagramNode,
  at: Point,
  theme: 'light' | 'dark',
  colours: Theme,
  badge: { errors: number; warnings: number } | undefined,
): string {
  const style = packageStyle(node.packageName);
  const palette = style[theme];
  const name = node.name === '' ? '(unnamed)' : node.name;
  const packageName = node.packageName ?? '(no package)';
  const count = node.eureka ? '' : countLabel(node);
  const countWidth = estimateTextWidth(count, 11);
  const textWidth = NODE_WIDTH - TEXT_LEFT - TEXT_RIGHT;
  const parts = [
    `<g class="node" data-id="${escapeXmlAttribute(node.id)}" data-service="${escapeXmlAttribute(node.name)}" data-package="${escapeXmlAttribute(packageName)}" data-kind="${style.kind}" transform="translate(${n(at.x)},${n(at.y)})">`,
    `<title>${escapeXmlText(`${name} (${packageName}${count ? `, ${count}` : ''})`)}</title>`,
    shapeMarkup(style.shape, NODE_WIDTH, NODE_HEIGHT, palette),
    `<text class="glyph" x="24" y="${n(NODE_HEIGHT / 2 + 4.5)}" text-anchor="middle" font-size="13" font-weight="700" fill="${palette.stroke}">${escapeXmlText(style.glyph)}</text>`,
    `<text class="name" x="${TEXT_LEFT}" y="27" font-size="14" font-weight="600" fill="${palette.text}">${escapeXmlText(fitText(name, 14, textWidth))}</text>`,
    `<text class="package" x="${TEXT_LEFT}" y="46" font-size="11" fill="${palette.text}" fill-opacity="0.75">${escapeXmlText(fitText(packageName, 11, textWidth - countWidth - 8))}</text>`,
  ];
  if (count) {
    parts.push(
      `<text class="count" x="${NODE_WIDTH - TEXT_RIGHT}" y="46" text-anchor="end" font-size="11" fill="${palette.text}">${escapeXmlText(count)}</text>`,
    );
  }
  if (badge && (badge.errors > 0 || badge.warnings > 0)) {
    const errors = badge.errors > 0;
    const label = [
      badge.errors > 0 ? plural(badge.errors, 'error') : '',
      badge.warnings > 0 ? plural(badge.warnings, 'warning') : '',
    ]
      .filter(Boolean)
      .join(', ');
    const shown = errors ? badge.errors : badge.warnings;
    parts.push(
      `<g class="badge ${errors ? 'errors' : 'warnings'}" transform="translate(${NODE_WIDTH - 4},4)">`,
      `<title>${escapeXmlText(label)}</title>`,
      `<circle r="9" fill="${errors ? colours.error : colours.warning}" stroke="${colours.background}" stroke-width="1.5"/>`,
      `<text y="3.5" text-anchor="middle" font-size="10" font-weight="700" fill="${colours.badgeText}">${shown > 99 ? '99+' : shown}</text>`,
      `</g>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/** The legend's items, laid out in rows no wider than `width`; returns markup and height. */
function legendMarkup(
  kinds: readonly PackageKind[],
  theme: 'light' | 'dark',
  colours: Theme,
  left: number,
  top: number,
  width: number,
): { markup: string; height: number } {
  if (kinds.length === 0) return { markup: '', height: 0 };
  const styles = kindStyles().filter((style) => kinds.includes(style.kind));
  const items: string[] = [];
  let x = 0;
  let row = 0;
  for (const style of styles) {
    const itemWidth = LEGEND_SWATCH_WIDTH + 10 + estimateTextWidth(style.kindLabel, 12) + 20;
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      row += 1;
    }
    const y = row * LEGEND_ROW_HEIGHT;
    items.push(
      `<g class="legend-item" data-kind="${style.kind}" transform="translate(${n(left + x)},${n(top + y)})">`,
      shapeMarkup(style.shape, LEGEND_SWATCH_WIDTH, LEGEND_SWATCH_HEIGHT, style[theme]),
      `<text x="${LEGEND_SWATCH_WIDTH + 10}" y="13" font-size="12" fill="${colours.muted}">${escapeXmlText(style.kindLabel)}</text>`,
      '</g>',
    );
    x += itemWidth;
  }
  return {
    markup: `<g class="legend">${items.join('')}</g>`,
    height: (row + 1) * LEGEND_ROW_HEIGHT,
  };
}

/**
 * The diagram of `model` with nodes at `positions` (top-left corners; a node missing there is
 * drawn at its stored position, else in a row below the others), as a standalone SVG document.
 */
export function renderDiagramSvg(
  model: DiagramModel,
  positions: ReadonlyMap<string, Point>,
  options: DiagramSvgOptions = {},
): string {
  const theme = options.theme ?? 'light';
  const colours = THEMES[theme];
  const placed = placeNodes(
    {
      ...model,
      nodes: model.nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position })),
    },
    new Map(),
  );
  const at = (id: string) => placed.get(id) as Point;

  // Everything drawn in diagram coordinates; bounds include loops, badges and curve controls.
  const box: Box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const node of model.nodes) {
    const point = at(node.id);
    include(box, point.x, point.y - 10);
    include(box, point.x + NODE_WIDTH + 8, point.y + NODE_HEIGHT + 6);
  }
  const edges = model.edges.map((edge) => {
    const curve = edge.selfLoop ? loopCurve(at(edge.source)) : edgeCurve(at(edge.source), at(edge.target));
    for (const point of curve) include(box, point.x, point.y);
    return { edge, curve };
  });
  if (model.nodes.length === 0) Object.assign(box, { minX: 0, minY: 0, maxX: 320, maxY: 0 });

  const title = options.title ?? model.title ?? 'Architecture';
  const services = model.nodes.filter((node) => !node.eureka).length;
  const subtitle = [model.description, plural(services, 'service')].filter(Boolean).join(' · ');
  const contentWidth = box.maxX - box.minX;
  const width = Math.ceil(Math.max(contentWidth, 320) + 2 * MARGIN);
  const headerHeight = TITLE_SIZE + 8 + SUBTITLE_SIZE + 20;
  const dx = MARGIN - box.minX;
  const dy = MARGIN + headerHeight - box.minY;
  const kinds = PACKAGE_KINDS.filter((kind) =>
    model.nodes.some((node) => packageKind(node.packageName) === kind),
  );
  const legendTop = MARGIN + headerHeight + (box.maxY - box.minY) + (model.nodes.length > 0 ? 28 : 0);
  const legend = legendMarkup(kinds, theme, colours, MARGIN, legendTop, width - 2 * MARGIN);
  const height = Math.ceil(legendTop + legend.height + MARGIN - (legend.height > 0 ? 8 : 0));
  const shift = (point: Point): Point => ({ x: point.x + dx, y: point.y + dy });

  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXmlAttribute(DIAGRAM_FONT_FAMILY)}">`,
    `<title>${escapeXmlText(title)}</title>`,
    `<desc>${escapeXmlText(`${subtitle}. Drawn by archsim.`)}</desc>`,
  ];
  if (options.documentText !== undefined) {
    parts.push(`<metadata>${documentElement(options.documentText)}</metadata>`);
  }
  parts.push(
    '<defs>',
    `<marker id="${ARROW_ID}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">`,
    `<path d="M0,0 L10,5 L0,10 z" fill="${colours.edge}"/>`,
    '</marker>',
    '</defs>',
    `<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="${colours.background}"/>`,
    `<text class="title" x="${MARGIN}" y="${MARGIN + TITLE_SIZE - 4}" font-size="${TITLE_SIZE}" font-weight="700" fill="${colours.text}">${escapeXmlText(fitText(title, TITLE_SIZE, width - 2 * MARGIN))}</text>`,
    `<text class="subtitle" x="${MARGIN}" y="${MARGIN + TITLE_SIZE + 8 + SUBTITLE_SIZE - 2}" font-size="${SUBTITLE_SIZE}" fill="${colours.muted}">${escapeXmlText(fitText(subtitle, SUBTITLE_SIZE, width - 2 * MARGIN))}</text>`,
    `<g class="edges" fill="none" stroke="${colours.edge}" stroke-width="1.5">`,
  );
  const names = new Map(model.nodes.map((node) => [node.id, node.name]));
  for (const { edge, curve } of edges) {
    const d = curvePath(curve.map(shift) as unknown as Curve);
    const label = `${names.get(edge.source) ?? edge.source} → ${names.get(edge.target) ?? edge.target}`;
    parts.push(
      `<path class="${edge.selfLoop ? 'edge loop' : 'edge'}" data-source="${escapeXmlAttribute(edge.source)}" data-target="${escapeXmlAttribute(edge.target)}" d="${d}" marker-end="url(#${ARROW_ID})"><title>${escapeXmlText(label)}</title></path>`,
    );
  }
  parts.push('</g>', '<g class="nodes">');
  for (const node of model.nodes) {
    parts.push(nodeMarkup(node, shift(at(node.id)), theme, colours, options.badges?.get(node.id)));
  }
  parts.push('</g>', legend.markup, '</svg>', '');
  return parts.join('\n');
}
