import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { CATALOG, EDGE_WRAPPERS } from './catalog.js';
import type { CatalogKind, CatalogRelation } from './catalog-types.js';

/**
 * Plans a nested read as one Cypher statement: a selection set over catalog kinds becomes a map projection with a
 * COLLECT subquery per relationship field, so a page of concepts with their chapters and prerequisites costs one
 * round trip instead of one per level. Fields it cannot plan (arguments, interfaces, directives) are left to the
 * per-request DataLoaders, which the resolvers use whenever a planned value is absent. Pure: text in, text out.
 */

const BY_TYPE = new Map(CATALOG.map((k) => [k.type, k]));
const BY_LABEL = new Map(CATALOG.map((k) => [k.label, k]));
/** The object field of an edge wrapper type (Prerequisite.concept, SkillRequirement.skill, RoleRequirement.role). */
const EDGE_NODE_FIELDS = new Set(Object.values(EDGE_WRAPPERS).map((w) => w.node));

export const PLANNED = '__planned';

export interface PlanContext {
  fragments: Record<string, FragmentDefinitionNode>;
}

/** Fields selected on a type, through fragments; undefined when a directive makes the selection conditional. */
function collect(
  set: SelectionSetNode | undefined,
  typeName: string,
  ctx: PlanContext,
  out: FieldNode[] = [],
): FieldNode[] | undefined {
  for (const sel of set?.selections ?? []) {
    if (sel.directives?.length) return undefined;
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (sel.typeCondition && sel.typeCondition.name.value !== typeName) continue;
      if (!collect(sel.selectionSet, typeName, ctx, out)) return undefined;
    } else {
      const fragment = ctx.fragments[sel.name.value];
      if (!fragment || fragment.typeCondition.name.value !== typeName) continue;
      if (!collect(fragment.selectionSet, typeName, ctx, out)) return undefined;
    }
  }
  return out;
}

export function targetKind(rel: CatalogRelation): CatalogKind | undefined {
  const label = /\(n:(\w+)\)/.exec(rel.pattern)?.[1];
  return label ? BY_LABEL.get(label) : undefined;
}

