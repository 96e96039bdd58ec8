import type { CourseIndex } from './course.js';

/** What an educator asks to teach, as ids already checked to exist (see the resolver). */
export interface SelectionRequest {
  /** Chapters to teach: all their concepts are taught, but compression may trim them. */
  chapters: string[];
  /** Concepts that must be taught: the targets, never dropped. */
  concepts: string[];
  /** Chapters or concepts the students already know; their prerequisites count as known too. */
  assumeKnown: string[];
}

export interface Selection {
  /** The concepts named in `concepts`, in course order. */
  targets: string[];
  /** Every concept taught: the chosen material and the prerequisites it needs that are not known, in course order. */
  taught: string[];
  /** Concepts counted as known: the assumed ones and all their prerequisites. */
  known: Set<string>;
}

/** Concepts named by a mixed list of chapter and concept ids. */
export function expand(index: CourseIndex, ids: string[]): string[] {
  return ids.flatMap((id) => index.conceptsOfChapter.get(id) ?? (index.concept.has(id) ? [id] : []));
}

/**
 * The chosen material plus its prerequisite closure, minus what is assumed known. An explicit choice wins over an
 * assumption: a chosen concept is taught even when it is also a prerequisite of something assumed known.
 */
export function select(index: CourseIndex, req: SelectionRequest): Selection {
  const known = index.prerequisiteClosure(expand(index, req.assumeKnown));
  const material = new Set([...expand(index, req.chapters), ...req.concepts]);
  const taught = [...index.prerequisiteClosure(material)].filter((id) => material.has(id) || !known.has(id));
  for (const id of material) known.delete(id);
  return {
    targets: [...new Set(req.concepts)].sort(index.byRank),
    taught: taught.sort(index.byRank),
    known,
  };
}
