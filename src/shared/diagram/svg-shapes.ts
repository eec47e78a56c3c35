/**
 * The outlines of diagram nodes as SVG markup, in the node's own coordinates (0,0 top-left,
 * `width` × `height`), for exported diagrams and their legends. Plain SVG 1.1 shapes only.
 */
import type { NodeShape } from './package-style.ts';

/** A number as SVG writes it: at most two decimals, no trailing zeros, never "-0". */
export function svgNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

const points = (list: readonly (readonly [number, number])[]): string =>
  list.map(([x, y]) => `${svgNumber(x)},${svgNumber(y)}`).join(' ');

export interface ShapeColours {
  readonly fill: string;
  readonly stroke: string;
}

/**
 * The outline of a node. `double` (a monolith) draws a second box behind the first, offset to
 * the bottom right; `cylinder` draws the front arc of its top on top of the body.
 */
export function shapeMarkup(shape: NodeShape, width: number, height: number, colours: ShapeColours): string {
  const paint = `fill="${colours.fill}" stroke="${colours.stroke}" stroke-width="1.5"`;
  const w = svgNumber(width);
  const h = svgNumber(height);
  switch (shape) {
    case 'rounded': {
      const radius = svgNumber(Math.min(10, height / 4));
      return `<rect class="shape" width="${w}" height="${h}" rx="${radius}" ry="${radius}" ${paint}/>`;
    }
    case 'pill': {
      const radius = svgNumber(height / 2);
      return `<rect class="shape" width="${w}" height="${h}" rx="${radius}" ry="${radius}" ${paint}/>`;
    }
    case 'hexagon': {
      const inset = Math.min(16, height / 3);
      const middle = height / 2;
      return `<polygon class="shape" points="${points([
        [inset, 0],
        [width - inset, 0],
        [width, middle],
        [width - inset, height],
        [inset, height],
        [0, middle],
      ])}" ${paint}/>`;
    }
    case 'octagon': {
      const cut = Math.min(14, height / 3);
      return `<polygon class="shape" points="${points([
        [cut, 0],
        [width - cut, 0],
        [width, cut],
        [width, height - cut],
        [width - cut, height],
        [cut, height],
        [0, height - cut],
        [0, cut],
      ])}" ${paint}/>`;
    }
    case 'cylinder': {
      const ry = svgNumber(Math.min(7, height / 5));
      const rx = svgNumber(width / 2);
      const top = ry;
      const bottom = svgNumber(height - Number(ry));
      const body =
        `M0,${top} A${rx},${ry} 0 0 1 ${w},${top} V${bottom} ` + `A${rx},${ry} 0 0 1 0,${bottom} Z`;
      const rim = `M0,${top} A${rx},${ry} 0 0 0 ${w},${top}`;
      return (
        `<path class="shape" d="${body}" ${paint}/>` +
        `<path class="rim" d="${rim}" fill="none" stroke="${colours.stroke}" stroke-width="1.5"/>`
      );
    }
    case 'double': {
      const offset = Math.min(5, height / 6);
      const radius = svgNumber(Math.min(8, height / 4));
      const back = `<rect class="shadow" x="${svgNumber(offset)}" y="${svgNumber(offset)}" width="${w}" height="${h}" rx="${radius}" ry="${radius}" ${paint}/>`;
      return `${back}<rect class="shape" width="${w}" height="${h}" rx="${radius}" ry="${radius}" ${paint}/>`;
    }
  }
}
