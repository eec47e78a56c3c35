/**
 * Turns zod's issues into archsim problems with messages a person can act on, naming the value
 * that was found.
 */
import type { z } from 'zod';
import { PROBLEM_CODES, type Problem } from './problems.ts';

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

const typeNames: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  tuple: 'an array',
};

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean }, below: boolean): string {
  const limit = below ? issue.minimum : issue.maximum;
  const sign = below ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
  return `${sign} ${String(limit)}`;
}

/**
 * What a plain union accepts, from the issue each alternative raised: `one of "genesis", …, or a
 * number` (an evolution). Undefined when an alternative failed otherwise than by its type or value.
 */
function unionAlternatives(errors: readonly (readonly z.core.$ZodIssue[])[]): string | undefined {
  const forms: string[] = [];
  for (const issues of errors) {
    const first = issues[0];
    if (issues.length !== 1 || first === undefined || first.path.length > 0) return undefined;
    if (first.code === 'invalid_value') {
      forms.push(`one of ${first.values.map((value) => JSON.stringify(value)).join(', ')}`);
    } else if (first.code === 'invalid_type') {
      forms.push(typeNames[first.expected] ?? first.expected);
    } else {
      return undefined;
    }
  }
  return forms.length > 0 ? forms.join(', or ') : undefined;
}

export function zodIssueToProblem(issue: z.core.$ZodIssue): Problem {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const input = (issue as { input?: unknown }).input;
  const error = (code: Problem['code'], message: string): Problem => ({
    severity: 'error',
    code,
    path,
    message,
  });
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return error(PROBLEM_CODES.missingField, 'required field is missing');
      const expected = typeNames[issue.expected] ?? issue.expected;
      return error(PROBLEM_CODES.invalidValue, `must be ${expected} (got ${shown(input)})`);
    }
    case 'too_small': {
      if (issue.origin === 'array') {
        return error(
          PROBLEM_CODES.invalidValue,
          `must have at least ${String(issue.minimum)} entr${issue.minimum === 1 ? 'y' : 'ies'}`,
        );
      }
      if (issue.origin === 'string') return error(PROBLEM_CODES.invalidValue, 'must not be empty');
      return error(PROBLEM_CODES.invalidValue, `must be ${bound(issue, true)} (got ${shown(input)})`);
    }
    case 'too_big':
      if (issue.origin === 'array') {
        return error(PROBLEM_CODES.invalidValue, `must have at most ${String(issue.maximum)} entries`);
      }
      return error(PROBLEM_CODES.invalidValue, `must be ${bound(issue, false)} (got ${shown(input)})`);
    case 'invalid_value':
      return error(
        PROBLEM_CODES.invalidValue,
        `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')} (got ${shown(input)})`,
      );
    case 'unrecognized_keys':
      return error(
        PROBLEM_CODES.unknownField,
        `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`,
      );
    case 'invalid_union': {
      const discriminator = (issue as { note?: string }).note;
      if (discriminator === 'No matching discriminator') {
        return error(PROBLEM_CODES.invalidValue, `unknown "type" ${shown(input)}`);
      }
      if (input === undefined) return error(PROBLEM_CODES.missingField, 'required field is missing');
      const alternatives = unionAlternatives(issue.errors);
      return error(
        PROBLEM_CODES.invalidValue,
        alternatives ? `must be ${alternatives} (got ${shown(input)})` : issue.message,
      );
    }
    default:
      return error(PROBLEM_CODES.invalidValue, issue.message);
  }
}
