/**
 * How each package is drawn, on the canvas and in exported diagrams alike: its kind (eight
 * families, plus eureka and unknown names), the label of that kind, a shape, a glyph and two colour sets (light and dark
 * themes). One table, so the studio and `archsim diagram` agree.
 */
import { isPackageName, type PackageName } from '../document/packages.ts';

/** The families of packages a reader tells apart at a glance. */
export const PACKAGE_KINDS = [
  'dns',
  'load-balancer',
  'api-proxy',
  'business-logic',
  'data-access',
  'ring',
  'store',
  'monolith',
  'discovery',
  'unknown',
] as const;
export type PackageKind = (typeof PACKAGE_KINDS)[number];

/**
 * The outline of a node: `rounded` (a box), `pill` (stadium: traffic passes through), `hexagon`
 * (proxying), `cylinder` (holds data), `octagon` (the DNS root), `double` (a monolith: a box
 * drawn twice).
 */
export type NodeShape = 'rounded' | 'pill' | 'hexagon' | 'cylinder' | 'octagon' | 'double';

export interface ThemeColours {
  /** Node fill. */
  readonly fill: string;
  /** Node outline and glyph. */
  readonly stroke: string;
  /** Text on the fill. */
  readonly text: string;
}

export interface PackageStyle {
  readonly kind: PackageKind;
  /** "Load balancer", "Cassandra / Riak"… */
  readonly kindLabel: string;
  readonly shape: NodeShape;
  /** A one- or two-character mark drawn at the node's left (plain text, any font). */
  readonly glyph: string;
  readonly light: ThemeColours;
  readonly dark: ThemeColours;
}

const style = (
  kind: PackageKind,
  kindLabel: string,
  shape: NodeShape,
  glyph: string,
  hue: { light: [string, string]; dark: [string, string] },
): PackageStyle => ({
  kind,
  kindLabel,
  shape,
  glyph,
  light: { fill: hue.light[0], stroke: hue.light[1], text: '#1b1f24' },
  dark: { fill: hue.dark[0], stroke: hue.dark[1], text: '#e8ecf1' },
});

const STYLES: Readonly<Record<PackageKind, PackageStyle>> = {
  dns: style('dns', 'DNS entry point', 'octagon', 'DNS', {
    light: ['#e9e4fb', '#6a4fd0'],
    dark: ['#2d2650', '#a793f5'],
  }),
  'load-balancer': style('load-balancer', 'Load balancer', 'pill', 'LB', {
    light: ['#ddeefe', '#1f6fc4'],
    dark: ['#1b3350', '#6fb1f2'],
  }),
  'api-proxy': style('api-proxy', 'API proxy', 'hexagon', 'API', {
    light: ['#dcf3f0', '#13837a'],
    dark: ['#163c39', '#4fcfc2'],
  }),
  'business-logic': style('business-logic', 'Business logic', 'rounded', 'μS', {
    light: ['#e3f4dc', '#3a8a22'],
    dark: ['#213a1b', '#7fd25f'],
  }),
  'data-access': style('data-access', 'Data access', 'rounded', 'DAL', {
    light: ['#fdf0d8', '#b7740c'],
    dark: ['#43321a', '#f0b14d'],
  }),
  ring: style('ring', 'Cassandra / Riak', 'cylinder', 'C*', {
    light: ['#fde2e2', '#c2373a'],
    dark: ['#4a2224', '#f07b7d'],
  }),
  store: style('store', 'Store / cache', 'cylinder', 'DB', {
    light: ['#f6e4f4', '#a23d98'],
    dark: ['#40213d', '#e07fd5'],
  }),
  monolith: style('monolith', 'Monolith', 'double', 'M', {
    light: ['#ebedf0', '#57606a'],
    dark: ['#2d333b', '#adbac7'],
  }),
  discovery: style('discovery', 'Service discovery (eureka)', 'octagon', 'E', {
    light: ['#eef1f4', '#6e7781'],
    dark: ['#262c33', '#8b949e'],
  }),
  unknown: style('unknown', 'Unknown package', 'rounded', '?', {
    light: ['#fff4f4', '#cf222e'],
    dark: ['#3d1f22', '#ff7b72'],
  }),
};

const KIND_OF_PACKAGE: Readonly<Record<PackageName, PackageKind>> = {
  denominator: 'dns',
  elb: 'load-balancer',
  zuul: 'api-proxy',
  karyon: 'business-logic',
  monolith: 'monolith',
  staash: 'data-access',
  priamCassandra: 'ring',
  riak: 'ring',
  store: 'store',
  cache: 'store',
  volume: 'store',
};

/** The kind a package belongs to; `unknown` for a name that is not a package. */
export function packageKind(packageName: unknown): PackageKind {
  if (packageName === 'eureka') return 'discovery';
  return isPackageName(packageName) ? KIND_OF_PACKAGE[packageName] : 'unknown';
}

/** How a service of this package is drawn. */
export function packageStyle(packageName: unknown): PackageStyle {
  return STYLES[packageKind(packageName)];
}

/** The style of each kind, in legend order. */
export function kindStyles(): readonly PackageStyle[] {
  return PACKAGE_KINDS.map((kind) => STYLES[kind]);
}
