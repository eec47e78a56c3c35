/**
 * A million instances through --scale (issue 14): netflixoss at 1,600,000 % expands to 1,008,002
 * instances within the default instance limit; the scale's own limit is 10,000,000 %.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/spigo.ts';
import { cli } from './support.ts';

const netflixoss = path.join(repositoryRoot, 'resources', 'examples', 'netflixoss.json');

describe('--scale to a million instances', () => {
  it('expands netflixoss at 1,600,000 % to 1,008,002 instances', async () => {
    const result = await cli('expand', netflixoss, '--scale', '1600000');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^netflixoss: 8 services, 1008002 instances \(\+3 eureka\)/);
  });

  it('refuses a scale above 10,000,000 % in one line (exit 2)', async () => {
    const result = await cli('expand', netflixoss, '--scale', '10000001');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'archsim expand: --scale must be at most 10,000,000 (got "10000001")',
    );
  });
});
