import { badInput } from '../errors.js';

export const MAX_QUERY_LENGTH = 200;

/**
 * Makes user text safe and comparable: lone surrogates become U+FFFD, the text is NFKC-normalised, control
 * characters become spaces and whitespace collapses. Refuses what is empty afterwards or longer than
 * MAX_QUERY_LENGTH characters.
 */
export function normaliseQuery(raw: string): string {
  const text = raw
    .toWellFormed()
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) throw badInput('The search query is empty; type a few words.', 'query');
  if (text.length > MAX_QUERY_LENGTH) {
    throw badInput(`The search query is ${text.length} characters; the limit is ${MAX_QUERY_LENGTH}.`, 'query');
  }
  return text;
}

/** Words too common to help a keyword match. */
const STOP = new Set(
  'a an and are as at be but by can do does for from has have how i if in into is it its my of on or so than that the their then there these this to was what when where which while who why will with without you your'.split(
    ' ',
  ),
);

/** The words of a query worth matching (lower-case, no stop words, letters and digits only). */
export function keywords(text: string): string[] {
  return [
    ...new Set(
      text
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 1 && !STOP.has(w)),
    ),
  ];
}

/**
 * A Lucene query from user text that Lucene cannot misread: only letters and digits survive (every operator and
 * special character is gone), so no input can raise a syntax error. Each word may match exactly or as a prefix, and
 * with `fuzzy`, in names and aliases also with one typo (words of 5 letters or more); names and aliases weigh more than
 * descriptions.
 */
export function luceneQuery(words: string[], fuzzy = true): string | undefined {
  if (!words.length) return undefined;
  const terms = (typos: boolean) =>
    words.map((w) => (w.length >= 4 ? `(${w} OR ${w}*${typos && w.length >= 5 ? ` OR ${w}~1` : ''})` : w)).join(' OR ');
  return `name:(${terms(fuzzy)})^3 OR aliasText:(${terms(fuzzy)})^2 OR body:(${terms(false)})`;
}

/** A Lucene query matching names and aliases within two typos of each word, for suggestions. */
export function fuzzyNameQuery(words: string[]): string | undefined {
  const terms = words.filter((w) => w.length >= 3).map((w) => `${w}~${w.length >= 6 ? 2 : 1}`);
  if (!terms.length) return undefined;
  return `name:(${terms.join(' ')}) OR aliasText:(${terms.join(' ')})`;
}

/** The query as a Lucene phrase body: letters and digits, lower case, nothing Lucene could misread; or undefined. */
export function phraseOf(text: string): string | undefined {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return words.length && words.length <= 8 ? words.join(' ') : undefined;
}
