import { XMLBuilder } from 'fast-xml-parser';
import { strToU8, zipSync } from 'fflate';
import type { CourseIndex, CourseQuestion } from './course.js';

/**
 * Question bank exports that learning-management systems import.
 *
 * QTI 2.1 (1EdTech Question and Test Interoperability): a content package (zip) with `imsmanifest.xml` and one
 * `assessmentItem` per question. 2.1 rather than 3.0 because it is the version LMSs import today (Canvas,
 * Blackboard Learn, D2L Brightspace, Moodle through its QTI plugins); 3.0 is mostly taken by assessment platforms.
 * Each review question is an open question (`extendedTextInteraction`) answered in text; the model answer is the
 * `correctResponse` and a `rubricBlock` for scorers. Its concepts, difficulty and kind are LOM metadata in the
 * manifest: keywords (concept ids, `difficulty:...`, `kind:...`) and LOM's own `educational/difficulty`.
 *
 * Moodle XML: one `essay` question per review question, in a category per chapter; the model answer is the
 * grader information, the concepts, difficulty and kind are tags, the question id is the `idnumber`.
 */
export const QTI_NS = 'http://www.imsglobal.org/xsd/imsqti_v2p1';
export const CP_NS = 'http://www.imsglobal.org/xsd/imscp_v1p1';
export const LOM_NS = 'http://ltsc.ieee.org/xsd/LOM';
export const QTI_MD_NS = 'http://www.imsglobal.org/xsd/imsqti_metadata_v2p1';

const TOOL = 'mlsys-graph';
/** LOM's difficulty vocabulary for the data's levels. */
const LOM_DIFFICULTY: Record<string, string> = { BEGINNER: 'easy', INTERMEDIATE: 'medium', ADVANCED: 'difficult' };

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});
const xml = (root: Record<string, unknown>) => `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(root)}`;

/** The file name of a question inside the package, and the manifest's resource identifier (an XML ID). */
export const qtiFileOf = (id: string) => `items/${id.replace(/^question:/, '')}.xml`;
const resourceId = (id: string) => `item-${id.replace(/^question:/, '').replace(/[^A-Za-z0-9_.-]/g, '-')}`;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const titleOf = (q: CourseQuestion) => {
  const t = oneLine(q.text);
  return t.length > 120 ? `${t.slice(0, 119)}…` : t;
};

export function qtiItem(q: CourseQuestion): string {
  return xml({
    assessmentItem: {
      '@xmlns': QTI_NS,
      '@identifier': q.id,
      '@title': titleOf(q),
      '@adaptive': 'false',
      '@timeDependent': 'false',
      '@toolName': TOOL,
      '@xml:lang': 'en',
      responseDeclaration: {
        '@identifier': 'RESPONSE',
        '@cardinality': 'single',
        '@baseType': 'string',
        ...(q.answer ? { correctResponse: { value: oneLine(q.answer) } } : {}),
      },
      outcomeDeclaration: {
        '@identifier': 'SCORE',
        '@cardinality': 'single',
        '@baseType': 'float',
        defaultValue: { value: '0' },
      },
      itemBody: {
        p: oneLine(q.text),
        extendedTextInteraction: { '@responseIdentifier': 'RESPONSE', '@expectedLines': '8' },
        ...(q.answer ? { rubricBlock: { '@view': 'scorer', p: `Model answer: ${oneLine(q.answer)}` } } : {}),
      },
    },
  });
}

const lomString = (text: string) => ({ string: { '@language': 'en', '#text': text } });
const keywords = (q: CourseQuestion) => [
  ...q.concepts,
  ...(q.difficulty ? [`difficulty:${q.difficulty}`] : []),
  ...(q.kind ? [`kind:${q.kind}`] : []),
];

export function qtiManifest(questions: CourseQuestion[], title: string): string {
  return xml({
    manifest: {
      '@xmlns': CP_NS,
      '@xmlns:lom': LOM_NS,
      '@xmlns:qmd': QTI_MD_NS,
      '@identifier': 'mlsys-graph-question-bank',
      metadata: { schema: 'QTIv2.1 Package', schemaversion: '1.0.0', 'lom:lom': { 'lom:general': lomTitle(title) } },
      organizations: '',
      resources: {
        resource: questions.map((q) => ({
          '@identifier': resourceId(q.id),
          '@type': 'imsqti_item_xmlv2p1',
          '@href': qtiFileOf(q.id),
          metadata: {
            'lom:lom': {
              'lom:general': {
                'lom:identifier': { 'lom:catalog': TOOL, 'lom:entry': q.id },
                'lom:title': prefixed(lomString(titleOf(q))),
                'lom:keyword': keywords(q).map((k) => prefixed(lomString(k))),
              },
              ...(q.difficulty && LOM_DIFFICULTY[q.difficulty]
                ? {
                    'lom:educational': {
                      'lom:difficulty': { 'lom:source': 'LOMv1.0', 'lom:value': LOM_DIFFICULTY[q.difficulty] },
                    },
                  }
                : {}),
            },
            'qmd:qtiMetadata': {
              'qmd:timeDependent': 'false',
              'qmd:interactionType': 'extendedTextInteraction',
              'qmd:solutionAvailable': q.answer ? 'true' : 'false',
              'qmd:toolName': TOOL,
            },
          },
          file: { '@href': qtiFileOf(q.id) },
        })),
      },
    },
  });
}

const prefixed = (node: { string: unknown }) => ({ 'lom:string': node.string });
const lomTitle = (title: string) => ({ 'lom:title': prefixed(lomString(title)) });

/** The QTI 2.1 content package as zip bytes: the manifest first, then one file per question. */
export function toQtiPackage(questions: CourseQuestion[], title: string): Uint8Array {
  const files: Record<string, Uint8Array> = { 'imsmanifest.xml': strToU8(qtiManifest(questions, title)) };
  for (const q of questions) files[qtiFileOf(q.id)] = strToU8(qtiItem(q));
  // A fixed time stamp: the same questions give the same bytes.
  return zipSync(files, { mtime: new Date('2000-01-01T00:00:00Z') });
}

const html = (text: string) =>
  `<p>${oneLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`;

export function toMoodleXml(index: CourseIndex, questions: CourseQuestion[], title: string): string {
  const chapterTitle = (q: CourseQuestion) =>
    q.chapter ? (index.chapter.get(q.chapter)?.title ?? q.chapter) : 'Course';
  const out: Record<string, unknown>[] = [];
  let category: string | null = null;
  for (const q of questions) {
    const path = `$course$/top/${title.replace(/\//g, '-')}/${chapterTitle(q).replace(/\//g, '-')}`;
    if (path !== category) {
      out.push({ '@type': 'category', category: { text: path } });
      category = path;
    }
    out.push({
      '@type': 'essay',
      name: { text: titleOf(q) },
      questiontext: { '@format': 'html', text: html(q.text) },
      generalfeedback: { '@format': 'html', text: '' },
      defaultgrade: '1',
      penalty: '0',
      hidden: '0',
      idnumber: q.id,
      responseformat: 'editor',
      responserequired: '1',
      responsefieldlines: '10',
      attachments: '0',
      attachmentsrequired: '0',
      graderinfo: { '@format': 'html', text: q.answer ? html(q.answer) : '' },
      responsetemplate: { '@format': 'html', text: '' },
      tags: { tag: keywords(q).map((k) => ({ text: k })) },
    });
  }
  return xml({ quiz: { question: out } });
}
