/**
 * `archsim evolve FILE [--out variant.json] [--force]`: the variant of an architecture with every
 * evolve arrow applied — the studio's "Create variant" — to run next to the original and compare
 * (`archsim run` both with `--db`, then `archsim compare`).
 */
import { formatJsonPath } from '@shared/document/problems.ts';
import type { Service } from '@shared/document/schema.ts';
import { validateDocument } from '@shared/document/validate.ts';
import { EVOLVE_PROFILE_FIELDS, applyEvolution } from '@shared/value-chain/evolve.ts';
import { evolutionOf } from '@shared/value-chain/model.ts';
import { stageOf } from '@shared/value-chain/stages.ts';
import { EXIT, type CliIo } from '../io.ts';
import { documentCommand } from '../document-to-text.ts';

export const evolveUsage = `usage: archsim evolve FILE [--out F] [--force]

Writes the variant of the architecture in which every evolve arrow has happened: each service with
an "evolve" takes the arrow's evolution and the profile it carries (package, count, regions,
latency, capacity, timeoutMs, retries, circuitBreaker, cacheHitRate), and loses the arrow. The
variant is named ARCH-evolved, so its runs are told apart from the original's in the history.
  --out F       write the variant to F (without it: standard output)
  --force       replace F if it exists
Lists the services that evolved on stderr. Exit 0 written, 1 the document has errors or no evolve
arrows (or the variant would have errors), 2 unreadable, not JSON, or --out not writable.`;

/** "priamCassandra → store, product → commodity": what changed about one service. */
function describeChange(before: Service, after: Service): string {
  const changes: string[] = [];
  if (before.package !== after.package) changes.push(`${before.package} → ${after.package}`);
  const from = evolutionOf(before);
  const to = evolutionOf(after);
  const stage = (value: number) => `${stageOf(value)} ${Math.round(value * 100) / 100}`;
  changes.push(`${stage(from)} → ${stage(to)}`);
  const profile = EVOLVE_PROFILE_FIELDS.filter((field) => field !== 'package');
  const fields = profile.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
  if (fields.length > 0) changes.push(`new ${fields.join(', ')}`);
  return changes.join(', ');
}

export function runEvolve(argv: string[], io: CliIo): number {
  const command = documentCommand('evolve', evolveUsage, argv, io);
  if (typeof command === 'number') return command;
  const { file, out } = command;
  const loaded = command;
  const { document: variant, evolved } = applyEvolution(loaded.document);
  if (evolved.length === 0) {
    io.stderr(
      `${file}: no service has an evolve arrow, so there is no variant to make (give a service "evolve": {"evolution": "commodity", …})\n`,
    );
    return EXIT.problems;
  }
  const checked = validateDocument(variant);
  const errors = checked.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    for (const problem of errors) {
      io.stderr(
        `${file}: the variant would have an error: ${formatJsonPath(problem.path)}: ${problem.message}\n`,
      );
    }
    return EXIT.problems;
  }
  if (!command.write(`${JSON.stringify(variant, null, 2)}\n`)) return EXIT.usage;
  const before = new Map(loaded.document.services.map((service) => [service.name, service]));
  const after = new Map(variant.services.map((service) => [service.name, service]));
  io.stderr(
    `${out ?? 'the variant'}: ${variant.arch}, ${evolved.length} service${evolved.length === 1 ? '' : 's'} evolved\n`,
  );
  for (const name of evolved) {
    io.stderr(`  ${name}: ${describeChange(before.get(name) as Service, after.get(name) as Service)}\n`);
  }
  return EXIT.ok;
}
