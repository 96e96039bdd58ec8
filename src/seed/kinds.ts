import { z } from 'zod';
import {
  DIFFICULTIES,
  HORIZONS,
  PRINCIPLE_KINDS,
  QUESTION_KINDS,
  RESOURCE_KINDS,
  ROLE_WEIGHTS,
  SKILL_LEVELS,
  TERM_KINDS,
  idOf,
  ids,
  sources,
  strings,
  text,
  url,
} from './schema.js';

/**
 * The knowledge base, declared once: which file and list holds each node kind, its schema, its Neo4j label and the
 * relationships its fields stand for. The validator, the loader, the quality report and the search indexer all read
 * this table; nothing else knows the file layout.
 */
export interface RelSpec {
  /** Field of the item holding a target id, a list of ids, or a list of {id, ...props}. */
  field: string;
  type: string;
  /** Id prefixes the targets may have. */
  to: string[];
  /** Store the relationship from the target to this item instead. */
  reverse?: boolean;
  /** Properties copied from {id, ...} list entries onto the relationship. */
  props?: string[];
}

export interface ChildSpec {
  field: string;
  label: string;
  prefix: string;
  type: string;
}

export interface KindSpec {
  label: string;
  prefix: string;
  /** Glob-free file path under seed/, or a folder for one-file-per-chapter kinds. */
  file: string;
  list: string;
  schema: z.ZodType<Record<string, unknown>>;
  rels: RelSpec[];
  children?: ChildSpec[];
  /** The field used as the node's display name. */
  nameField: string;
  /** Fields that describe the node in prose (for search and full-text). */
  textFields: string[];
  /** Which items must carry a `url` (seed:check refuses one without); absent: the kind has no url. */
  needsUrl?: (item: Record<string, unknown>) => boolean;
  /**
   * False for kinds whose items carry no `askedAs` phrases: their many short texts outranked the concepts learners
   * mean (docs/SEARCH.md). Items of every other kind carry at least MIN_ASKED_AS of them (seed:check).
   */
  asked?: false;
}

export interface EdgeListSpec {
  file: string;
  list: string;
  /** Lists that may be absent from their file. */
  optional?: boolean;
  schema: z.ZodType<Record<string, unknown>>;
  from: { field: string; prefix: string };
  to: { field: string; prefix: string };
  type: string;
  props: string[];
}

/** Every kind has sources, and may say how learners ask for it (`askedAs`, used by search). */
const obj = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ ...shape, askedAs: strings, sources });
/**
 * A prerequisite with its reason. `whyDirect` keeps an edge that another prerequisite already implies (seed:check
 * refuses such an edge without it); `whyHarder` keeps a prerequisite two difficulty levels above its dependent.
 */
const prerequisite = z.strictObject({
  id: idOf('concept'),
  reason: text,
  whyDirect: text.optional(),
  whyHarder: text.optional(),
});

const always = () => true;

