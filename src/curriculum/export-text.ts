import { stringify } from 'csv-stringify/sync';
import type { CourseChapter, CourseIndex } from './course.js';
import type { Plan } from './syllabus.js';

/** Columns of the CSV export (RFC 4180: CRLF line ends), one row per concept (or part of a split concept) per week. */
export const CSV_COLUMNS = [
  'week',
  'concept_id',
  'concept',
  'chapter',
  'hours',
  'part',
  'of_parts',
  'target',
  'prerequisites',
] as const;

export function toCsv(index: CourseIndex, plan: Plan): string {
  const taught = new Set(plan.order);
  const rows = plan.modules.flatMap((m) =>
    m.items.map((item) => {
      const c = index.conceptOrId(item.concept);
      return {
        week: m.number,
        concept_id: c.id,
        concept: c.name,
        chapter: index.chapter.get(c.chapter)?.title ?? c.chapter,
        hours: item.hours,
        part: item.part?.n ?? 1,
        of_parts: item.part?.of ?? 1,
        target: item.target ? 'yes' : 'no',
        // Only prerequisites taught in this plan: the others are assumed known.
        prerequisites: (index.prerequisites.get(c.id) ?? []).filter((p) => taught.has(p)).join(' '),
      };
    }),
  );
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' });
}

/** Markdown special characters in free text, escaped so that names and questions render as written. */
function escape(text: string): string {
  return text
    .replace(/[\\`*_[\]<>#|~]/g, (ch) => `\\${ch}`)
    .replace(/\s+/g, ' ')
    .trim();
}

/** A chapter's title, linked to its page on the textbook's site when the data has one. */
function chapterLink(chapter: CourseChapter | undefined, id: string): string {
  const title = escape(chapter?.title ?? id);
  return chapter?.url ? `[${title}](${chapter.url})` : title;
}

/**
 * A readable plan: a level-1 title and summary, then one level-2 section per week with its concepts, the objectives
 * it completes and the review questions it makes usable (with model answers where the data has them).
 */
export function toMarkdown(index: CourseIndex, plan: Plan, title: string): string {
  const objectives = new Map(index.course.objectives.map((o) => [o.id, o]));
  const questions = new Map(index.course.questions.map((q) => [q.id, q]));
  const fit = plan.fits
    ? `fits in the ${plan.weeks} weeks given`
    : `needs ${plan.weeksNeeded} weeks, more than the ${plan.weeks} given`;
  const out = [
    `# ${escape(title)}`,
    '',
    `${plan.modules.length} weekly modules, ${plan.totalHours} study hours at ${plan.hoursPerWeek} hours a week; the plan ${fit}.`,
  ];
  for (const m of plan.modules) {
    const chapters = m.chapters.map((id) => chapterLink(index.chapter.get(id), id)).join(', ');
    out.push('', `## Week ${m.number}: ${chapters} (${m.hours} h)`, '', '### Concepts', '');
    for (const item of m.items) {
      const c = index.conceptOrId(item.concept);
      const part = item.part ? `, part ${item.part.n} of ${item.part.of}` : '';
      out.push(`- ${escape(c.name)} (\`${c.id}\`): ${item.hours} h${part}${item.target ? ', target' : ''}`);
    }
    if (m.objectives.length) {
      out.push('', '### Objectives reached', '');
      for (const id of m.objectives) out.push(`- ${escape(objectives.get(id)?.text ?? id)} (\`${id}\`)`);
    }
    if (m.questions.length) {
      out.push('', '### Review questions', '');
      m.questions.forEach((id, i) => {
        const q = questions.get(id);
        out.push(`${i + 1}. ${escape(q?.text ?? id)} (\`${id}\`)`);
        if (q?.answer) out.push(`   - Answer: ${escape(q.answer)}`);
      });
    }
  }
  return `${out.join('\n')}\n`;
}
