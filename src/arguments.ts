import { badInput } from './errors.js';

/**
 * Checks of client arguments that every domain shares, each refusal naming the argument (BAD_USER_INPUT). The
 * bounds they check are rows of src/bounds.ts.
 */

/** A list argument checked against its bound (an error naming it), without repeats. */
export function boundedList<T>(list: readonly T[] | null | undefined, max: number, argumentName: string): T[] {
  const items = list ?? [];
  if (items.length > max)
    throw badInput(`"${argumentName}" accepts at most ${max} entries; got ${items.length}`, argumentName);
  return [...new Set(items)];
}

/** A `first` argument: a whole number from 1 to `max`. */
export function firstArg(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1 || first > max)
    throw badInput(`"first" must be between 1 and ${max}; got ${first}`, 'first');
  return first;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An id the API issued as a lower-case UUID; `what` names it ("a learner id"). */
export function uuidArg(value: string, argumentName: string, what: string): string {
  if (!UUID.test(value))
    throw badInput(`"${argumentName}" is ${what}, a lower-case UUID; got "${value.slice(0, 60)}"`, argumentName);
  return value;
}