export const KINDS: KindSpec[] = [
  {
    label: 'Part',
    prefix: 'part',
    file: 'parts.yaml',
    list: 'parts',
    nameField: 'name',
    textFields: ['theme', 'coreQuestion', 'description'],
    schema: obj({
      id: idOf('part'),
      number: z.number().int().min(1).max(6),
      roman: text,
      name: text,
      theme: text,
      coreQuestion: text,
      description: text,
      keyTakeaways: strings,
      applications: strings,
    }),
    rels: [],
  },
  {
    label: 'Chapter',
    prefix: 'chapter',
    file: 'chapters.yaml',
    list: 'chapters',
    nameField: 'title',
    textFields: ['description'],
    schema: obj({
      id: idOf('chapter'),
      number: z.number().int().min(1).max(21),
      title: text,
      altTitles: strings,
      part: idOf('part'),
      description: text,
      url: url.optional(),
    }),
    rels: [{ field: 'part', type: 'PART_OF', to: ['part'] }],
    needsUrl: always,
  },
  {
    label: 'Concept',
    prefix: 'concept',
    file: 'concepts',
    list: 'concepts',
    nameField: 'name',
    textFields: ['aliases', 'definition'],
    schema: obj({
      id: idOf('concept'),
      name: text,
      aliases: strings,
      definition: text,
      chapter: idOf('chapter'),
      difficulty: z.enum(DIFFICULTIES),
      hours: z.number().min(0.5).max(40),
      requires: z.array(prerequisite).default([]),
      related: ids('concept'),
      /** History (an era, a past approach): context for learners, never a prerequisite of an engineering concept. */
      history: z.boolean().default(false),
    }),
    rels: [
      { field: 'chapter', type: 'INTRODUCED_IN', to: ['chapter'] },
      { field: 'requires', type: 'REQUIRES', to: ['concept'], props: ['reason', 'whyDirect', 'whyHarder'] },
      { field: 'related', type: 'RELATED_TO', to: ['concept'] },
    ],
  },
  {
    label: 'LearningObjective',
    asked: false,
    prefix: 'objective',
    file: 'objectives',
    list: 'objectives',
    nameField: 'text',
    textFields: [],
    schema: obj({
      id: idOf('objective'),
      chapter: idOf('chapter'),
      order: z.number().int().min(1),
      text,
      concepts: ids('concept'),
    }),
    rels: [
      { field: 'chapter', type: 'IN_CHAPTER', to: ['chapter'] },
      { field: 'concepts', type: 'COVERS', to: ['concept'] },
    ],
  },
  {
    label: 'Term',
    asked: false,
    prefix: 'term',
    file: 'terms',
    list: 'terms',
    nameField: 'name',
    textFields: ['definition'],
    schema: obj({
      id: idOf('term'),
      name: text,
      kind: z.enum(TERM_KINDS),
      footnote: z.number().int().optional(),
      chapter: idOf('chapter').optional(),
      definition: text,
      concept: idOf('concept').optional(),
    }),
    rels: [
      { field: 'chapter', type: 'IN_CHAPTER', to: ['chapter'] },
      { field: 'concept', type: 'DEFINES', to: ['concept'] },
    ],
  },
  {
    label: 'TradeOff',
    prefix: 'tradeoff',
    file: 'tradeoffs.yaml',
    list: 'tradeoffs',
    nameField: 'name',
    textFields: ['sideA', 'sideB', 'tension', 'exampleDecision'],
    schema: obj({
      id: idOf('tradeoff'),
      name: text,
      sideA: text,
      sideB: text,
      tension: text,
      exampleDecision: text,
      variants: z
        .array(z.strictObject({ tension: text, exampleDecision: text, source: z.record(z.string(), z.unknown()) }))
        .default([]),
      chapters: ids('chapter'),
      balances: ids('concept'),
      resolvedBy: ids('concept'),
    }),
    rels: [
      { field: 'chapters', type: 'DISCUSSED_IN', to: ['chapter'] },
      { field: 'balances', type: 'BALANCES', to: ['concept'] },
      { field: 'resolvedBy', type: 'RESOLVED_BY', to: ['concept'] },
    ],
  },
  {
    label: 'PipelineStage',
    prefix: 'stage',
    file: 'pipeline.yaml',
    list: 'stages',
    nameField: 'name',
    textFields: ['description'],
    schema: obj({
      id: idOf('stage'),
      order: z.number().int().min(1),
      name: text,
      description: text,
      tools: ids('tool'),
      concepts: ids('concept'),
    }),
    rels: [
      { field: 'tools', type: 'SUPPORTS', to: ['tool'], reverse: true },
      { field: 'concepts', type: 'COVERS', to: ['concept'] },
    ],
  },
  {
    label: 'Practice',
    prefix: 'practice',
    file: 'pipeline.yaml',
    list: 'practices',
    nameField: 'name',
    textFields: ['description', 'techniques'],
    schema: obj({
      id: idOf('practice'),
      name: text,
      description: text,
      tools: ids('tool'),
      techniques: strings,
      concepts: ids('concept'),
    }),
    rels: [
      { field: 'tools', type: 'SUPPORTS', to: ['tool'], reverse: true },
      { field: 'concepts', type: 'COVERS', to: ['concept'] },
    ],
  },
  {
    label: 'SystemComponent',
    prefix: 'component',
    file: 'pipeline.yaml',
    list: 'components',
    nameField: 'name',
    textFields: ['items'],
    schema: obj({ id: idOf('component'), name: text, items: strings }),
    rels: [],
  },
  {
    label: 'DeploymentTarget',
    prefix: 'target',
    file: 'deployment.yaml',
    list: 'targets',
    nameField: 'name',
    textFields: ['description'],
    schema: obj({
      id: idOf('target'),
      name: text,
      description: text,
      concepts: ids('concept'),
      resources: z
        .array(
          z.strictObject({
            resource: text,
            value: z.union([z.string(), z.number()]).transform(String),
            min: z.number().optional(),
            max: z.number().optional(),
            unit: text.optional(),
            note: text.optional(),
          }),
        )
        .default([]),
    }),
    rels: [{ field: 'concepts', type: 'COVERS', to: ['concept'] }],
  },
  {
    label: 'DeploymentKind',
    prefix: 'target',
    file: 'deployment.yaml',
    list: 'spectrum',
    nameField: 'name',
    textFields: ['description'],
    schema: obj({ id: idOf('(?:target|spectrum)'), name: text, description: text, concepts: ids('concept') }),
    rels: [{ field: 'concepts', type: 'COVERS', to: ['concept'] }],
  },
  {
    label: 'SystemObjective',
    prefix: 'objective-system',
    file: 'system-objectives.yaml',
    list: 'objectives',
    nameField: 'name',
    textFields: ['description', 'metric'],
    schema: obj({
      id: idOf('objective-system'),
      name: text,
      description: text,
      metric: text.optional(),
      concepts: ids('concept'),
    }),
    rels: [{ field: 'concepts', type: 'COVERS', to: ['concept'] }],
  },
  {
    label: 'OptimizationTechnique',
    prefix: 'technique',
    file: 'optimization-techniques.yaml',
    list: 'techniques',
    nameField: 'name',
    textFields: ['description'],
    schema: obj({
      id: idOf('technique'),
      name: text,
      description: text,
      figures: ids('fact'),
      concepts: ids('concept'),
    }),
    rels: [
      { field: 'figures', type: 'HAS_FIGURE', to: ['fact'] },
      { field: 'concepts', type: 'COVERS', to: ['concept'] },
    ],
  },
  {
    label: 'CareerPath',
    prefix: 'role',
    file: 'careers.yaml',
    list: 'roles',
    nameField: 'name',
    textFields: ['aliases', 'focus', 'differentiatingSkills', 'profile'],
    schema: obj({
      id: idOf('role'),
      name: text,
      aliases: strings,
      focus: text,
      profile: text.optional(),
      differentiatingSkills: strings,
      tools: ids('tool'),
      /** The concepts the role centres on (CORE) or leans on (SUPPORTING); seed:check asks for ROLE_MIN_CONCEPTS. */
      concepts: z.array(z.strictObject({ id: idOf('concept'), weight: z.enum(ROLE_WEIGHTS) })).default([]),
      salary: z.strictObject({
        min: z.number().int().positive(),
        max: z.number().int().positive(),
        currency: z.string().length(3),
        year: z.number().int(),
        openEnded: z.boolean().default(false),
      }),
    }),
    rels: [
      { field: 'tools', type: 'USES', to: ['tool'] },
      { field: 'concepts', type: 'FOCUSES_ON', to: ['concept'], props: ['weight'] },
    ],
  },
  {
    label: 'Skill',
    prefix: 'skill',
    file: 'careers.yaml',
    list: 'skills',
    nameField: 'name',
    textFields: ['description'],
    schema: obj({ id: idOf('skill'), name: text, description: text, builtBy: ids('concept') }),
    rels: [{ field: 'builtBy', type: 'BUILT_BY', to: ['concept'] }],
  },
  {
    label: 'Specialization',
    prefix: 'specialization',
    file: 'careers.yaml',
    list: 'specializations',
    nameField: 'name',
    textFields: ['topics'],
    schema: obj({
      id: idOf('specialization'),
      name: text,
      topics: strings,
      concepts: ids('concept'),
      roles: ids('role'),
    }),
    rels: [
      { field: 'concepts', type: 'COVERS', to: ['concept'] },
      { field: 'roles', type: 'SUITS', to: ['role'] },
    ],
  },
  {
    label: 'Technology',
    prefix: 'technology',
    file: 'technologies.yaml',
    list: 'technologies',
    nameField: 'name',
    textFields: ['outlook'],
    schema: obj({
      id: idOf('technology'),
      name: text,
      outlook: z.strictObject(
        Object.fromEntries(HORIZONS.map((h) => [h, text])) as Record<(typeof HORIZONS)[number], typeof text>,
      ),
      advances: ids('concept'),
      tools: ids('tool'),
    }),
    rels: [
      { field: 'advances', type: 'ADVANCES', to: ['concept'] },
      { field: 'tools', type: 'USES', to: ['tool'] },
    ],
  },
  {
    label: 'Paper',
    prefix: 'paper',
    file: 'papers.yaml',
    list: 'papers',
    nameField: 'title',
    textFields: ['shortTitle', 'authors', 'significance'],
    schema: obj({
      id: idOf('paper'),
      title: text,
      shortTitle: text.optional(),
      authors: z.array(text).min(1),
      year: z.number().int().min(1900).max(2030),
      significance: text,
      url: url.optional(),
      about: ids('concept'),
    }),
    rels: [{ field: 'about', type: 'ABOUT', to: ['concept'] }],
    needsUrl: always,
  },
  {
    label: 'Resource',
    prefix: 'resource',
    file: 'resources.yaml',
    list: 'resources',
    nameField: 'name',
    textFields: ['by', 'provider', 'description'],
    schema: obj({
      id: idOf('resource'),
      kind: z.enum(RESOURCE_KINDS),
      name: text,
      by: strings,
      provider: text.optional(),
      description: text,
      url: url.optional(),
      teaches: ids('concept'),
    }),
    rels: [{ field: 'teaches', type: 'TEACHES', to: ['concept'] }],
    needsUrl: always,
  },
  {
    label: 'OpenSourceProject',
    prefix: 'project',
    file: 'projects.yaml',
    list: 'projects',
    nameField: 'name',
    textFields: ['description', 'contributionAreas'],
    schema: obj({
      id: idOf('project'),
      name: text,
      description: text,
      contributionAreas: z.union([text, strings]).optional(),
      url: url.optional(),
      tools: ids('tool'),
      concepts: ids('concept'),
    }),
    rels: [
      { field: 'tools', type: 'USES', to: ['tool'] },
      { field: 'concepts', type: 'COVERS', to: ['concept'] },
    ],
    needsUrl: always,
  },
  {
    label: 'Challenge',
    prefix: 'challenge',
    file: 'challenges.yaml',
    list: 'challenges',
    nameField: 'name',
    textFields: ['description'],
    schema: obj({
      id: idOf('challenge'),
      name: text,
      description: text,
      directions: z.array(z.strictObject({ id: idOf('direction'), text })).default([]),
      addressedBy: ids('concept'),
    }),
    rels: [{ field: 'addressedBy', type: 'ADDRESSED_BY', to: ['concept'] }],
    children: [{ field: 'directions', label: 'ResearchDirection', prefix: 'direction', type: 'HAS_DIRECTION' }],
  },
  {
    label: 'IndustryTrend',
    prefix: 'trend',
    file: 'challenges.yaml',
    list: 'trends',
    nameField: 'name',
    textFields: ['description'],
    schema: obj({ id: idOf('trend'), name: text, description: text }),
    rels: [],
  },
  {
    label: 'OpenProblem',
    prefix: 'problem',
    file: 'challenges.yaml',
    list: 'openProblems',
    nameField: 'name',
    textFields: ['description'],
    schema: obj({ id: idOf('problem'), name: text, description: text }),
    rels: [],
  },
  {
    label: 'Era',
    prefix: 'era',
    file: 'history.yaml',
    list: 'eras',
    nameField: 'name',
    textFields: ['period', 'description'],
    schema: obj({ id: idOf('era'), order: z.number().int().min(1), name: text, period: text, description: text }),
    rels: [],
  },
  {
    label: 'Milestone',
    asked: false,
    prefix: 'milestone',
    file: 'history.yaml',
    list: 'milestones',
    nameField: 'name',
    textFields: ['description'],
    schema: obj({ id: idOf('milestone'), year: z.number().int(), name: text, description: text, era: idOf('era') }),
    rels: [{ field: 'era', type: 'IN_ERA', to: ['era'] }],
  },
  {
    label: 'CaseStudy',
    prefix: 'case',
    file: 'case-studies.yaml',
    list: 'caseStudies',
    nameField: 'name',
    textFields: ['domain', 'facets'],
    schema: obj({
      id: idOf('case'),
      name: text,
      domain: text,
      facets: z.strictObject({ data: text, algorithmic: text, infrastructure: text, future: text }),
      illustrates: ids('concept'),
    }),
    rels: [{ field: 'illustrates', type: 'ILLUSTRATES', to: ['concept'] }],
  },
  {
    label: 'Pillar',
    asked: false,
    prefix: 'pillar',
    file: 'structure.yaml',
    list: 'pillars',
    nameField: 'name',
    textFields: ['description'],
    schema: obj({
      id: idOf('pillar'),
      order: z.number().int().min(1),
      name: text,
      description: text,
      chapters: ids('chapter'),
    }),
    rels: [{ field: 'chapters', type: 'INCLUDES', to: ['chapter'] }],
  },
  {
    label: 'BookSection',
    asked: false,
    prefix: 'section',
    file: 'structure.yaml',
    list: 'sections',
    nameField: 'name',
    textFields: ['description'],
    schema: obj({
      id: idOf('section'),
      order: z.number().int().min(1),
      name: text,
      description: text,
      chapters: ids('chapter'),
    }),
    rels: [{ field: 'chapters', type: 'INCLUDES', to: ['chapter'] }],
  },
  {
    label: 'ReviewQuestion',
    asked: false,
    prefix: 'question',
    file: 'questions',
    list: 'questions',
    nameField: 'text',
    textFields: ['answer'],
    schema: obj({
      id: idOf('question'),
      chapter: idOf('chapter'),
      text,
      answer: text,
      difficulty: z.enum(DIFFICULTIES),
      kind: z.enum(QUESTION_KINDS),
      checks: ids('concept'),
    }),
    rels: [
      { field: 'chapter', type: 'IN_CHAPTER', to: ['chapter'] },
      { field: 'checks', type: 'CHECKS', to: ['concept'] },
    ],
  },
  {
    label: 'KeyTakeaway',
    asked: false,
    prefix: 'takeaway',
    file: 'takeaways.yaml',
    list: 'takeaways',
    nameField: 'text',
    textFields: [],
    schema: obj({
      id: idOf('takeaway'),
      chapter: idOf('chapter'),
      order: z.number().int().min(1),
      text,
      concepts: ids('concept'),
    }),
    rels: [
      { field: 'chapter', type: 'IN_CHAPTER', to: ['chapter'] },
      { field: 'concepts', type: 'COVERS', to: ['concept'] },
    ],
  },
  {
    label: 'Principle',
    asked: false,
    prefix: 'principle',
    file: 'principles.yaml',
    list: 'principles',
    nameField: 'text',
    textFields: [],
    schema: obj({
      id: idOf('principle'),
      kind: z.enum(PRINCIPLE_KINDS),
      chapter: idOf('chapter'),
      order: z.number().int().min(1),
      text,
      concepts: ids('concept'),
    }),
    rels: [
      { field: 'chapter', type: 'IN_CHAPTER', to: ['chapter'] },
      { field: 'concepts', type: 'COVERS', to: ['concept'] },
    ],
  },
  {
    label: 'Tool',
    prefix: 'tool',
    file: 'tools.yaml',
    list: 'tools',
    nameField: 'name',
    textFields: ['aliases', 'category', 'description'],
    schema: obj({
      id: idOf('tool'),
      name: text,
      aliases: strings,
      category: text,
      description: text,
      url: url.optional(),
      implements: ids('concept'),
    }),
    rels: [{ field: 'implements', type: 'IMPLEMENTS', to: ['concept'] }],
    // A generic tool ("HPC clusters", "evaluation suites") names a kind of software, not one product with a home page.
    needsUrl: (tool) => tool.category !== 'generic',
  },
  {
    label: 'Organization',
    prefix: 'org',
    file: 'organizations.yaml',
    list: 'organizations',
    nameField: 'name',
    textFields: ['aliases', 'kind', 'description'],
    schema: obj({
      id: idOf('org'),
      name: text,
      aliases: strings,
      kind: text,
      description: text.optional(),
      url: url.optional(),
    }),
    rels: [],
    // A government or a whole sector ("major healthcare organizations") has no one home page.
    needsUrl: (org) => org.kind !== 'government' && org.kind !== 'sector',
  },
  {
    label: 'Fact',
    asked: false,
    prefix: 'fact',
    file: 'facts.yaml',
    list: 'facts',
    nameField: 'statement',
    textFields: ['unit'],
    schema: obj({
      id: idOf('fact'),
      statement: text,
      value: z.number(),
      unit: text,
      about: ids('concept'),
      conflictsWith: ids('fact'),
    }),
    rels: [
      { field: 'about', type: 'ABOUT', to: ['concept'] },
      { field: 'conflictsWith', type: 'CONFLICTS_WITH', to: ['fact'] },
    ],
  },
];

