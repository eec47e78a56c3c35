/**
 * Importing a docker-compose file as an architecture, after spigo's compose2arch (SPIGO.md §4.6):
 * a service per compose service, its dependencies from `depends_on` (list or map form) and
 * `links` (`db:database` is a link to db), a package guessed from its image, and a `denominator`
 * entry point `www-SERVICE` in front of each service that publishes a port to the host.
 *
 * Where archsim differs from compose2arch (whose output for docker's voting app is
 * spigo/json_arch/composeV2_arch.json; test/shared/import/compose.test.ts compares):
 * - the package comes from the image, not the service's name: redis → cache (compose2arch: a
 *   service named redis → store), postgres/mysql/mariadb/mongo → store (compose2arch: a service
 *   named db → staash), nginx/haproxy/traefik/envoy → elb;
 * - networks and volumes are not services (compose2arch made each network an elb of count 0
 *   calling every service on it — an entry point nobody calls — and each volume a store of
 *   count 0); a service's dependencies are its `depends_on` and `links`, nothing else;
 * - `deploy.replicas` (or compose v2's `scale`) sets the count;
 * - services are listed in the file's order (compose2arch: Go's random map order), each
 *   service's entry point right after it, as compose2arch adds them.
 * Counts otherwise follow compose2arch: monolith 3, stores and caches 1, load balancers 0 (spigo's
 * convention for an elb: one cross-zone instance), entry points count 0 and regions 0.
 */
