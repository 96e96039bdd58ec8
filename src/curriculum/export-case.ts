import { courseItemId, EPOCH } from './case-course.js';
import {
  associations,
  type CaseItem,
  type CaseRef,
  CREATOR,
  type Framework,
  hoursText,
  LANGUAGE,
  refOf,
  toPackage,
} from './case-model.js';
import type { CourseIndex } from './course.js';
import type { Plan } from './syllabus.js';
import { uuidFor } from './uuid.js';

/**
 * A course plan as a CASE framework: the plan is the CFDocument; each weekly module, taught concept and reached
 * learning objective is a CFItem. `isChildOf` places modules in the document and concepts and objectives in their
 * module (with `sequenceNumber`); `precedes` orders the modules; every REQUIRES edge among the taught concepts is a
 * prerequisite pair (`precedes` and `ext:isPrerequisiteOf`, the reason in `notes`); `exactMatchOf` links each concept
 * and objective to its item in the course framework.
 *
 * Identifiers are name-based UUIDs under the document's identifier: an unsaved plan's comes from what makes the plan
 * (title, pace, the concepts of each week), a saved syllabus's is its own id, so updating a saved syllabus keeps every
 * identifier of a module, concept and objective it still has.
 */
export interface PlanDocument {
  identifier: string;
  title: string;
  changedAt: string;
  adoptionStatus: string;
}

export function planFramework(index: CourseIndex, plan: Plan, doc: PlanDocument): Framework {
  const changed = doc.changedAt;
  const scope = doc.identifier;
  const docRef: CaseRef = { identifier: doc.identifier, title: doc.title, cls: 'CFDocuments' };
  const items: CaseItem[] = [];
  const assoc = associations(scope, changed);
  const item = (key: string, fields: Omit<CaseItem, 'identifier' | 'lastChangeDateTime'>) => {
    const it = { identifier: uuidFor(`${scope}|${key}`), ...fields, lastChangeDateTime: changed };
    items.push(it);
    return it;
  };
  const matchCourse = (it: CaseItem, nodeId: string) =>
    assoc.add('exactMatchOf', refOf(it), { identifier: courseItemId(nodeId), title: refOf(it).title, cls: 'CFItems' });

  const conceptItems = new Map<string, CaseItem>();
  const objectiveText = new Map(index.course.objectives.map((o) => [o.id, o.text]));
  let previous: CaseItem | undefined;
  for (const m of plan.modules) {
    const chapters = m.chapters.map((ch) => index.chapter.get(ch)?.title ?? ch).join('; ');
    const mod = item(`module|${m.number}`, {
      fullStatement: `Week ${m.number}: ${chapters}`,
      abbreviatedStatement: `Week ${m.number}`,
      humanCodingScheme: `W${m.number}`,
      listEnumeration: String(m.number),
      CFItemType: 'Module',
      notes: hoursText(m.hours),
    });
    assoc.add('isChildOf', refOf(mod), docRef, { sequenceNumber: m.number });
    if (previous) assoc.add('precedes', refOf(previous), refOf(mod), { grouping: 'Sequence' });
    previous = mod;
    m.items.forEach((entry, i) => {
      const c = index.concept.get(entry.concept);
      let it = conceptItems.get(entry.concept);
      if (!it) {
        it = item(entry.concept, {
          fullStatement: c ? `${c.name}: ${c.definition}` : entry.concept,
          abbreviatedStatement: c?.name ?? entry.concept,
          humanCodingScheme: entry.concept,
          CFItemType: 'Concept',
          notes: hoursText(index.hours(entry.concept)),
        });
        conceptItems.set(entry.concept, it);
        matchCourse(it, entry.concept);
      }
      assoc.add('isChildOf', refOf(it), refOf(mod), {
        sequenceNumber: i + 1,
        ...(entry.part ? { notes: `part ${entry.part.n} of ${entry.part.of}, ${hoursText(entry.hours)}` } : {}),
      });
    });
    m.objectives.forEach((id, i) => {
      const it = item(id, {
        fullStatement: objectiveText.get(id) ?? id,
        humanCodingScheme: id,
        CFItemType: 'Learning Objective',
      });
      matchCourse(it, id);
      assoc.add('isChildOf', refOf(it), refOf(mod), { sequenceNumber: m.items.length + i + 1 });
    });
  }
  for (const e of index.edgesAmong(new Set(plan.order)))
    assoc.prerequisite(refOf(conceptItems.get(e.to)!), refOf(conceptItems.get(e.from)!), e.reason);

  return {
    document: {
      identifier: doc.identifier,
      title: doc.title,
      creator: CREATOR,
      publisher: CREATOR,
      description: `${plan.modules.length} weekly modules, ${hoursText(plan.totalHours)} at ${plan.hoursPerWeek} hours a week.`,
      subject: ['Machine learning systems engineering'],
      language: LANGUAGE,
      ...(index.course.version ? { version: index.course.version } : {}),
      adoptionStatus: doc.adoptionStatus,
      notes: 'Generated from the mlsys-graph knowledge graph, derived from MLSysBook (CC BY-NC-SA 4.0).',
      lastChangeDateTime: changed,
    },
    items,
    associations: assoc.list,
    definitionsChanged: index.course.changedAt ?? EPOCH,
  };
}

/** An unsaved plan as a CASE package: its identifiers follow from what makes the plan. */
export function toCase(index: CourseIndex, plan: Plan, title: string) {
  const identifier = uuidFor(`plan|${planKey(plan, title)}`);
  return toPackage(
    planFramework(index, plan, {
      identifier,
      title,
      changedAt: index.course.changedAt ?? EPOCH,
      adoptionStatus: 'Draft',
    }),
  );
}

/** What makes two plans the same: title, pace and the concepts of each week. */
export function planKey(plan: Plan, title: string): string {
  return `${title}|${plan.hoursPerWeek}|${plan.modules.map((m) => m.items.map((i) => i.concept).join(',')).join('/')}`;
}
