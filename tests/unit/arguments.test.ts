import { describe, expect, it } from 'vitest';
import { boundedList, firstArg, uuidArg } from '../../src/arguments.js';
import { INPUT_BOUNDS as B } from '../../src/bounds.js';
import { skillLevels } from '../../src/careers/match.js';
import { requireScope } from '../../src/curation/auth.js';
import { bankRequest, checkRequest, syllabusRequest } from '../../src/curriculum/requests.js';
import { savedDocument } from '../../src/curriculum/saved.js';
import { DomainError, ErrorCode } from '../../src/errors.js';
import { conceptsArg, endOfDay, goalOf, studyHours } from '../../src/learning/inputs.js';
import { closureOrder, courseRank, pathOrder } from '../../src/prereq/course-order.js';
import type { RoadmapDoc } from '../../src/roadmap/doc.js';
import { endDateOf } from '../../src/roadmap/doc.js';
import { calendarOptions, roadmapOptions } from '../../src/roadmap/options.js';

/** The code, argument and message of what `run` throws. */
function refusal(run: () => unknown) {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    const e = err as DomainError;
    return { code: e.code, argument: e.extensions.argumentName, message: e.message };
  }
  throw new Error('nothing was thrown');
}

const UUID = '0b9f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4';

describe('shared argument checks', () => {
  it('bounds a list, drops repeats, and names the argument past the bound', () => {
    expect(boundedList(['a', 'b', 'a'], 3, 'ids')).toEqual(['a', 'b']);
    expect(boundedList(null, 3, 'ids')).toEqual([]);
    expect(refusal(() => boundedList([1, 2, 3, 4], 3, 'ids'))).toEqual({
      code: ErrorCode.BAD_USER_INPUT,
      argument: 'ids',
      message: '"ids" accepts at most 3 entries; got 4',
    });
  });

  it('takes `first` from 1 to its bound, whole numbers only', () => {
    expect(firstArg(1, 20)).toBe(1);
    expect(firstArg(20, 20)).toBe(20);
    for (const bad of [0, 21, 2.5, Number.NaN])
      expect(refusal(() => firstArg(bad, 20))).toMatchObject({
        argument: 'first',
        message: `"first" must be between 1 and 20; got ${bad}`,
      });
  });

  it('takes lower-case UUIDs and names what the id is', () => {
    expect(uuidArg(UUID, 'id', 'a learner id')).toBe(UUID);
    expect(refusal(() => uuidArg(UUID.toUpperCase(), 'id', 'a learner id')).message).toBe(
      `"id" is a learner id, a lower-case UUID; got "${UUID.toUpperCase()}"`,
    );
  });

  it('lets a caller with the scope through and refuses the others with 401 and 403 codes', () => {
    expect(requireScope({ name: 'ada', scopes: ['curate'] }, 'curate', 'Editing')).toBe('ada');
    expect(() => requireScope(null, 'curate', 'Editing')).toThrow(/needs a valid API key/);
    const forbidden = (() => {
      try {
        requireScope({ name: 'ada', scopes: ['learners'] }, 'curate', 'Editing');
      } catch (err) {
        return err as DomainError;
      }
    })();
    expect(forbidden?.extensions).toEqual({ code: ErrorCode.FORBIDDEN, scope: 'curate' });
  });
});

