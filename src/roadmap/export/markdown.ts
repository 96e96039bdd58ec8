import type { RoadmapDoc } from '../doc.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const hours = (h: number) => `${h} h`;
/** A chapter's title, linked to its page on the textbook's site when the data has one. */
const chapter = (title: string, url?: string | null) => (url ? `[${cell(title)}](${url})` : cell(title));

/** The plan as a Markdown document: summary, where to start, the ordered steps, the weeks and the milestones. */
export function roadmapMarkdown(doc: RoadmapDoc): string {
  const name = new Map(doc.steps.map((s) => [s.concept, s.name]));
  const out: string[] = [`# ${doc.title}`, ''];
  out.push(
    `- Total: ${hours(doc.totalHours)} in ${doc.steps.length} steps; left to study: ${hours(doc.remainingHours)}`,
  );
  out.push(
    `- Pace: ${hours(doc.hoursPerWeek)} per week, ${doc.weeks.length} weeks${doc.startDate ? ` from ${doc.startDate}` : ''}`,
  );
  if (doc.deadline) {
    const d = doc.deadline;
    out.push(
      d.feasible
        ? `- Deadline: ${d.weeks} weeks, met`
        : `- Deadline: ${d.weeks} weeks, not met at this pace; ${hours(d.hoursPerWeekNeeded)} per week would meet it`,
    );
  }
  out.push('', '## Start here', '');
  for (const id of doc.fringe) out.push(`- ${name.get(id)}`);
  if (doc.fringe.length === 0) out.push('- Nothing left to study.');
  out.push(
    '',
    '## Steps',
    '',
    '| # | Concept | Chapter | Hours | Weeks | Why |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const s of doc.steps) {
    const weeks = s.weeks.length ? [...new Set(s.weeks)].join(', ') : 'done';
    out.push(
      `| ${s.position} | ${cell(s.name)} | ${s.chapterNumber}. ${chapter(s.chapterTitle, s.chapterUrl)} | ${s.hours} | ${weeks} | ${cell(s.reason)} |`,
    );
  }
  out.push('', '## Weeks');
  for (const w of doc.weeks) {
    out.push('', `### Week ${w.number}${w.startDate ? ` (${w.startDate})` : ''}: ${hours(w.hours)}`, '');
    for (const item of w.items)
      out.push(
        `- ${name.get(item.concept)}: ${hours(item.hours)}${item.part ? ` (part ${item.part.n} of ${item.part.of})` : ''}`,
      );
  }
  out.push('', '## Milestones', '');
  for (const m of doc.milestones)
    out.push(
      `- Week ${m.week}${m.date ? ` (${m.date})` : ''}: chapter ${m.chapterNumber}, ${chapter(m.chapterTitle, m.chapterUrl)}, done`,
    );
  return `${out.join('\n')}\n`;
}
