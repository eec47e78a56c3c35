import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ENGINE_V8_FLAGS } from '@engine/host/compiler-tuning.ts';

describe("the engine's V8 flags", () => {
  // v8.setFlagsFromString ignores a flag it does not know, so a misspelt or retired flag would
  // silently tune nothing; on a command line, Node refuses it ("bad option").
  it('are flags this Node knows', () => {
    expect(ENGINE_V8_FLAGS.length).toBeGreaterThan(0);
    const checked = spawnSync(process.execPath, [...ENGINE_V8_FLAGS, '-e', 'process.exit(0)'], {
      encoding: 'utf8',
    });
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
  });

  it('are refused by Node when misspelt (so the check above can fail)', () => {
    const checked = spawnSync(process.execPath, ['--max-inlined-bytecode-size-cumulativ=3000', '-e', '0'], {
      encoding: 'utf8',
    });
    expect(checked.status).not.toBe(0);
    expect(checked.stderr).toMatch(/bad option/);
  });
});