export const EDGE_LISTS: EdgeListSpec[] = [
  {
    file: 'careers.yaml',
    list: 'matrix',
    type: 'NEEDS',
    props: ['level'],
    schema: z.strictObject({ role: idOf('role'), skill: idOf('skill'), level: z.enum(SKILL_LEVELS) }),
    from: { field: 'role', prefix: 'role' },
    to: { field: 'skill', prefix: 'skill' },
  },
  {
    // Levels the sources do not give (two roles have no matrix column), derived from the roles' own descriptions.
    file: 'careers.yaml',
    list: 'derivedMatrix',
    optional: true,
    type: 'NEEDS',
    props: ['level', 'rule'],
    schema: z.strictObject({ role: idOf('role'), skill: idOf('skill'), level: z.enum(SKILL_LEVELS), rule: text }),
    from: { field: 'role', prefix: 'role' },
    to: { field: 'skill', prefix: 'skill' },
  },
];

/** Every label the seed owns, children included. */
export const SEED_LABELS = [
  ...KINDS.map((k) => k.label),
  ...KINDS.flatMap((k) => k.children?.map((c) => c.label) ?? []),
];

/**
 * How the API reads the graph, per label: the list order, the list filters and the relationship fields. Each
 * relationship field is a path of hops over relationships declared above (a kind's `rels`, its `children`, the edge
 * lists), so the API cannot name a relationship the loader does not write; the GraphQL catalog (src/graphql/catalog.ts)
 * is derived from this table, and tests/unit/catalog.test.ts checks it against the SDL and the seed schemas.
 */
