import type { RoadmapDoc } from '../doc.js';

/** Mermaid labels are quoted; a quote inside one is written as an entity. */
const label = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;

/**
 * The plan's DAG as a Mermaid flowchart: one subgraph per chapter, one node per step (s1, s2, ... in plan order), an
 * arrow from each prerequisite to the step that needs it; targets carry the `target` class.
 */
export function roadmapMermaid(doc: RoadmapDoc): string {
  const nodeId = new Map(doc.steps.map((s) => [s.concept, `s${s.position}`]));
  const lines = ['flowchart TD', '  classDef target stroke-width:3px'];
  const chapters = [...new Set(doc.steps.map((s) => s.chapter))];
  chapters.forEach((chapter, i) => {
    const steps = doc.steps.filter((s) => s.chapter === chapter);
    lines.push(`  subgraph ch${i + 1}[${label(`${steps[0]!.chapterNumber}. ${steps[0]!.chapterTitle}`)}]`);
    for (const s of steps)
      lines.push(`    ${nodeId.get(s.concept)}[${label(`${s.name} (${s.hours} h)`)}]${s.isTarget ? ':::target' : ''}`);
    lines.push('  end');
  });
  for (const s of doc.steps)
    for (const before of s.after) lines.push(`  ${nodeId.get(before)} --> ${nodeId.get(s.concept)}`);
  return `${lines.join('\n')}\n`;
}
