/**
 * Result files pinned by their sha256, computed before the engine was split into modules and
 * made faster (issue 14): the same document, options and seed must give the same result file,
 * byte for byte, through the same code path `archsim run --out` uses. A change to the engine that
 * changes any number, any order of events or any random draw changes a hash here.
 *
 * NOTE: when a change is meant to change results (a model fix), recompute the hashes with
 * `ARCHSIM_PRINT_HASHES=1 npx vitest run test/engine/sim/result-hashes.test.ts` and say why in
 * the commit; never to make a refactor pass.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, workspace } from '../../cli/support.ts';

const examples = 'resources/examples';
const everyFeature = 'test/fixtures/engine/every-feature.json';

/** [name, arguments after FILE, sha256 of the --out file]. */
const CASES: readonly (readonly [string, readonly string[], string])[] = [
  [
    'netflixoss, chaos monkey, seed 1',
    [`${examples}/netflixoss.json`, '--duration', '4s', '--rate', '1000', '--scenario', 'chaos-monkey'],
    'f998410f65d296f537f1872e160dada0ee2d2299359b0bd9b8a6a412eb2cf81f',
  ],
  [
    'netflixoss at 300 %, seed 2, traced',
    [
      `${examples}/netflixoss.json`,
      '--duration',
      '3s',
      '--rate',
      '1500',
      '--scale',
      '300',
      '--seed',
      '2',
      '--trace-rate',
      '0.01',
    ],
    '39acd9841b07a3f9cad59e3e963f77e7e04757a004624cde36db79b52b427c58',
  ],
  [
    'retry storm, back-end slowdown, seed 7',
    [`${examples}/retry-storm.json`, '--duration', '10s', '--scenario', 'backend-slowdown', '--seed', '7'],
    '4cfa6aca1ede5c04173ca9b6688d93a706740663e0cc9d415cb94a9ce91197ea',
  ],
  [
    'retry budget, back-end slowdown, seed 8',
    [`${examples}/retry-budget.json`, '--duration', '10s', '--scenario', 'backend-slowdown', '--seed', '8'],
    '0045b524c5b352d41bc0a7c079124c0378b7caa2e1d9ecda64e7d8797b6117dc',
  ],
  [
    'riak, seed 3',
    [`${examples}/riak.json`, '--duration', '3s', '--rate', '600', '--seed', '3'],
    'ed2abbfb56280d7b7e0fb8943ea42379de3d0ed3c65fdb7da39daa7801eb6b8b',
  ],
  [
    'every feature, every failure, two regions',
    [everyFeature, '--regions', '2', '--scenario', 'everything'],
    '75409e5d66c8fe207c2719c7cc013e9de9f1609c40d269f0d2ead85049243234',
  ],
  [
    'every feature, breakers, two regions, seed 12',
    [everyFeature, '--regions', '2', '--scenario', 'breakers', '--seed', '12'],
    '1afd692369488d5a88d7c7fd121c996c2573700f2879dc7748660c825dc02df8',
  ],
];

const folder = workspace('archsim-hashes-');
const printOnly = process.env['ARCHSIM_PRINT_HASHES'] === '1';

describe('result files are byte-identical across engine changes', () => {
  CASES.forEach(([name, args, expected], index) => {
    it(name, async () => {
      const out = folder.path(`result-${index}.json`);
      const result = await cli('run', ...args, '--quiet', '--out', out);
      expect(result.code, result.stderr).toBe(0);
      const hash = createHash('sha256').update(readFileSync(out)).digest('hex');
      if (printOnly) console.log(`${name}: ${hash}`);
      else expect(hash).toBe(expected);
    });
  });
});