export type Direction = 'out' | 'in' | 'both';
/** One relationship step: its type, its direction from the near node, and the far node's label (null: any kind). */
export interface Hop {
  type: string;
  direction: Direction;
  target: string | null;
}
/** One ORDER BY term: a property of the neighbour (or of the relationship, `on: 'edge'`). */
export interface Order {
  prop: string;
  on?: 'edge';
  desc?: boolean;
  lower?: boolean;
}
export interface RelationField {
  hops: Hop[];
  list: boolean;
  order: Order[];
  /** Relationship properties served beside the neighbour: the wrapper's node field and its property fields. */
  edge?: { node: string; props: Record<string, string> };
}
export type Filter =
  | { op: 'eq' | 'gte' | 'lte' | 'prefix' | 'present'; prop: string }
  /** The id of the node at the end of `hops` (which must exist). */
  | { op: 'ref'; hops: Hop[] };
export interface ReadSpec {
  order: Order[];
  filters?: Record<string, Filter>;
  fields?: Record<string, RelationField>;
}

const labelOfPrefix = (prefix: string) => KINDS.find((k) => k.prefix === prefix)!.label;
const kindOf = (label: string) => {
  const kind = KINDS.find((k) => k.label === label);
  if (!kind) throw new Error(`no kind ${label}`);
  return kind;
};
/** The relationship stored for `field` of a `label` item (a rel or a child list), read from that item. */
function link(label: string, field: string): Hop {
  const kind = kindOf(label);
  const rel = kind.rels.find((r) => r.field === field);
  if (rel) return { type: rel.type, direction: rel.reverse ? 'in' : 'out', target: labelOfPrefix(rel.to[0]!) };
  const child = kind.children?.find((c) => c.field === field);
  if (!child) throw new Error(`${label}.${field} stores no relationship`);
  return { type: child.type, direction: 'out', target: child.label };
}
/** The same relationship read from its far end, back to `label`. */
function back(label: string, field: string): Hop {
  const hop = link(label, field);
  return { type: hop.type, direction: hop.direction === 'out' ? 'in' : 'out', target: label };
}
/** An edge list's relationship, read from its `from` end. */
function edgeList(type: string): Hop {
  const spec = EDGE_LISTS.find((e) => e.type === type)!;
  return { type, direction: 'out', target: labelOfPrefix(spec.to.prefix) };
}
const flip = (hop: Hop, target: string): Hop => ({ ...hop, direction: hop.direction === 'out' ? 'in' : 'out', target });
const both = (hop: Hop): Hop => ({ ...hop, direction: 'both' });
/** A relationship of `type` into this kind from any kind that stores one. */
function fromAny(type: string, prefix: string): Hop {
  if (!KINDS.some((k) => k.rels.some((r) => r.type === type && r.to.includes(prefix)))) throw new Error(type);
  return { type, direction: 'in', target: null };
}