/** The pattern and order of a relation, with `s`, `n`, `r` renamed to the given variables. */
function bindRelation(rel: CatalogRelation, parent: string, node: string, edge: string) {
  const pattern = rel.pattern
    .replace(/\((s|n)([:)])/g, (_m, v: string, rest: string) => `(${v === 's' ? parent : node}${rest}`)
    .replace(/\[r:/g, `[${edge}:`);
  const order = rel.order.replace(/\bn\./g, `${node}.`).replace(/\br\./g, `${edge}.`);
  return { pattern, order, hasEdge: /\[r:/.test(rel.pattern) };
}

/**
 * A Cypher map projection of variable `v` (a node of `kind`) for the selected fields, or undefined if nothing
 * about the selection can be planned. Always includes id and __typename.
 */
export function projection(kind: CatalogKind, fields: FieldNode[], v: string, depth: number, ctx: PlanContext): string {
  const props = new Set<string>(['id']);
  const planned: string[] = [];
  for (const field of fields) {
    const name = field.name.value;
    if (name === '__typename') continue;
    const rel = kind.relations.find((r) => r.field === name);
    if (!rel) {
      // A property: a scalar, or a value object kept as JSON (salary, facets, sources). Fields with arguments are
      // computed by their resolvers from the id.
      if (!field.arguments?.length) props.add(name);
      continue;
    }
    const nested = planRelation(rel, field, v, depth + 1, ctx);
    if (nested) planned.push(`${name}: ${nested}`);
  }
  const entries = [...props].map((p) => `.${p}`);
  entries.push(`__typename: '${kind.type}'`);
  if (planned.length) entries.push(`${PLANNED}: {${planned.join(', ')}}`);
  return `${v} {${entries.join(', ')}}`;
}

function planRelation(
  rel: CatalogRelation,
  field: FieldNode,
  parent: string,
  depth: number,
  ctx: PlanContext,
): string | undefined {
  const target = targetKind(rel);
  if (!target || field.arguments?.length) return undefined;
  let nodeFields: FieldNode[] | undefined;
  if (rel.edge) {
    const wrapper = collect(field.selectionSet, '', ctx);
    const nodeField = wrapper?.find((f) => EDGE_NODE_FIELDS.has(f.name.value));
    nodeFields = nodeField ? collect(nodeField.selectionSet, target.type, ctx) : [];
    if (!wrapper || !nodeFields) return undefined;
  } else {
    nodeFields = collect(field.selectionSet, target.type, ctx);
    if (!nodeFields) return undefined;
  }
  return relationExpression(rel, parent, { n: `n${depth}`, r: `r${depth}` }, (n, r) => {
    const node = projection(target, nodeFields, n, depth, ctx);
    return rel.edge ? `{node: ${node}, edge: ${r}.${rel.edge}, rule: ${r}.rule}` : node;
  });
}

/**
 * The Cypher value of relationship field `rel` read from variable `parent`: `item`, an expression over the neighbour
 * and relationship variables `n` and `r`, for the one neighbour or for every neighbour in the relation's order.
 * `scope.joins` are OPTIONAL MATCH patterns matched per neighbour before the sort; they bind the `scope.joined`
 * variables `item` may read (single neighbours of the neighbour, as the compiler joins them).
 */
export function relationExpression(
  rel: CatalogRelation,
  parent: string,
  vars: { n: string; r: string },
  item: (node: string, edge: string) => string | undefined,
  scope: { joins: string[]; joined: string[] } = { joins: [], joined: [] },
): string | undefined {
  const { n, r } = vars;
  const { pattern, order, hasEdge } = bindRelation(rel, parent, n, r);
  const value = item(n, r);
  if (value === undefined) return undefined;
  // A single-valued field (a concept's chapter) has one neighbour: a pattern comprehension is the cheapest read.
  if (!rel.list) return `[${pattern} | ${value}][0]`;
  // Sorted before the projection: after `RETURN n {…}` the name `n` means the projected map, not the node, and an
  // order on a property the map leaves out would silently sort by null. Neighbours are distinct, as the loader's are
  // (db/nodes.ts): only a single directed hop cannot reach one twice; an undirected one does whenever the edge
  // exists both ways (concepts related to each other), and longer paths can.
  const kept = [n, ...(hasEdge ? [r] : []), ...scope.joined].join(', ');
  const joins = scope.joins.map((j) => ` OPTIONAL MATCH ${j}`).join('');
  return `COLLECT { MATCH ${pattern}${joins} WITH ${directedOneHop(pattern) ? '' : 'DISTINCT '}${kept} ORDER BY ${order}, ${n}.id RETURN ${value} }`;
}

/** Whether a pattern is one relationship with a direction: `(a)-[:T]->(b)` or `(a)<-[:T]-(b)`. */
export function directedOneHop(pattern: string): boolean {
  const hops = pattern.match(/<?-\[[^\]]*\]->?/g) ?? [];
  return hops.length === 1 && hops[0]!.startsWith('<') !== hops[0]!.endsWith('>');
}

/** The pattern of a single-valued relation from `parent` to `n`, for an OPTIONAL MATCH join. */
export function singlePattern(rel: CatalogRelation, parent: string, n: string): string {
  return bindRelation(rel, parent, n, `${n}r`).pattern;
}

/** Plans the selection of a kind's node (for `concept(id)`) or of a connection's nodes and edges (for `concepts`). */
export function planNode(
  typeName: string,
  set: SelectionSetNode | undefined,
  v: string,
  ctx: PlanContext,
): string | undefined {
  const kind = BY_TYPE.get(typeName);
  const fields = kind && collect(set, typeName, ctx);
  return kind && fields ? projection(kind, fields, v, 0, ctx) : undefined;
}

export function planConnection(
  typeName: string,
  set: SelectionSetNode | undefined,
  v: string,
  ctx: PlanContext,
): string | undefined {
  const top = collect(set, `${typeName}Connection`, ctx);
  if (!top) return undefined;
  const nodeFields: FieldNode[] = [];
  for (const f of top) {
    if (f.name.value === 'nodes') {
      const sub = collect(f.selectionSet, typeName, ctx);
      if (!sub) return undefined;
      nodeFields.push(...sub);
    } else if (f.name.value === 'edges') {
      const edgeFields = collect(f.selectionSet, `${typeName}Edge`, ctx);
      if (!edgeFields) return undefined;
      for (const e of edgeFields.filter((x) => x.name.value === 'node')) {
        const sub = collect(e.selectionSet, typeName, ctx);
        if (!sub) return undefined;
        nodeFields.push(...sub);
      }
    }
  }
  const kind = BY_TYPE.get(typeName);
  return kind ? projection(kind, nodeFields, v, 0, ctx) : undefined;
}