import { parseDocument, isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { PackageName } from '../document/packages.ts';
import { failureAt, type ImportResult } from './result.ts';
import { PACKAGE_OF_SOFTWARE } from './package-guess.ts';

/** Instances per region by package when the file does not say (compose2arch's choices). */
const DEFAULT_COUNT: Readonly<Partial<Record<PackageName, number>>> = { cache: 1, store: 1, elb: 0 };
const MONOLITH_COUNT = 3;

/**
 * The repository part of an image reference: `registry.example.com:5000/team/redis:7@sha256:…`
 * → `redis` (lower case).
 */
export function imageRepositoryName(image: string): string {
  let reference = image.trim().toLowerCase();
  const digest = reference.indexOf('@');
  if (digest >= 0) reference = reference.slice(0, digest);
  const lastSlash = reference.lastIndexOf('/');
  const tag = reference.indexOf(':', lastSlash + 1);
  if (tag >= 0) reference = reference.slice(0, tag);
  return reference.slice(reference.lastIndexOf('/') + 1);
}

/** The package for a service running `image` (build-only services, `undefined`: monolith). */
export function guessPackage(image: string | undefined): PackageName {
  if (image === undefined) return 'monolith';
  return PACKAGE_OF_SOFTWARE[imageRepositoryName(image)] ?? 'monolith';
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys of a compose service that mark a v1 file's top-level entries as services. */
const SERVICE_KEYS = ['image', 'build', 'links', 'depends_on', 'ports', 'command', 'environment', 'volumes'];

/** Whether a port entry publishes a host port (compose2arch: `HOST:CONTAINER`; long syntax: `published`). */
function publishesPort(entry: unknown): boolean {
  if (typeof entry === 'string') return entry.replace(/\/(tcp|udp|sctp)$/i, '').split(':').length >= 2;
  if (isObject(entry)) return entry['published'] !== undefined && entry['published'] !== null;
  return false;
}

function whole(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined;
}

function containerOf(service: JsonObject): string | undefined {
  if (typeof service['image'] === 'string') return service['image'];
  const build = service['build'];
  if (typeof build === 'string') return build;
  if (isObject(build)) return typeof build['context'] === 'string' ? build['context'] : '.';
  return undefined;
}

/** The base name of a path written either way, and the name without its last extension. */
function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}

/** Imports a docker-compose file (v1: services at the top; v2, v3 and the compose spec: `services:`). */
export function importComposeFile(fileName: string, text: string): ImportResult {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, merge: true });
  const syntax = document.errors[0];
  if (syntax) {
    const reason =
      syntax.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? syntax.message;
    return failureAt(
      text,
      syntax.pos[0],
      `malformed YAML: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`,
    );
  }
  let root: unknown;
  try {
    root = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return {
      ok: false,
      message: `unreadable YAML: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const noServices = { ok: false, message: 'not a docker-compose file (no services)' } as const;
  if (!isObject(root)) return noServices;

  /** The location of the node at `path` in the YAML, or of its nearest existing parent. */
  const locate = (path: readonly (string | number)[], message: string, key = false): ImportResult => {
    let node: unknown = document.contents;
    let offset = 0;
    for (const [index, step] of path.entries()) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(step),
        );
        next = pair && key && index === path.length - 1 ? pair.key : pair?.value;
        if (pair && isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
      } else if (isSeq(node) && typeof step === 'number') {
        next = node.items[step];
      }
      if (next === undefined || next === null) break;
      node = next;
      const range = (node as YamlNode).range;
      if (range) offset = range[0];
    }
    return failureAt(text, offset, message);
  };

  const versionTwo = 'services' in root;
  const servicesPath = versionTwo ? ['services'] : [];
  let services: JsonObject;
  if (versionTwo) {
    if (!isObject(root['services']))
      return root['services'] == null
        ? noServices
        : locate(['services'], 'services must be a mapping of service names to services');
    services = root['services'];
  } else {
    const entries = Object.entries(root).filter(
      ([, value]) => isObject(value) && SERVICE_KEYS.some((key) => key in value),
    );
    if (entries.length === 0 || 'version' in root) return noServices;
    services = Object.fromEntries(entries);
  }
  const names = Object.keys(services);
  if (names.length === 0) return noServices;

  const used = new Set(names);
  const output: JsonObject[] = [];
  for (const name of names) {
    const raw = services[name];
    if (raw !== null && raw !== undefined && !isObject(raw)) {
      return locate([...servicesPath, name], `service "${name}" must be a mapping`);
    }
    const service: JsonObject = raw ?? {};
    const dependencies: string[] = [];
    const depend = (target: string, path: readonly (string | number)[], verb: string, key = false) => {
      if (!(target in services)) {
        return locate(
          [...servicesPath, name, ...path],
          `service "${name}" ${verb} "${target}", which is not a service in this file`,
          key,
        );
      }
      if (!dependencies.includes(target)) dependencies.push(target);
      return null;
    };
    const dependsOn = service['depends_on'];
    if (Array.isArray(dependsOn)) {
      for (const [index, target] of dependsOn.entries()) {
        const failure = depend(String(target), ['depends_on', index], 'depends on');
        if (failure) return failure;
      }
    } else if (isObject(dependsOn)) {
      for (const target of Object.keys(dependsOn)) {
        const failure = depend(target, ['depends_on', target], 'depends on', true);
        if (failure) return failure;
      }
    }
    const links = Array.isArray(service['links']) ? (service['links'] as unknown[]) : [];
    for (const [index, link] of links.entries()) {
      const failure = depend(String(link).split(':')[0]?.trim() ?? '', ['links', index], 'links to');
      if (failure) return failure;
    }

    const image = typeof service['image'] === 'string' ? service['image'] : undefined;
    const packageName = guessPackage(image);
    const deploy = isObject(service['deploy']) ? service['deploy'] : {};
    const count =
      whole(deploy['replicas']) ?? whole(service['scale']) ?? DEFAULT_COUNT[packageName] ?? MONOLITH_COUNT;
    const container = containerOf(service);
    output.push({
      name,
      package: packageName,
      count,
      regions: 1,
      dependencies,
      ...(container === undefined ? {} : { container }),
    });

    const ports = Array.isArray(service['ports']) ? (service['ports'] as unknown[]) : [];
    if (ports.some(publishesPort)) {
      let entry = `www-${name}`;
      for (let suffix = 2; used.has(entry); suffix++) entry = `www-${name}-${suffix}`;
      used.add(entry);
      output.push({
        name: entry,
        package: 'denominator',
        count: 0,
        regions: 0,
        dependencies: [name],
        machine: 'external',
      });
    }
  }

  const file = baseName(fileName);
  const architecture = {
    archsimVersion: 1,
    arch: file.replace(/\.[^.]*$/, '') || file,
    version: 'arch-0.1',
    description: `imported from docker-compose ${file}`,
    services: output,
  };
  return { ok: true, text: `${JSON.stringify(architecture, null, 2)}\n`, format: 'compose' };
}