describe('roadmap options', () => {
  it('fills the defaults and drops repeated ids', () => {
    const options = roadmapOptions({ hoursPerWeek: 5, concepts: ['concept:a', 'concept:a'] });
    expect(options).toMatchObject({ concepts: ['concept:a'], roles: [], hoursSpent: 0, order: 'GOAL_FIRST' });
    expect(options.startDate).toBeUndefined();
  });

  it('refuses each out-of-bounds value on its own argument', () => {
    const base = { hoursPerWeek: 5, concepts: ['concept:a'] };
    expect(refusal(() => roadmapOptions({ hoursPerWeek: 5 })).argument).toBe('input');
    expect(refusal(() => roadmapOptions({ ...base, hoursPerWeek: B.hoursPerWeek.max + 1 })).argument).toBe(
      'hoursPerWeek',
    );
    expect(refusal(() => roadmapOptions({ ...base, deadlineWeeks: 0 })).argument).toBe('deadlineWeeks');
    expect(refusal(() => roadmapOptions({ ...base, hoursSpent: -1 })).argument).toBe('hoursSpent');
    expect(refusal(() => roadmapOptions({ ...base, startDate: '2025-02-30' })).argument).toBe('startDate');
    expect(refusal(() => roadmapOptions({ ...base, startDate: `${B.startYear.max + 1}-01-01` })).argument).toBe(
      'startDate',
    );
    const role = { role: 'role:x', skills: [] };
    expect(refusal(() => roadmapOptions({ ...base, roles: [role, { ...role }] })).argument).toBe('roles');
  });

  it('gives the iCalendar export a start date and a bounded time zone', () => {
    const doc = { startDate: '2025-01-06', owner: 'o', weeks: [] } as unknown as RoadmapDoc;
    expect(calendarOptions(doc, null)).toEqual({ doc, options: { owner: 'o', timeZone: undefined } });
    expect(refusal(() => calendarOptions({ ...doc, startDate: undefined }, null)).argument).toBe('startDate');
    expect(refusal(() => calendarOptions(doc, 'x'.repeat(B.timeZone.max + 1))).argument).toBe('timeZone');
  });

  it('ends a plan on the last day of its last week, and has no end without a start date', () => {
    const weeks = [{ startDate: '2025-01-06' }, { startDate: '2025-01-13' }];
    expect(endDateOf({ startDate: '2025-01-06', weeks } as unknown as RoadmapDoc)).toBe('2025-01-19');
    expect(endDateOf({ weeks } as unknown as RoadmapDoc)).toBeNull();
  });
});

describe('learner inputs', () => {
  it('checks a goal as a roadmap input, without what the record says', () => {
    const goal = goalOf({ hoursPerWeek: 4, concepts: ['concept:a'], knownConcepts: ['concept:b'], hoursSpent: 3 });
    expect(goal).not.toHaveProperty('knownConcepts');
    expect(goal).not.toHaveProperty('hoursSpent');
    expect(goal.concepts).toEqual(['concept:a']);
  });

  it('reads a day as its last millisecond (UTC) and refuses what is not a calendar date', () => {
    expect(endOfDay('2025-03-01').toISOString()).toBe('2025-03-01T23:59:59.999Z');
    expect(refusal(() => endOfDay('2025-02-29')).argument).toBe('on');
    expect(refusal(() => endOfDay('tomorrow')).argument).toBe('on');
  });

  it('needs at least one concept, and study hours within the bound', () => {
    expect(conceptsArg(['concept:a', 'concept:a'], 3, 'targets')).toEqual(['concept:a']);
    expect(refusal(() => conceptsArg([], 3, 'targets')).message).toBe('"targets" needs at least one concept id');
    expect(studyHours(0)).toBe(0);
    expect(refusal(() => studyHours(B.studyHours.max + 1)).argument).toBe('hours');
  });
});

