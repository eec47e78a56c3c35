/**
 * What the palette offers: one item per package, in the order of a request's path (entry, load
 * balancer, proxy, logic, data access, stores), and the service each one adds — a name that is
 * free, the package, and counts a new service of that kind usually has.
 */
import { PACKAGE_NAMES, PACKAGE_PROFILES, type PackageName } from '@shared/document/packages.ts';
import { packageStyle } from '@shared/diagram/package-style.ts';
import { uniqueServiceName } from '../document/changes.ts';

export interface PaletteItem {
  readonly packageName: PackageName;
  readonly kindLabel: string;
  readonly summary: string;
  readonly glyph: string;
}

export const PALETTE_ITEMS: readonly PaletteItem[] = PACKAGE_NAMES.map((packageName) => ({
  packageName,
  kindLabel: packageStyle(packageName).kindLabel,
  summary: PACKAGE_PROFILES[packageName].summary,
  glyph: packageStyle(packageName).glyph,
}));

/** The drag-and-drop type of a palette item (its package name is the data). */
export const PALETTE_MIME = 'application/x-archsim-package';

const BASE_NAMES: Readonly<Record<PackageName, string>> = {
  denominator: 'www',
  elb: 'elb',
  zuul: 'api-proxy',
  karyon: 'service',
  monolith: 'app',
  staash: 'data-access',
  priamCassandra: 'cassandra',
  riak: 'riak',
  store: 'store',
  cache: 'cache',
  volume: 'volume',
};

/**
 * A new service of `packageName`: the DNS entry is global and one instance (spigo's count 0,
 * regions 0), a load balancer one cross-zone instance per region, everything else one instance
 * per zone of each region.
 */
export function newService(
  packageName: PackageName,
  takenNames: Iterable<string>,
): { name: string; package: PackageName; count: number; regions: number; dependencies: string[] } {
  const name = uniqueServiceName(BASE_NAMES[packageName], takenNames);
  if (packageName === 'denominator')
    return { name, package: packageName, count: 0, regions: 0, dependencies: [] };
  if (packageName === 'elb') return { name, package: packageName, count: 0, regions: 1, dependencies: [] };
  return { name, package: packageName, count: 3, regions: 1, dependencies: [] };
}
