import { describe, expect, it } from 'vitest';
import {
  cardFromJson,
  dueBy,
  learnedCard,
  reviewed,
  reviewsPerWeek,
  reviewWithCredit,
} from '../../src/learning/review.js';

const day = (n: number) => new Date(Date.UTC(2027, 0, 4 + n, 12));

describe('spaced review', () => {
  it('schedules a learned concept and spaces reviews out as they succeed', () => {
    const card = learnedCard(day(0));
    expect(card.due.getTime()).toBeGreaterThan(day(0).getTime());
    const again = reviewed(card, 'GOOD', card.due);
    expect(again.due.getTime() - card.due.getTime()).toBeGreaterThan(card.due.getTime() - day(0).getTime());
    const failed = reviewed(again, 'AGAIN', again.due);
    expect(failed.due.getTime()).toBeLessThan(reviewed(again, 'GOOD', again.due).due.getTime());
  });

  it('credits due prerequisites when an advanced concept is reviewed well, and nothing on a failed review', () => {
    const cards = new Map([
      ['basic', learnedCard(day(0))],
      ['middle', learnedCard(day(0))],
      ['advanced', learnedCard(day(0))],
      ['unrelated', learnedCard(day(0))],
    ]);
    const prereqs = (id: string) => (id === 'advanced' ? ['middle', 'basic'] : []);
    const at = day(60);
    const changed = reviewWithCredit(cards, 'advanced', 'GOOD', at, prereqs);
    expect([...changed.keys()].sort()).toEqual(['advanced', 'basic', 'middle']);
    const after = new Map([...cards, ...changed]);
    expect(dueBy(after, at).map((d) => d.concept)).toEqual(['unrelated']);
    expect([...reviewWithCredit(cards, 'advanced', 'AGAIN', at, prereqs).keys()]).toEqual(['advanced']);
    // A prerequisite not yet due is left alone.
    const fresh = new Map([...cards, ['basic', reviewed(cards.get('basic')!, 'GOOD', at)]]);
    expect([...reviewWithCredit(fresh, 'advanced', 'GOOD', at, prereqs).keys()].sort()).toEqual(['advanced', 'middle']);
  });

  it('counts the reviews each week holds, fewer as the intervals grow', () => {
    const counts = reviewsPerWeek([learnedCard(day(0)), learnedCard(day(0))], day(0), 12);
    expect(counts.length).toBe(12);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(2);
    expect(counts[0]! + counts[1]!).toBeGreaterThanOrEqual(counts[10]! + counts[11]!);
  });

  it('round-trips a card through its stored JSON', () => {
    const card = reviewed(learnedCard(day(0)), 'HARD', day(3));
    expect(cardFromJson(JSON.stringify(card))).toEqual(card);
  });
});