describe('curriculum requests', () => {
  const input = { weeks: 4, hoursPerWeek: 6, concepts: ['concept:a'] };

  it('fills the title and keeps the stored key order', () => {
    const req = syllabusRequest({ ...input, title: '  Course  ' });
    expect(Object.keys(req)).toEqual(['title', 'chapters', 'concepts', 'assumeKnown', 'weeks', 'hoursPerWeek']);
    expect(req.title).toBe('Course');
    expect(syllabusRequest(input).title).toBe('ML systems course plan');
  });

  it('refuses shapes and bounds before any id is looked up', () => {
    expect(refusal(() => syllabusRequest({ ...input, weeks: 0 })).argument).toBe('weeks');
    expect(refusal(() => syllabusRequest({ ...input, hoursPerWeek: 0 })).argument).toBe('hoursPerWeek');
    expect(refusal(() => syllabusRequest({ ...input, concepts: [] })).argument).toBe('input');
    expect(refusal(() => syllabusRequest({ ...input, assumeKnown: ['concept:a'] })).argument).toBe('assumeKnown');
    expect(refusal(() => syllabusRequest({ ...input, title: 'x'.repeat(B.syllabusText.max + 1) })).argument).toBe(
      'title',
    );
  });

  it('takes each concept of a check in one unit only', () => {
    const units = [{ concepts: ['concept:a'] }, { concepts: ['concept:b', 'concept:a'] }];
    expect(refusal(() => checkRequest({ units })).message).toBe(
      'Each concept goes in one unit only; listed more than once: "concept:a"',
    );
    expect(refusal(() => checkRequest({ units: [] })).argument).toBe('units');
    expect(checkRequest({ units: units.slice(0, 1) }).all).toEqual(['concept:a']);
  });

  it('asks a question bank for at least one concept or chapter', () => {
    expect(refusal(() => bankRequest({})).argument).toBe('concepts');
    expect(bankRequest({ chapters: ['chapter:x'] })).toEqual({
      concepts: [],
      chapters: ['chapter:x'],
      onlyWithAnswers: false,
    });
  });

  it('makes a saved syllabus an adopted CASE document changed when it was saved', () => {
    expect(savedDocument({ id: UUID, title: 'T', updatedAt: '2025-01-02T03:04:05Z' })).toEqual({
      identifier: UUID,
      title: 'T',
      changedAt: '2025-01-02T03:04:05.000Z',
      adoptionStatus: 'Adopted',
    });
  });
});

describe('course order of closures and paths', () => {
  const concept = (id: string, chapterNumber: number, position: number) => ({ id, props: { chapterNumber, position } });
  // c requires b and a, b requires a; d (earlier in the course than b) requires a.
  const nodes = [concept('a', 2, 1), concept('b', 3, 1), concept('d', 1, 5)];
  const edges = [
    { from: 'c', to: 'b' },
    { from: 'c', to: 'a' },
    { from: 'b', to: 'a' },
    { from: 'd', to: 'a' },
  ];

  it('ranks by chapter, then place in the chapter', () => {
    expect(courseRank(concept('x', 2, 3))).toBeLessThan(courseRank(concept('y', 3, 1)));
  });

  it('lists prerequisites before what needs them, with their distance', () => {
    const order = closureOrder('c', { nodes: nodes.slice(0, 2), edges }, 'prerequisites', 10);
    expect(order.map((o) => [o.node.id, o.depth])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('lists dependents nearest first, the course breaking ties, up to `first`', () => {
    const order = closureOrder('a', { nodes: [nodes[1]!, nodes[2]!, concept('c', 4, 1)], edges }, 'dependents', 2);
    expect(order.map((o) => [o.node.id, o.depth])).toEqual([
      ['d', 1],
      ['b', 1],
    ]);
  });

  it('puts a path in learning order', () => {
    expect(pathOrder({ nodes: [concept('c', 4, 1), ...nodes.slice(0, 2)], edges }).map((n) => n.id)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});

describe('career match skills', () => {
  it('refuses an unknown skill and a skill given twice', () => {
    const known = ['skill:a', 'skill:b'];
    expect(skillLevels([{ skill: 'skill:a', level: 'HELPFUL' }], known)).toEqual(new Map([['skill:a', 'HELPFUL']]));
    expect(refusal(() => skillLevels([{ skill: 'skill:z', level: 'HELPFUL' }], known)).message).toMatch(
      /^Unknown skill/,
    );
    const twice = [
      { skill: 'skill:a', level: 'HELPFUL' as const },
      { skill: 'skill:a', level: 'ESSENTIAL' as const },
    ];
    expect(refusal(() => skillLevels(twice, known)).message).toBe('Skill "skill:a" is listed twice');
  });
});
