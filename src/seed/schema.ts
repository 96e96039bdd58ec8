import { z } from 'zod';

/** Building blocks of the seed file schemas (docs/DATA.md is the prose version of this contract). */
export const SOURCE_DOCS = [
  'course-ch21',
  'course-ch01',
  'textbook-intro',
  'paper',
  'blog',
  'textbook',
  'derived',
  'curated',
] as const;
/** The seed documents as a reader would name them (a source's citation). */
export const DOCUMENT_TITLES: Record<(typeof SOURCE_DOCS)[number], string> = {
  'course-ch21': 'MLSysBook course, chapter 21 (Conclusion)',
  'course-ch01': 'MLSysBook course, chapter 1 (Introduction)',
  'textbook-intro': 'Machine Learning Systems textbook, Introduction',
  paper: 'The paper presenting the Machine Learning Systems textbook',
  blog: 'The blog post about the Machine Learning Systems textbook',
  textbook: 'Machine Learning Systems textbook (harvard-edge/cs249r_book)',
  derived: 'Inferred from the documents',
  curated: 'Added through the curation API',
};
export const DIFFICULTIES = ['BEGINNER', 'INTERMEDIATE', 'ADVANCED'] as const;
/** Ordered from lowest to highest. */
export const SKILL_LEVELS = ['NOT_REQUIRED', 'HELPFUL', 'IMPORTANT', 'ESSENTIAL'] as const;
export const RESOURCE_KINDS = ['BOOK', 'COURSE', 'CONFERENCE', 'BLOG', 'NEWSLETTER', 'PODCAST', 'COMMUNITY'] as const;
export const HORIZONS = ['CURRENT_2025_2026', 'NEAR_2027_2028', 'LONG_2029_2030'] as const;
export const TERM_KINDS = ['GLOSSARY', 'FOOTNOTE', 'INLINE'] as const;
/** How much a career path relies on a concept: what its work centres on, or what it leans on. */
export const ROLE_WEIGHTS = ['CORE', 'SUPPORTING'] as const;
/** What a review question asks the learner to do. */
export const QUESTION_KINDS = ['RECALL', 'EXPLAIN', 'APPLY', 'CALCULATE', 'TRADE_OFF'] as const;
/** Which creed a principle belongs to: the engineer's manifesto or the principles for practice. */
export const PRINCIPLE_KINDS = ['MANIFESTO', 'PRACTICE'] as const;

export type SkillLevel = (typeof SKILL_LEVELS)[number];
export type Difficulty = (typeof DIFFICULTIES)[number];

export const text = z.string().trim().min(1);
export const idOf = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}:[a-z0-9]+(-[a-z0-9]+)*$`), `an id like "${prefix}:some-slug"`);
export const ids = (prefix: string) => z.array(idOf(prefix)).default([]);
export const strings = z.array(text).default([]);
/** A link a reader can open: an absolute http(s) URL. */
export const url = z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: 'an absolute http(s) URL' });

export const source = z.strictObject({
  doc: z.enum(SOURCE_DOCS),
  section: text,
  lines: z.union([z.string(), z.number()]).transform(String).optional(),
  note: text.optional(),
});
export const sources = z.array(source).min(1, 'at least one source');
export type Source = z.infer<typeof source>;
