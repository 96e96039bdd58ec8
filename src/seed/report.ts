import type { SeedGraph } from './graph.js';
import { redundantEdges } from './rules.js';
import { textbookCoverage, type TextbookNames } from './textbook.js';

/**
 * Pure: the data-quality figures `npm run seed:report` prints from the seed files alone (no database): per chapter,
 * what a learner can study (concepts, objectives, review questions, terms) and how much of the textbook's own concept
 * list the graph covers; for the whole graph, the prerequisite rules' exceptions and the teaching gaps.
 */
export function fileReport(graph: SeedGraph, references: TextbookNames[]) {
  const chapterOf = new Map<string, string>();
  for (const e of graph.edges) if (e.type === 'INTRODUCED_IN' || e.type === 'IN_CHAPTER') chapterOf.set(e.from, e.to);
  const count = (label: string, chapter: string) =>
    graph.nodes.filter((n) => n.label === label && chapterOf.get(n.id) === chapter).length;
  const coverage = new Map(textbookCoverage(graph, references).map((c) => [c.chapter, c]));
  const chapters = graph.nodes
    .filter((n) => n.label === 'Chapter')
    .sort((a, b) => Number(a.props.number) - Number(b.props.number))
    .map((ch) => {
      const c = coverage.get(ch.id);
      return {
        number: Number(ch.props.number),
        chapter: ch.id,
        concepts: count('Concept', ch.id),
        objectives: count('LearningObjective', ch.id),
        questions: count('ReviewQuestion', ch.id),
        terms: count('Term', ch.id),
        textbookNames: c?.names ?? 0,
        covered: c?.covered ?? 0,
        'covered %': c?.percent ?? null,
        leftOut: c?.leftOut ?? 0,
        missing: c?.missing.length ?? 0,
      };
    });

  const concepts = graph.nodes.filter((n) => n.label === 'Concept');
  const requires = graph.edges.filter((e) => e.type === 'REQUIRES');
  const checked = new Set(graph.edges.filter((e) => e.type === 'CHECKS').map((e) => e.to));
  return {
    chapters,
    missingNames: [...coverage.values()]
      .filter((c) => c.missing.length)
      .map((c) => ({ chapter: c.chapter, names: c.missing })),
    staleLeftOut: [...coverage.values()].flatMap((c) => c.staleLeftOut.map((name) => ({ chapter: c.chapter, name }))),
    totals: {
      concepts: concepts.length,
      historyConcepts: concepts.filter((c) => c.props.history === true).length,
      prerequisiteEdges: requires.length,
      redundantEdgesKept: redundantEdges(requires).length,
      steepEdgesKept: requires.filter((e) => e.props.whyHarder).length,
      objectives: graph.nodes.filter((n) => n.label === 'LearningObjective').length,
      questions: graph.nodes.filter((n) => n.label === 'ReviewQuestion').length,
      terms: graph.nodes.filter((n) => n.label === 'Term').length,
    },
    conceptsWithoutQuestion: concepts.filter((c) => !checked.has(c.id)).map((c) => c.id),
  };
}
