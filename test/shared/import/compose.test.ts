import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDocumentText, guessPackage, imageRepositoryName } from '@shared/import/index.ts';
import { validateDocumentText } from '@shared/document/validate.ts';
import { readSpigoJson, repositoryRoot } from '../../support/spigo.ts';

interface Service {
  name: string;
  package: string;
  count: number;
  regions: number;
  dependencies: string[] | null;
  container?: string;
  machine?: string;
}

/** Imports compose YAML and returns the document, failing the test when the import fails. */
function compose(yaml: string, fileName = 'docker-compose.yml') {
  const result = importDocumentText(fileName, yaml);
  if (!result.ok) throw new Error(`import failed: ${result.message} at ${result.line}:${result.column}`);
  expect(result.format).toBe('compose');
  const document = JSON.parse(result.text) as { services: Service[]; [key: string]: unknown };
  return {
    text: result.text,
    document,
    byName: new Map(document.services.map((service) => [service.name, service])),
  };
}

const dependenciesOf = (services: readonly Service[]) =>
  Object.fromEntries(services.map((service) => [service.name, service.dependencies ?? []]));

describe('docker-compose import', () => {
  it('reads depends_on in list and map form, and links with and without aliases', () => {
    const { byName } = compose(`
services:
  web:
    image: example/web
    depends_on: [api, cache]
  api:
    build: ./api
    depends_on:
      db:
        condition: service_healthy
      queue:
        condition: service_started
    links:
      - "db:database"
      - cache
  cache:
    image: redis:7
  db:
    image: postgres:16
  queue:
    image: rabbitmq
`);
    expect(byName.get('web')?.dependencies).toEqual(['api', 'cache']);
    // depends_on first, then links; a dependency listed twice is one dependency.
    expect(byName.get('api')?.dependencies).toEqual(['db', 'queue', 'cache']);
    expect(byName.get('db')?.dependencies).toEqual([]);
  });

  it('guesses the package from the image repository, ignoring registry, namespace, tag and digest', () => {
    const cases: [string | undefined, string][] = [
      ['redis', 'cache'],
      ['redis:7-alpine', 'cache'],
      ['docker.io/library/redis:7.2@sha256:0123abcd', 'cache'],
      ['localhost:5000/redis', 'cache'],
      ['bitnami/memcached:1.6', 'cache'],
      ['postgres:9.4', 'store'],
      ['bitnami/postgresql', 'store'],
      ['mysql:8', 'store'],
      ['mariadb:11', 'store'],
      ['mongo', 'store'],
      ['registry.example.com:443/team/mongodb:7', 'store'],
      ['nginx:alpine', 'elb'],
      ['haproxy:2.9', 'elb'],
      ['traefik:v3.0', 'elb'],
      ['envoyproxy/envoy:v1.29-latest', 'elb'],
      ['NGINX', 'elb'],
      ['myorg/redis-exporter', 'monolith'],
      ['example/web:1.0', 'monolith'],
      ['redis:${REDIS_VERSION:-7}', 'cache'],
      [undefined, 'monolith'],
    ];
    for (const [image, expected] of cases) expect(guessPackage(image), String(image)).toBe(expected);
    expect(imageRepositoryName('registry.example.com:5000/team/redis:7@sha256:abc')).toBe('redis');
  });

  it('counts like compose2arch — monolith 3, stores and caches 1, load balancers 0 — unless replicas or scale say', () => {
    const { byName } = compose(`
services:
  proxy: { image: nginx, ports: ["80:80"], depends_on: [app, worker] }
  app: { build: ., deploy: { replicas: 5 }, depends_on: [db, cache] }
  worker: { build: { context: ./worker, dockerfile: Dockerfile.worker }, scale: 2 }
  db: { image: mysql }
  cache: { image: memcached }
`);
    expect(
      [...byName.values()].map(({ name, package: pkg, count, regions }) => [name, pkg, count, regions]),
    ).toEqual([
      ['proxy', 'elb', 0, 1],
      ['www-proxy', 'denominator', 0, 0],
      ['app', 'monolith', 5, 1],
      ['worker', 'monolith', 2, 1],
      ['db', 'store', 1, 1],
      ['cache', 'cache', 1, 1],
    ]);
    expect(byName.get('app')?.container).toBe('.');
    expect(byName.get('worker')?.container).toBe('./worker');
    expect(byName.get('db')?.container).toBe('mysql');
  });

  it('puts a www-SERVICE denominator in front of each service publishing a host port, as compose2arch did', () => {
    const { document } = compose(`
services:
  short: { image: a, ports: ["8080:80"] }
  bound: { image: b, ports: ["127.0.0.1:8081:80/tcp"] }
  long: { image: c, ports: [{ target: 80, published: 8082 }] }
  bare: { image: d, ports: ["6379", 5432] }
  exposed: { image: e, expose: ["3000"] }
  www-short: { image: f }
`);
    expect(document.services.filter((service) => service.package === 'denominator')).toEqual([
      {
        name: 'www-short-2',
        package: 'denominator',
        count: 0,
        regions: 0,
        dependencies: ['short'],
        machine: 'external',
      },
      {
        name: 'www-bound',
        package: 'denominator',
        count: 0,
        regions: 0,
        dependencies: ['bound'],
        machine: 'external',
      },
      {
        name: 'www-long',
        package: 'denominator',
        count: 0,
        regions: 0,
        dependencies: ['long'],
        machine: 'external',
      },
    ]);
  });

  it('writes a formatted archsim document named after the file that validates without errors', () => {
    const { text, document } = compose(
      'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n    depends_on: [app]\n  app:\n    build: .\n',
      'shop/compose.prod.yaml',
    );
    expect(text).toBe(`${JSON.stringify(document, null, 2)}\n`);
    expect(Object.keys(document)).toEqual(['archsimVersion', 'arch', 'version', 'description', 'services']);
    expect(document).toMatchObject({
      archsimVersion: 1,
      arch: 'compose.prod',
      version: 'arch-0.1',
      description: 'imported from docker-compose compose.prod.yaml',
    });
    const checked = validateDocumentText(text);
    expect(checked.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(checked.document).not.toBeNull();
  });

  it('reads compose v1 files (services at the top level) and YAML anchors and merge keys', () => {
    const v1 = compose(
      'web:\n  build: ./app\n  links:\n    - "db:redis"\nnginx:\n  build: ./nginx/\n  ports:\n    - "80:80"\n  links:\n    - web:web\ndb:\n  image: redis\n',
    );
    expect(dependenciesOf(v1.document.services)).toEqual({
      web: ['db'],
      nginx: ['web'],
      'www-nginx': ['nginx'],
      db: [],
    });
    const anchored = compose(`
x-common: &common
  image: example/service
  depends_on: [db]
services:
  a:
    <<: *common
  b:
    <<: *common
    deploy: { replicas: 2 }
  db: { image: mongo }
`);
    expect(dependenciesOf(anchored.document.services)).toEqual({ a: ['db'], b: ['db'], db: [] });
    expect(anchored.byName.get('b')?.count).toBe(2);
  });

  it('reads a byte-order mark and a compose file with another name, by its content', () => {
    expect(compose('\uFEFFservices:\n  a: { image: redis }\n').byName.get('a')?.package).toBe('cache');
    const sniffed = importDocumentText('Composefile', 'services:\n  a: { image: redis }\n');
    expect(sniffed.ok && sniffed.format).toBe('compose');
    const asJson = importDocumentText('compose-file', '{"services": {"a": {"image": "redis"}}}');
    expect(asJson.ok && asJson.format).toBe('compose');
  });

  it('locates YAML syntax errors', () => {
    expect(importDocumentText('docker-compose.yml', 'services:\n  web:\n    image: @nginx\n')).toEqual({
      ok: false,
      message: 'malformed YAML: plain value cannot start with reserved character @',
      line: 3,
      column: 12,
    });
    expect(importDocumentText('c.yaml', 'services:\n  web:\n    image: nginx\n\tdb: x\n')).toEqual({
      ok: false,
      message: 'malformed YAML: tabs are not allowed as indentation',
      line: 4,
      column: 1,
    });
    const duplicate = importDocumentText('c.yml', 'services:\n  a: { image: x }\n  a: { image: y }\n');
    expect(duplicate).toMatchObject({
      ok: false,
      message: expect.stringMatching(/unique/),
      line: 3,
      column: 3,
    });
    const indentation = importDocumentText('c.yml', 'services:\n  web:\n    image: nginx\n   bad: [\n');
    expect(indentation).toMatchObject({ ok: false, line: 4 });
  });

  it('names the service and the missing target of a depends_on or links, at the reference', () => {
    const yaml = [
      'services:',
      '  web:',
      '    image: nginx',
      '    depends_on:',
      '      - app',
      '      - dbx',
      '  app:',
      '    build: .',
    ].join('\n');
    expect(importDocumentText('c.yml', yaml)).toEqual({
      ok: false,
      message: 'service "web" depends on "dbx", which is not a service in this file',
      line: 6,
      column: 9,
    });
    const mapForm =
      'services:\n  web:\n    image: nginx\n    depends_on:\n      ghost:\n        condition: service_healthy\n';
    expect(importDocumentText('c.yml', mapForm)).toEqual({
      ok: false,
      message: 'service "web" depends on "ghost", which is not a service in this file',
      line: 5,
      column: 7,
    });
    const link = 'services:\n  web:\n    image: nginx\n    links: ["db:database"]\n';
    expect(importDocumentText('c.yml', link)).toEqual({
      ok: false,
      message: 'service "web" links to "db", which is not a service in this file',
      line: 4,
      column: 13,
    });
  });

  it('refuses YAML that is not a compose file', () => {
    const noServices = { ok: false, message: 'not a docker-compose file (no services)' };
    expect(importDocumentText('c.yml', 'version: "3"\nnetworks:\n  front: {}\n')).toEqual(noServices);
    expect(importDocumentText('c.yml', '- a\n- b\n')).toEqual(noServices);
    expect(importDocumentText('c.yml', 'services: {}\n')).toEqual(noServices);
    expect(importDocumentText('c.yml', '')).toEqual(noServices);
    expect(importDocumentText('c.yml', 'name: x\nitems: [1, 2]\n')).toEqual(noServices);
    expect(importDocumentText('c.yml', 'services:\n  - a\n')).toMatchObject({ ok: false, line: 2 });
    expect(importDocumentText('c.yml', 'services:\n  a: just a string\n')).toMatchObject({
      ok: false,
      message: 'service "a" must be a mapping',
      line: 2,
    });
  });
});

describe("docker's voting app (compose2arch's test: spigo/json_arch/composeV2_arch.json)", () => {
  const fixture = path.join(repositoryRoot, 'test/fixtures/compose/voting-app.yml');
  const { document, byName, text } = compose(readFileSync(fixture, 'utf8'), fixture);
  const reference = readSpigoJson('json_arch', 'composeV2_arch.json') as { services: Service[] };
  const referenceByName = new Map(reference.services.map((service) => [service.name, service]));

  it("has compose2arch's services, but not its networks and volumes", () => {
    const networksAndVolumes = reference.services.filter((service) =>
      ['network', 'volume'].includes(service.machine ?? ''),
    );
    expect(networksAndVolumes.map((service) => service.name)).toEqual(['front-tier', 'back-tier', 'db-data']);
    const expected = reference.services.filter((service) => !networksAndVolumes.includes(service));
    expect([...byName.keys()].sort()).toEqual(expected.map((service) => service.name).sort());
  });

  it("keeps compose2arch's dependencies, entry points, counts and containers", () => {
    for (const service of document.services) {
      const original = referenceByName.get(service.name)!;
      if (service.name === 'db') {
        // compose2arch made db depend on its volume; volumes are not services here.
        expect(original.dependencies).toEqual(['db-data']);
        expect(service.dependencies).toEqual([]);
      } else {
        expect(service.dependencies, service.name).toEqual(original.dependencies ?? []);
      }
      expect(service.count, service.name).toBe(original.count);
      expect(service.container, service.name).toBe(original.container);
      if (service.package === 'denominator') {
        expect(service).toMatchObject({ machine: 'external', regions: 0 });
        expect(original).toMatchObject({ package: 'denominator', machine: 'external' });
      }
    }
  });

  it('guesses packages from images where compose2arch went by service name', () => {
    const packages = Object.fromEntries(document.services.map((service) => [service.name, service.package]));
    expect(packages).toEqual({
      'voting-app': 'monolith',
      'www-voting-app': 'denominator',
      'result-app': 'monolith',
      'www-result-app': 'denominator',
      worker: 'monolith',
      redis: 'cache', // compose2arch: store
      db: 'store', // compose2arch: staash
    });
    expect(referenceByName.get('redis')?.package).toBe('store');
    expect(referenceByName.get('db')?.package).toBe('staash');
  });

  it('is a valid document (warnings only) named after the file', () => {
    expect(document).toMatchObject({
      arch: 'voting-app',
      description: 'imported from docker-compose voting-app.yml',
    });
    const checked = validateDocumentText(text);
    expect(checked.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    // The worker only reads a queue: nothing calls it, which validate points out.
    expect(checked.problems.map((problem) => problem.message)).toContain(
      'service "worker" is not reached from any entry point',
    );
  });
});
