import type { CourseIndex, CourseQuestion } from './course.js';

export interface BankEntry {
  question: CourseQuestion;
  /** The asked concepts the question checks. */
  matchedConcepts: string[];
  /** True when the question belongs to one of the asked chapters. */
  inChapter: boolean;
}

/**
 * Review questions that check any of the concepts or belong to any of the chapters, in course order (chapter, then
 * the order of the question file).
 */
export function questionBank(
  index: CourseIndex,
  req: { concepts: string[]; chapters: string[]; onlyWithAnswers: boolean },
): BankEntry[] {
  const concepts = new Set(req.concepts);
  const chapters = new Set(req.chapters);
  return index.course.questions
    .filter((q) => !req.onlyWithAnswers || q.answer !== null)
    .map((q) => ({
      question: q,
      matchedConcepts: q.concepts.filter((c) => concepts.has(c)).sort(index.byRank),
      inChapter: q.chapter !== null && chapters.has(q.chapter),
    }))
    .filter((e) => e.inChapter || e.matchedConcepts.length > 0);
}
