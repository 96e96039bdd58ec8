import ICAL from 'ical.js';
import { marked, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { indexEdges } from '../../src/prereq/order.js';
import { buildDoc, type DocConcept } from '../../src/roadmap/doc.js';
import { roadmapICalendar, studyBlocks, UnknownTimeZoneError } from '../../src/roadmap/export/icalendar.js';
import { roadmapMarkdown } from '../../src/roadmap/export/markdown.js';
import { roadmapMermaid } from '../../src/roadmap/export/mermaid.js';
import { plan, type PlannerConcept } from '../../src/roadmap/planner.js';
import { parseMermaidFlowchart } from '../mermaid-flowchart.js';

const concepts: (PlannerConcept & DocConcept)[] = [
  {
    id: 'a',
    name: 'Tensors | arrays',
    chapter: 'ch1',
    chapterTitle: 'Basics',
    chapterNumber: 1,
    position: 1,
    hours: 2,
  },
  {
    id: 'b',
    name: 'Backprop "the chain rule"',
    chapter: 'ch1',
    chapterTitle: 'Basics',
    chapterNumber: 1,
    position: 2,
    hours: 3,
  },
  {
    id: 'c',
    name: 'Quantization',
    chapter: 'ch2',
    chapterTitle: 'Efficiency',
    chapterNumber: 2,
    chapterUrl: 'https://mlsysbook.ai/contents/core/efficiency/efficiency.html',
    position: 1,
    hours: 7,
  },
  {
    id: 'd',
    name: 'Pruning',
    chapter: 'ch2',
    chapterTitle: 'Efficiency',
    chapterNumber: 2,
    chapterUrl: 'https://mlsysbook.ai/contents/core/efficiency/efficiency.html',
    position: 2,
    hours: 1,
  },
];
const edges = [
  { from: 'c', to: 'b' },
  { from: 'b', to: 'a' },
  { from: 'd', to: 'a' },
];
const doc = buildDoc(
  plan({
    concepts,
    edges,
    targets: [
      { concept: 'c', why: 'you asked for{it}' },
      { concept: 'd', why: 'you asked for{it}' },
    ],
    known: [],
    hoursPerWeek: 4,
    deadlineWeeks: 2,
  }),
  new Map(concepts.map((c) => [c.id, c])),
  indexEdges(edges).requires,
  { title: 'Roadmap to test, from scratch', hoursPerWeek: 4, startDate: '2026-12-28' },
);

describe('roadmap exports (parsed back)', () => {
  it('Markdown: the steps table and the weeks survive a Markdown parser', () => {
    const tokens = marked.lexer(roadmapMarkdown(doc));
    const table = tokens.find((t): t is Tokens.Table => t.type === 'table')!;
    expect(table.header.map((h) => h.text)).toEqual(['#', 'Concept', 'Chapter', 'Hours', 'Weeks', 'Why']);
    expect(table.rows.map((r) => r[1]!.text.replace(/\\\|/g, '|'))).toEqual(doc.steps.map((s) => s.name));
    expect(table.rows.map((r) => Number(r[3]!.text))).toEqual(doc.steps.map((s) => s.hours));
    // A chapter with a page is a link to it; one without stays plain text.
    const chapterCells = table.rows.map((r) => r[2]!.tokens.find((t) => t.type === 'link') as Tokens.Link | undefined);
    expect(chapterCells.map((l) => l?.href ?? null)).toEqual(doc.steps.map((s) => s.chapterUrl ?? null));
    expect(chapterCells.some((l) => l === undefined)).toBe(true);
    const weekHeadings = tokens
      .filter((t): t is Tokens.Heading => t.type === 'heading' && t.depth === 3)
      .map((t) => t.text);
    expect(weekHeadings).toHaveLength(doc.weeks.length);
    expect(weekHeadings[0]).toBe(`Week 1 (2026-12-28): ${doc.weeks[0]!.hours} h`);
    expect(roadmapMarkdown(doc)).toContain('not met at this pace');
  });

  it('Mermaid: every step is a node in its chapter and every prerequisite an arrow', () => {
    const chart = parseMermaidFlowchart(roadmapMermaid(doc));
    expect(chart.direction).toBe('TD');
    // Nodes come chapter by chapter (a goal-first plan may interleave chapters).
    const chapters = [...new Set(doc.steps.map((s) => s.chapter))];
    const byChapter = chapters.flatMap((ch) => doc.steps.filter((s) => s.chapter === ch));
    expect([...chart.nodes.values()].map((n) => n.label)).toEqual(byChapter.map((s) => `${s.name} (${s.hours} h)`));
    expect(chart.subgraphs.map((g) => g.label)).toEqual(['1. Basics', '2. Efficiency']);
    const idOf = new Map(doc.steps.map((s) => [s.concept, `s${s.position}`]));
    const expected = doc.steps.flatMap((s) => s.after.map((p) => `${idOf.get(p)}->${idOf.get(s.concept)}`)).sort();
    expect(chart.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(expected);
    expect([...chart.nodes.values()].filter((n) => n.classes.includes('target')).length).toBe(
      doc.steps.filter((s) => s.isTarget).length,
    );
  });

  it("iCalendar: one event per study block, on the learner's clock, never overlapping", () => {
    const text = roadmapICalendar({ ...doc, startDate: '2026-12-28' });
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const blocks = studyBlocks({ ...doc, startDate: '2026-12-28' });
    expect(events).toHaveLength(doc.weeks.reduce((n, w) => n + w.items.length, 0));
    expect(events.map((e) => e.startDate.toString())).toEqual(blocks.map((b) => b.start));
    expect(events.every((e) => e.startDate.isDate === false && e.startDate.zone?.tzid === 'floating')).toBe(true);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    for (const [i, e] of events.entries()) {
      expect(e.duration.toSeconds()).toBe(Math.round(blocks[i]!.hours * 3600));
      if (i > 0) expect(e.startDate.compare(events[i - 1]!.endDate)).toBeGreaterThanOrEqual(0);
    }
    expect(events[0]!.startDate.toString()).toBe('2026-12-28T09:00:00');
    expect(events.at(-1)!.summary).toMatch(/^Study: /);
    const now = new Date(Date.UTC(2027, 5, 1, 8, 30));
    const stamped = roadmapICalendar({ ...doc, startDate: '2026-12-28' }, { now, owner: 'learner-1' });
    expect(stamped.endsWith('\r\n')).toBe(true);
    const again = new ICAL.Component(ICAL.parse(stamped)).getAllSubcomponents('vevent');
    expect(again.every((v) => v.getFirstPropertyValue('dtstamp')!.toString() === '2027-06-01T08:30:00Z')).toBe(true);
    // The same learner, concept and part keep their UID when the plan changes (here: a later start, another pace).
    const uids = (t: string) =>
      new ICAL.Component(ICAL.parse(t))
        .getAllSubcomponents('vevent')
        .map((v) => String(v.getFirstPropertyValue('uid')));
    const moved = roadmapICalendar({ ...doc, startDate: '2027-01-04' }, { now, owner: 'learner-1' });
    expect(new Set(uids(moved))).toEqual(new Set(uids(stamped)));
    expect(uids(stamped).every((u) => u.startsWith('learner-1.'))).toBe(true);
  });

  it('iCalendar in a time zone: TZID on every block, its VTIMEZONE in the file, DTSTAMP still in UTC', () => {
    const now = new Date(Date.UTC(2027, 5, 1, 8, 30));
    const text = roadmapICalendar({ ...doc, startDate: '2026-12-28' }, { now, timeZone: 'Europe/Berlin' });
    const root = new ICAL.Component(ICAL.parse(text));
    const zones = root.getAllSubcomponents('vtimezone');
    expect(zones.map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/Berlin']);
    ICAL.TimezoneService.register(zones[0]!);
    const events = root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const blocks = studyBlocks({ ...doc, startDate: '2026-12-28' });
    expect(events.map((e) => e.startDate.toString())).toEqual(blocks.map((b) => b.start));
    expect(events.every((e) => e.startDate.zone?.tzid === 'Europe/Berlin')).toBe(true);
    // 09:00 in Berlin in winter (UTC+1) is 08:00 UTC.
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe('2026-12-28T08:00:00.000Z');
    const stamps = root.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('dtstamp')!.toString());
    expect(new Set(stamps)).toEqual(new Set(['2027-06-01T08:30:00Z']));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(() => roadmapICalendar({ ...doc, startDate: '2026-12-28' }, { timeZone: 'Mars/Olympus' })).toThrow(
      UnknownTimeZoneError,
    );
  });
});
