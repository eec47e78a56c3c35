/**
 * A generated architecture for the studio benchmark: `size` services in the shape of a large
 * microservice estate — one DNS entry, load balancers, API proxies, a wide tier of business
 * services calling each other and data-access layers, and stores — with no stored positions, so
 * opening it includes the auto-layout, as opening any spigo file does.
 */
export function generatedArchitecture(size: number): string {
  const proxies = Math.max(1, Math.round(size * 0.03));
  const stores = Math.max(1, Math.round(size * 0.15));
  const dals = Math.max(1, Math.round(size * 0.2));
  const logic = Math.max(1, size - 2 - proxies - dals - stores);
  const services: Record<string, unknown>[] = [];
  const store = (index: number) => `store-${index}`;
  const dal = (index: number) => `dal-${index}`;
  const service = (index: number) => `service-${index}`;
  for (let index = 0; index < stores; index++) {
    services.push({
      name: store(index),
      package: index % 3 === 0 ? 'cache' : 'store',
      count: 3,
      regions: 1,
      dependencies: [],
    });
  }
  for (let index = 0; index < dals; index++) {
    services.push({
      name: dal(index),
      package: 'staash',
      count: 3,
      regions: 1,
      dependencies: [store(index % stores), store((index * 7 + 1) % stores)],
    });
  }
  for (let index = 0; index < logic; index++) {
    // Each calls a data-access layer and, for the first two thirds, a service further down.
    const dependencies = [dal(index % dals)];
    if (index < (logic * 2) / 3)
      dependencies.push(service(Math.floor(logic / 3 + ((index * 13) % ((logic * 2) / 3)))));
    services.push({
      name: service(index),
      package: 'karyon',
      count: 3,
      regions: 1,
      dependencies: [...new Set(dependencies)].filter((name) => name !== service(index)),
    });
  }
  const front = Math.max(1, Math.round(logic / 3));
  for (let index = 0; index < proxies; index++) {
    const dependencies: string[] = [];
    for (let target = index; target < front; target += proxies) dependencies.push(service(target));
    services.push({ name: `proxy-${index}`, package: 'zuul', count: 3, regions: 1, dependencies });
  }
  services.push({
    name: 'www-elb',
    package: 'elb',
    count: 0,
    regions: 1,
    dependencies: Array.from({ length: proxies }, (_unused, index) => `proxy-${index}`),
  });
  services.push({ name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['www-elb'] });
  return `${JSON.stringify({ archsimVersion: 1, arch: `generated${size}`, description: `${size} generated services`, services }, null, 2)}\n`;
}
