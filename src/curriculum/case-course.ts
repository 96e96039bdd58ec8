import { associations, CREATOR, type CaseItem, type Framework, hoursText, LANGUAGE, refOf } from './case-model.js';
import type { CourseIndex } from './course.js';
import { uuidFor } from './uuid.js';

export const COURSE_DOCUMENT_ID = uuidFor('course|document');
export const EPOCH = '1970-01-01T00:00:00.000Z';

/** The identifier of a course node's CFItem: plan frameworks point at it with `exactMatchOf`. */
export const courseItemId = (nodeId: string) => uuidFor(`course|${nodeId}`);

/**
 * The whole course as one CASE framework: parts, chapters, concepts and learning objectives are CFItems;
 * `isChildOf` places each in its parent (part in the document, chapter in its part, concept and objective in their
 * chapter) with `sequenceNumber` for order; `precedes` orders parts and chapters; every REQUIRES edge is a
 * prerequisite pair (`precedes` and `ext:isPrerequisiteOf`, the reason in `notes`).
 */
export function courseFramework(index: CourseIndex): Framework {
  const { course } = index;
  const changed = course.changedAt ?? EPOCH;
  const doc = {
    identifier: COURSE_DOCUMENT_ID,
    title: 'Machine Learning Systems Engineering',
    cls: 'CFDocuments' as const,
  };
  const items: CaseItem[] = [];
  const byNode = new Map<string, CaseItem>();
  const item = (nodeId: string, fields: Omit<CaseItem, 'identifier' | 'lastChangeDateTime'>) => {
    const it = { identifier: courseItemId(nodeId), ...fields, lastChangeDateTime: changed };
    items.push(it);
    byNode.set(nodeId, it);
    return it;
  };
  const assoc = associations('course', changed);
  const chain = (list: CaseItem[]) =>
    list.slice(1).forEach((it, i) => assoc.add('precedes', refOf(list[i]!), refOf(it), { grouping: 'Sequence' }));

  const parts = course.parts.map((p) => {
    const it = item(p.id, {
      fullStatement: `Part ${p.number}: ${p.name}`,
      abbreviatedStatement: p.name,
      humanCodingScheme: p.id,
      listEnumeration: String(p.number),
      CFItemType: 'Part',
    });
    assoc.add('isChildOf', refOf(it), doc, { sequenceNumber: p.number });
    return it;
  });
  chain(parts);
  const chapters = course.chapters.map((ch) => {
    const it = item(ch.id, {
      fullStatement: `Chapter ${ch.number}: ${ch.title}`,
      abbreviatedStatement: ch.title,
      humanCodingScheme: ch.id,
      listEnumeration: String(ch.number),
      CFItemType: 'Chapter',
      ...(ch.url ? { extensions: { url: ch.url } } : {}),
    });
    const parent = ch.part ? byNode.get(ch.part) : undefined;
    assoc.add('isChildOf', refOf(it), parent ? refOf(parent) : doc, { sequenceNumber: ch.number });
    return it;
  });
  chain(chapters);
  const parentOf = (chapter: string | null) => {
    const parent = chapter ? byNode.get(chapter) : undefined;
    return parent ? refOf(parent) : doc;
  };
  for (const ch of course.chapters)
    for (const id of index.conceptsOfChapter.get(ch.id) ?? []) {
      const c = index.concept.get(id)!;
      const it = item(c.id, {
        fullStatement: `${c.name}: ${c.definition}`,
        abbreviatedStatement: c.name,
        humanCodingScheme: c.id,
        listEnumeration: String(c.position),
        CFItemType: 'Concept',
        notes: hoursText(c.hours),
      });
      assoc.add('isChildOf', refOf(it), parentOf(c.chapter), { sequenceNumber: c.position });
    }
  for (const o of course.objectives) {
    const it = item(o.id, { fullStatement: o.text, humanCodingScheme: o.id, CFItemType: 'Learning Objective' });
    assoc.add('isChildOf', refOf(it), parentOf(o.chapter), { sequenceNumber: o.order });
  }
  for (const e of course.requires) assoc.prerequisite(refOf(byNode.get(e.to)!), refOf(byNode.get(e.from)!), e.reason);

  return {
    document: {
      identifier: COURSE_DOCUMENT_ID,
      title: doc.title,
      creator: CREATOR,
      publisher: CREATOR,
      description: `The ML systems engineering course of MLSysBook as a framework: ${course.parts.length} parts, ${course.chapters.length} chapters, ${course.concepts.length} concepts with their prerequisites, and ${course.objectives.length} learning objectives.`,
      subject: ['Machine learning systems engineering'],
      language: LANGUAGE,
      ...(course.version ? { version: course.version } : {}),
      adoptionStatus: 'Adopted',
      officialSourceURL: 'https://mlsysbook.ai',
      notes: 'Derived from MLSysBook by Vijay Janapa Reddi and contributors (CC BY-NC-SA 4.0).',
      lastChangeDateTime: changed,
    },
    items,
    associations: assoc.list,
    definitionsChanged: changed,
  };
}