const by = (prop: string): Order => ({ prop });
const desc = (prop: string): Order => ({ prop, desc: true });
const lower = (prop: string): Order => ({ prop, lower: true });
const onEdge = (prop: string): Order => ({ prop, on: 'edge' });
const many = (hops: Hop | Hop[], ...order: Order[]): RelationField => ({ hops: [hops].flat(), list: true, order });
const one = (hop: Hop): RelationField => ({ hops: [hop], list: false, order: [] });
const withEdge = (field: RelationField, node: string, props: Record<string, string>) => ({
  ...field,
  edge: { node, props },
});
const ref = (...hops: Hop[]): Filter => ({ op: 'ref', hops });
const eq = (prop: string): Filter => ({ op: 'eq', prop });

const NAME = by('name');
const covers = (label: string) => ({
  chapter: one(link(label, 'chapter')),
  concepts: many(link(label, 'concepts'), NAME),
});

export const READS: Record<string, ReadSpec> = {
  Part: { order: [by('number')], fields: { chapters: many(back('Chapter', 'part'), by('number')) } },
  Chapter: {
    order: [by('number')],
    filters: { part: ref(link('Chapter', 'part')) },
    fields: {
      part: one(link('Chapter', 'part')),
      concepts: many(back('Concept', 'chapter'), by('position')),
      objectives: many(back('LearningObjective', 'chapter'), by('order')),
      takeaways: many(back('KeyTakeaway', 'chapter'), by('order')),
      questions: many(back('ReviewQuestion', 'chapter'), by('id')),
      terms: many(back('Term', 'chapter'), NAME),
      tradeOffs: many(back('TradeOff', 'chapters'), NAME),
      papers: many([back('Concept', 'chapter'), back('Paper', 'about')], desc('year')),
      pillars: many(back('Pillar', 'chapters'), by('order')),
      bookSections: many(back('BookSection', 'chapters'), by('order')),
    },
  },
  LearningObjective: {
    order: [by('id')],
    filters: { chapter: ref(link('LearningObjective', 'chapter')) },
    fields: covers('LearningObjective'),
  },
  KeyTakeaway: {
    order: [by('id')],
    filters: { chapter: ref(link('KeyTakeaway', 'chapter')) },
    fields: covers('KeyTakeaway'),
  },
  Principle: { order: [by('kind'), by('order')], filters: { kind: eq('kind') }, fields: covers('Principle') },
  ReviewQuestion: {
    order: [by('id')],
    filters: { chapter: ref(link('ReviewQuestion', 'chapter')), hasAnswer: { op: 'present', prop: 'answer' } },
    fields: { chapter: one(link('ReviewQuestion', 'chapter')), concepts: many(link('ReviewQuestion', 'checks'), NAME) },
  },
  Term: {
    order: [lower('name')],
    filters: { kind: eq('kind'), chapter: ref(link('Term', 'chapter')) },
    fields: { chapter: one(link('Term', 'chapter')), concept: one(link('Term', 'concept')) },
  },
  Pillar: { order: [by('order')], fields: { chapters: many(link('Pillar', 'chapters'), by('number')) } },
  BookSection: { order: [by('order')], fields: { chapters: many(link('BookSection', 'chapters'), by('number')) } },
  Concept: {
    order: [by('chapterNumber'), by('position')],
    filters: {
      chapter: ref(link('Concept', 'chapter')),
      part: ref(link('Concept', 'chapter'), link('Chapter', 'part')),
      difficulty: eq('difficulty'),
      namePrefix: { op: 'prefix', prop: 'name' },
    },
    fields: {
      chapter: one(link('Concept', 'chapter')),
      prerequisites: withEdge(many(link('Concept', 'requires'), NAME), 'concept', { reason: 'reason' }),
      dependents: withEdge(many(back('Concept', 'requires'), NAME), 'concept', { reason: 'reason' }),
      related: many(both(link('Concept', 'related')), NAME),
      tradeOffs: many(back('TradeOff', 'balances'), NAME),
      resolves: many(back('TradeOff', 'resolvedBy'), NAME),
      papers: many(back('Paper', 'about'), desc('year')),
      resources: many(back('Resource', 'teaches'), NAME),
      tools: many(back('Tool', 'implements'), NAME),
      skills: many(back('Skill', 'builtBy'), NAME),
      technologies: many(back('Technology', 'advances'), NAME),
      challenges: many(back('Challenge', 'addressedBy'), NAME),
      caseStudies: many(back('CaseStudy', 'illustrates'), NAME),
      questions: many(back('ReviewQuestion', 'checks'), by('id')),
      terms: many(back('Term', 'concept'), NAME),
      facts: many(back('Fact', 'about'), by('id')),
      objectives: many(back('LearningObjective', 'concepts'), by('id')),
      specializations: many(back('Specialization', 'concepts'), NAME),
      careerPaths: withEdge(many(back('CareerPath', 'concepts'), onEdge('weight'), NAME), 'role', { weight: 'weight' }),
      mentionedBy: many(fromAny('COVERS', 'concept'), by('id')),
    },
  },
  TradeOff: {
    order: [NAME],
    filters: { chapter: ref(link('TradeOff', 'chapters')) },
    fields: {
      chapters: many(link('TradeOff', 'chapters'), by('number')),
      balances: many(link('TradeOff', 'balances'), NAME),
      resolvedBy: many(link('TradeOff', 'resolvedBy'), NAME),
    },
  },
  PipelineStage: {
    order: [by('order')],
    fields: {
      tools: many(link('PipelineStage', 'tools'), NAME),
      concepts: many(link('PipelineStage', 'concepts'), NAME),
    },
  },
  Practice: {
    order: [NAME],
    fields: { tools: many(link('Practice', 'tools'), NAME), concepts: many(link('Practice', 'concepts'), NAME) },
  },
  SystemComponent: { order: [by('id')] },
  DeploymentTarget: { order: [by('id')], fields: { concepts: many(link('DeploymentTarget', 'concepts'), NAME) } },
  DeploymentKind: { order: [by('id')], fields: { concepts: many(link('DeploymentKind', 'concepts'), NAME) } },
  SystemObjective: { order: [NAME], fields: { concepts: many(link('SystemObjective', 'concepts'), NAME) } },
  OptimizationTechnique: {
    order: [NAME],
    fields: {
      figures: many(link('OptimizationTechnique', 'figures'), by('id')),
      concepts: many(link('OptimizationTechnique', 'concepts'), NAME),
    },
  },
  Tool: {
    order: [lower('name')],
    filters: { category: eq('category') },
    fields: {
      concepts: many(link('Tool', 'implements'), NAME),
      roles: many(back('CareerPath', 'tools'), NAME),
      projects: many(back('OpenSourceProject', 'tools'), NAME),
      technologies: many(back('Technology', 'tools'), NAME),
      stages: many(back('PipelineStage', 'tools'), by('order')),
      practices: many(back('Practice', 'tools'), NAME),
    },
  },
  Fact: {
    order: [by('id')],
    filters: { concept: ref(link('Fact', 'about')) },
    fields: {
      concepts: many(link('Fact', 'about'), NAME),
      conflictsWith: many(both(link('Fact', 'conflictsWith')), by('id')),
      techniques: many(back('OptimizationTechnique', 'figures'), NAME),
    },
  },
  CareerPath: {
    order: [NAME],
    fields: {
      tools: many(link('CareerPath', 'tools'), NAME),
      skills: withEdge(many(edgeList('NEEDS'), NAME), 'skill', { level: 'level', derivation: 'rule' }),
      coreConcepts: withEdge(
        many(link('CareerPath', 'concepts'), onEdge('weight'), by('chapterNumber'), by('position')),
        'concept',
        { weight: 'weight' },
      ),
      specializations: many(back('Specialization', 'roles'), NAME),
    },
  },
  Skill: {
    order: [NAME],
    fields: {
      concepts: many(link('Skill', 'builtBy'), NAME),
      roles: withEdge(many(flip(edgeList('NEEDS'), 'CareerPath'), NAME), 'role', {
        level: 'level',
        derivation: 'rule',
      }),
    },
  },
  Specialization: {
    order: [NAME],
    fields: {
      concepts: many(link('Specialization', 'concepts'), NAME),
      roles: many(link('Specialization', 'roles'), NAME),
    },
  },
  Technology: {
    order: [NAME],
    fields: { concepts: many(link('Technology', 'advances'), NAME), tools: many(link('Technology', 'tools'), NAME) },
  },
  Paper: {
    order: [by('year'), by('title')],
    filters: { year: eq('year'), yearFrom: { op: 'gte', prop: 'year' }, yearTo: { op: 'lte', prop: 'year' } },
    fields: { concepts: many(link('Paper', 'about'), NAME) },
  },
  Resource: {
    order: [by('kind'), NAME],
    filters: { kind: eq('kind') },
    fields: { concepts: many(link('Resource', 'teaches'), NAME) },
  },
  OpenSourceProject: {
    order: [NAME],
    fields: {
      tools: many(link('OpenSourceProject', 'tools'), NAME),
      concepts: many(link('OpenSourceProject', 'concepts'), NAME),
    },
  },
  Challenge: {
    order: [NAME],
    fields: {
      directions: many(link('Challenge', 'directions'), onEdge('order')),
      concepts: many(link('Challenge', 'addressedBy'), NAME),
    },
  },
  ResearchDirection: { order: [by('id')], fields: { challenge: one(back('Challenge', 'directions')) } },
  IndustryTrend: { order: [NAME] },
  OpenProblem: { order: [NAME] },
  Era: { order: [by('order')], fields: { milestones: many(back('Milestone', 'era'), by('year')) } },
  Milestone: {
    order: [by('year'), NAME],
    filters: {
      era: ref(link('Milestone', 'era')),
      yearFrom: { op: 'gte', prop: 'year' },
      yearTo: { op: 'lte', prop: 'year' },
    },
    fields: { era: one(link('Milestone', 'era')) },
  },
  CaseStudy: { order: [NAME], fields: { concepts: many(link('CaseStudy', 'illustrates'), NAME) } },
  Organization: { order: [lower('name')], filters: { kind: eq('kind') } },
};
