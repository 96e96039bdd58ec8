import type { CourseIndex } from './course.js';
import type { Plan } from './syllabus.js';
import { uuidFor } from './uuid.js';

/**
 * A plan as a CASE 1.1 package (1EdTech Competencies and Academic Standards Exchange): the plan is the CFDocument;
 * each weekly module, taught concept and reached learning objective is a CFItem; CFAssociations say where each item
 * sits (`isChildOf`, with `sequenceNumber` for order) and what comes first (`precedes`: module after module, and
 * prerequisite before dependent for every REQUIRES edge among the taught concepts, the edge's reason in `notes`).
 *
 * Identifiers are name-based UUIDs, so the same plan exports the same package and a concept has the same identifier
 * in every export. We serve no CASE endpoints, so every `uri` is the `urn:uuid:` form of its identifier.
 */
export interface CaseLink {
  title: string;
  identifier: string;
  uri: string;
}

export interface CasePackage {
  CFDocument: Record<string, unknown> & CaseLink & { lastChangeDateTime: string };
  CFItems: (Record<string, unknown> & {
    identifier: string;
    fullStatement: string;
    uri: string;
    CFItemType: string;
    humanCodingScheme: string;
  })[];
  CFAssociations: {
    identifier: string;
    associationType: 'isChildOf' | 'precedes';
    sequenceNumber?: number;
    uri: string;
    originNodeURI: CaseLink;
    destinationNodeURI: CaseLink;
    lastChangeDateTime: string;
    notes?: string;
  }[];
}

const EPOCH = '1970-01-01T00:00:00.000Z';

export function toCase(index: CourseIndex, plan: Plan, title: string): CasePackage {
  const changed = index.course.changedAt ?? EPOCH;
  const key = planKey(plan, title);
  const link = (name: string, label: string): CaseLink => {
    const identifier = uuidFor(name);
    return { title: label, identifier, uri: `urn:uuid:${identifier}` };
  };
  const doc = link(`document|${key}`, title);
  const moduleLink = (n: number) => link(`module|${key}|${n}`, `Week ${n}`);
  const conceptLink = (id: string) => link(`concept|${id}`, index.concept.get(id)!.name);
  const objectiveText = new Map(index.course.objectives.map((o) => [o.id, o.text]));
  const objectiveLink = (id: string) => link(`objective|${id}`, objectiveText.get(id)!);

  const items: CasePackage['CFItems'] = [];
  const associations: CasePackage['CFAssociations'] = [];
  const associate = (
    type: 'isChildOf' | 'precedes',
    origin: CaseLink,
    destination: CaseLink,
    extra: { sequenceNumber?: number; notes?: string } = {},
  ) => {
    const identifier = uuidFor(`association|${key}|${type}|${origin.identifier}|${destination.identifier}`);
    associations.push({
      identifier,
      associationType: type,
      ...extra,
      uri: `urn:uuid:${identifier}`,
      originNodeURI: origin,
      destinationNodeURI: destination,
      lastChangeDateTime: changed,
    });
  };

  const seen = new Set<string>();
  for (const m of plan.modules) {
    const mod = moduleLink(m.number);
    const chapters = m.chapters.map((ch) => index.chapter.get(ch)?.title ?? ch).join('; ');
    items.push({
      identifier: mod.identifier,
      fullStatement: `Week ${m.number}: ${chapters}`,
      CFItemType: 'Module',
      humanCodingScheme: `W${m.number}`,
      listEnumeration: String(m.number),
      notes: `${m.hours} study hours`,
      uri: mod.uri,
      lastChangeDateTime: changed,
    });
    associate('isChildOf', mod, doc, { sequenceNumber: m.number });
    if (m.number > 1) associate('precedes', moduleLink(m.number - 1), mod);
    m.items.forEach((item, i) => {
      const c = index.concept.get(item.concept)!;
      const node = conceptLink(c.id);
      if (!seen.has(c.id)) {
        seen.add(c.id);
        items.push({
          identifier: node.identifier,
          fullStatement: `${c.name}: ${c.definition}`,
          abbreviatedStatement: c.name,
          CFItemType: 'Concept',
          humanCodingScheme: c.id,
          notes: `${c.hours} study hours`,
          uri: node.uri,
          lastChangeDateTime: changed,
        });
      }
      associate('isChildOf', node, mod, {
        sequenceNumber: i + 1,
        ...(item.part ? { notes: `part ${item.part.n} of ${item.part.of}` } : {}),
      });
    });
    m.objectives.forEach((id, i) => {
      const node = objectiveLink(id);
      items.push({
        identifier: node.identifier,
        fullStatement: objectiveText.get(id)!,
        CFItemType: 'Learning Objective',
        humanCodingScheme: id,
        uri: node.uri,
        lastChangeDateTime: changed,
      });
      associate('isChildOf', node, mod, { sequenceNumber: m.items.length + i + 1 });
    });
  }
  for (const e of index.edgesAmong(new Set(plan.order)))
    associate('precedes', conceptLink(e.to), conceptLink(e.from), { notes: e.reason });

  const hours = plan.totalHours;
  return {
    CFDocument: {
      ...doc,
      creator: 'mlsys-graph',
      caseVersion: '1.1',
      language: 'en',
      description: `${plan.modules.length} weekly modules, ${hours} study hours at ${plan.hoursPerWeek} hours a week.`,
      subject: ['Machine learning systems engineering'],
      ...(index.course.version ? { version: index.course.version } : {}),
      notes: 'Generated from the mlsys-graph knowledge graph, derived from MLSysBook (CC BY-NC-SA 4.0).',
      lastChangeDateTime: changed,
    },
    CFItems: items,
    CFAssociations: associations,
  };
}

/** What makes two plans the same: title, pace and the concepts of each week. */
export function planKey(plan: Plan, title: string): string {
  return `${title}|${plan.hoursPerWeek}|${plan.modules.map((m) => m.items.map((i) => i.concept).join(',')).join('/')}`;
}
