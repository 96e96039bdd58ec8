import { createEmptyCard, fsrs, Rating, type Card, type Grade } from 'ts-fsrs';

/**
 * Spaced review (pure) with FSRS (ts-fsrs): every concept a learner studied to the end or was placed in gets a card,
 * scheduled as if first reviewed GOOD when learned. Reviewing a concept also credits its prerequisites the way Math
 * Academy does: a successful review of an advanced topic exercises what it builds on, so prerequisites due by then
 * count as reviewed GOOD too, and the learner is not sent back over every basic topic.
 */

export const REVIEW_RATINGS = ['AGAIN', 'HARD', 'GOOD', 'EASY'] as const;
export type ReviewRating = (typeof REVIEW_RATINGS)[number];
/** Hours one review takes, for the time a weekly schedule reserves. */
export const REVIEW_HOURS = 0.25;

const GRADE: Record<ReviewRating, Grade> = {
  AGAIN: Rating.Again,
  HARD: Rating.Hard,
  GOOD: Rating.Good,
  EASY: Rating.Easy,
};
const scheduler = fsrs({ enable_fuzz: false });

/** The card of a concept learned at `at`. */
export function learnedCard(at: Date): Card {
  return scheduler.next(createEmptyCard(at), at, Rating.Good).card;
}

export function reviewed(card: Card, rating: ReviewRating, at: Date): Card {
  return scheduler.next(card, at, GRADE[rating]).card;
}

/**
 * The cards a review changes: the reviewed concept's, and (for HARD, GOOD or EASY) every prerequisite with a card that
 * is due by `at`, credited GOOD. A failed review (AGAIN) credits nothing.
 */
export function reviewWithCredit(
  cards: ReadonlyMap<string, Card>,
  concept: string,
  rating: ReviewRating,
  at: Date,
  prerequisitesOf: (id: string) => Iterable<string>,
): Map<string, Card> {
  const changed = new Map<string, Card>([[concept, reviewed(cards.get(concept)!, rating, at)]]);
  if (rating === 'AGAIN') return changed;
  for (const p of prerequisitesOf(concept)) {
    const card = cards.get(p);
    if (p !== concept && card && card.due.getTime() <= at.getTime()) changed.set(p, reviewed(card, 'GOOD', at));
  }
  return changed;
}

/** Concepts whose review is due by the end of `on`, soonest first. */
export function dueBy(cards: ReadonlyMap<string, Card>, on: Date): { concept: string; due: Date }[] {
  return [...cards]
    .filter(([, c]) => c.due.getTime() <= on.getTime())
    .map(([concept, c]) => ({ concept, due: c.due }))
    .sort((a, b) => a.due.getTime() - b.due.getTime() || a.concept.localeCompare(b.concept));
}

/**
 * How many reviews fall in each of the `weeks` weeks from `from`, if every review is rated GOOD: what a learner's
 * weekly schedule reserves time for.
 */
export function reviewsPerWeek(cards: Iterable<Card>, from: Date, weeks: number): number[] {
  const counts = new Array<number>(weeks).fill(0);
  const end = from.getTime() + weeks * 7 * 86_400_000;
  for (let card of cards) {
    while (card.due.getTime() < end) {
      const at = new Date(Math.max(card.due.getTime(), from.getTime()));
      counts[Math.floor((at.getTime() - from.getTime()) / (7 * 86_400_000))]! += 1;
      card = reviewed(card, 'GOOD', at);
    }
  }
  return counts;
}

/** Cards as stored (JSON text), with their dates restored. */
export function cardFromJson(text: string): Card {
  const raw = JSON.parse(text) as Card & { due: string; last_review?: string };
  return { ...raw, due: new Date(raw.due), last_review: raw.last_review ? new Date(raw.last_review) : undefined };
}
