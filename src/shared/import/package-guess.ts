/**
 * Guessing a service's package from what an imported file says about it: a docker image's
 * repository name (docker-compose), or the words of a name (an OnlineWardleyMaps component such as
 * "Load Balancer", "User DB" or "redisCache"). One table of well-known software, so both importers
 * agree on what redis or nginx is.
 */
import type { PackageName } from '../document/packages.ts';

/** Well-known software, by its (image repository) name. */
export const PACKAGE_OF_SOFTWARE: Readonly<Record<string, PackageName>> = {
  redis: 'cache',
  memcached: 'cache',
  valkey: 'cache',
  keydb: 'cache',
  postgres: 'store',
  postgresql: 'store',
  mysql: 'store',
  mariadb: 'store',
  mongo: 'store',
  mongodb: 'store',
  nginx: 'elb',
  haproxy: 'elb',
  traefik: 'elb',
  envoy: 'elb',
};

/**
 * Words that name a kind of service, tried in this order (the first rule with a matching word
 * wins: "cache database" is a cache). Software from PACKAGE_OF_SOFTWARE counts too.
 */
const RULES: readonly (readonly [PackageName, readonly string[]])[] = [
  ['denominator', ['dns', 'denominator', 'route53', 'domain', 'domains']],
  ['elb', ['elb', 'alb', 'nlb', 'lb', 'loadbalancer', 'balancer', 'balancing']],
  ['priamCassandra', ['cassandra', 'priam', 'cass', 'scylla']],
  ['riak', ['riak']],
  ['cache', ['cache', 'caches', 'caching', 'memcache', 'memcached', 'evcache', 'redis', 'valkey', 'keydb']],
  ['volume', ['volume', 'disk', 'disks', 's3', 'ebs', 'blob', 'blobs', 'bucket', 'storage', 'files', 'file']],
  ['staash', ['staash', 'dal']],
  ['zuul', ['zuul', 'gateway', 'proxy']],
  [
    'store',
    ['db', 'database', 'databases', 'store', 'datastore', 'sql', 'rds', 'dynamo', 'dynamodb', 'data'],
  ],
  ['monolith', ['monolith']],
];

/** The lower-case words of a name: split at spaces, punctuation and camelCase humps. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/**
 * The package a service named `name` most likely runs: a DNS entry point, a load balancer, a
 * proxy, a Cassandra ring, a cache, a volume, a data access layer, a store or a monolith by the
 * words of its name; otherwise business logic (karyon).
 */
export function guessPackageFromName(name: string): PackageName {
  const words = nameWords(name);
  const joined = words.join('');
  if (words.includes('load') && words.some((word) => word.startsWith('balanc'))) return 'elb';
  if (words.includes('data') && words.includes('access')) return 'staash';
  for (const [packageName, names] of RULES) {
    if (words.some((word) => names.includes(word))) return packageName;
  }
  const software = words.find((word) => PACKAGE_OF_SOFTWARE[word] !== undefined);
  if (software !== undefined) return PACKAGE_OF_SOFTWARE[software] as PackageName;
  if (joined.includes('loadbalancer')) return 'elb';
  return 'karyon';
}
