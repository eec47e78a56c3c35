/**
 * Runs the hostile-input table (./hostile-cases.ts): every row's command, its exit status and
 * messages, and never a stack trace or a hang.
 */
import { describe, expect, it } from 'vitest';
import { CASES, space } from './hostile-cases.ts';
import { cli, smallDocument } from './support.ts';

/** `{name}` in an argument is that file's path in the workspace (`{}` the workspace itself). */
const resolve = (argument: string) =>
  argument.replace(/\{([^}]*)\}/g, (_match, name: string) => (name === '' ? space.folder : space.path(name)));

describe('hostile input', () => {
  it('sets up a run database for the export rows: run 1 without traces, run 2 with formula names', async () => {
    const history = space.path('history.sqlite');
    space.file('doc.json', smallDocument());
    space.file('formulas.json', {
      services: [
        {
          name: 'www',
          package: 'denominator',
          count: 0,
          regions: 0,
          dependencies: ['=HYPERLINK("http://evil")'],
        },
        {
          name: '=HYPERLINK("http://evil")',
          package: 'karyon',
          count: 2,
          regions: 1,
          dependencies: ['+cmd'],
        },
        { name: '+cmd', package: 'karyon', count: 2, regions: 1, dependencies: ['@sum'] },
        { name: '@sum', package: 'store', count: 2, regions: 1, dependencies: [] },
      ],
    });
    const quick = ['--quiet', '--duration', '1s', '--trace-rate', '0', '--db', history];
    expect((await cli('run', space.path('doc.json'), ...quick)).code).toBe(0);
    expect((await cli('run', space.path('formulas.json'), ...quick)).code).toBe(0);
  });

  for (const row of CASES) {
    it(row.name, async () => {
      for (const [name, content] of Object.entries(row.files ?? {})) space.file(name, content);
      row.setup?.();
      const started = Date.now();
      const result = await cli(...row.argv.map(resolve));
      expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toMatchObject({
        code: row.code,
      });
      for (const expected of row.stderr ?? []) {
        if (typeof expected === 'string') expect(result.stderr).toContain(expected);
        else expect(result.stderr).toMatch(expected);
      }
      for (const expected of row.stdout ?? []) {
        if (typeof expected === 'string') expect(result.stdout).toContain(expected);
        else expect(result.stdout).toMatch(expected);
      }
      // Never a stack trace, never a hang.
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(Date.now() - started).toBeLessThan(20_000);
      row.after?.(result);
    });
  }
});
