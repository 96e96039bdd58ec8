import {
  Kind,
  getNamedType,
  isLeafType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { storedProps } from '../db/nodes.js';
import { CATALOG, KIND_BY_TYPE, readsOf, type CatalogKind, type CatalogRelation } from './catalog.js';
import { keepsEdge, mayRepeat, orderBy, path, q } from '../db/cypher.js';

/**
 * Compiles a read operation over the catalog into one Cypher statement per root field whose rows already have the
 * response's shape (the response keys are the map keys), the way Hasura or PostGraphile compile GraphQL to SQL. The
 * selection tree below is the one intermediate form: stored properties and relationships are read by the Cypher;
 * a field with a resolver of its own (`sources`, JSON fields, fields with arguments) is a leaf whose resolver runs
 * during completion on the parent's stored properties, as grafast and graphql-jit do. What cannot be compiled exactly
 * as graphql-js would answer it throws Unplannable with the reason. Pure: documents and schema in, plans out.
 */

/** A field completed from a resolver: its own, or the default one reading the parent's property. */
export interface Resolved {
  key: string;
  def: GraphQLField<unknown, unknown>;
  node: FieldNode;
  parent: GraphQLObjectType;
  /** The selection on an object value; absent for leaves. */
  sub?: (Resolved | TypeName)[];
}

export interface TypeName {
  key: string;
  typename: string;
}

/** A value read from the row (or the connection object) under `from`. */
export interface Read {
  key: string;
  from: string;
  type: GraphQLOutputType;
  sub?: Selection[];
}

/** A resolver leaf on a node: its parent is the node's stored properties, read under SOURCE. */
export interface Leaf {
  key: string;
  leaf: Resolved;
}

export type Selection = Read | TypeName | Leaf;

export interface CompiledRoot {
  key: string;
  kind: CatalogKind;
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  /** `byId`: a node or null; `list`: a connection over a page of nodes. */
  mode: 'byId' | 'list';
  /** Cypher map expression over `n` giving each node with its response keys; undefined when no node field is read. */
  projection?: string;
  /** The fields selected on the root value (the node, or the connection). */
  sub: Selection[];
}

/** A root field outside the catalog (search, roadmap, node): a resolver leaf at the root, run by graphql-js. */
export interface ResolvedRoot {
  key: string;
  resolved: true;
}

export interface CompiledOperation {
  fields: (CompiledRoot | ResolvedRoot | TypeName)[];
  /** The operation cut down to its roots outside the catalog, for graphql-js; absent when there are none. */
  rest?: DocumentNode;
}

/** Why an operation runs through graphql-js instead: a short code (a metric label) and the detail. */
export type FallbackReason =
  'not-a-query' | 'directive' | 'fragment-on-other-type' | 'repeated-key' | 'abstract-type' | 'two-node-selections';

export class Unplannable extends Error {
  constructor(
    readonly reason: FallbackReason,
    detail: string,
  ) {
    super(detail);
  }
}

/** The row key under which a node carries the stored properties its resolver leaves read; never a GraphQL name. */
export const SOURCE = '$source';

const BY_LIST = new Map(CATALOG.map((k) => [k.listQuery, k]));
const BY_ID = new Map(CATALOG.map((k) => [k.byIdQuery, k]));
const TYPENAME = '__typename';

interface Ctx {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  /** Next Cypher variable number: joined neighbours share a subquery, so names must be unique per operation. */
  seq: number;
}

const keyOf = (f: FieldNode) => f.alias?.value ?? f.name.value;
const fresh = (ctx: Ctx) => `v${ctx.seq++}`;

/**
 * The fields selected on a type, through fragments on that very type. A directive (the field becomes
 * conditional), a fragment on another type or two selections under one response key are not compiled.
 */
function fieldsOf(
  set: SelectionSetNode | undefined,
  type: GraphQLObjectType | GraphQLInterfaceType,
  ctx: Ctx,
  out: FieldNode[] = [],
  keys = new Set<string>(),
): FieldNode[] {
  for (const sel of set?.selections ?? []) {
    if (sel.directives?.length)
      throw new Unplannable('directive', `@${sel.directives[0]!.name.value} on a selection of ${type.name}`);
    if (sel.kind === Kind.FIELD) {
      const key = keyOf(sel);
      if (keys.has(key)) throw new Unplannable('repeated-key', `"${key}" is selected twice on ${type.name}`);
      keys.add(key);
      out.push(sel);
      continue;
    }
    const fragment = sel.kind === Kind.INLINE_FRAGMENT ? sel : ctx.fragments[sel.name.value]!;
    const on = fragment.typeCondition?.name.value;
    if (on && on !== type.name)
      throw new Unplannable('fragment-on-other-type', `a fragment on ${on} inside ${type.name}`);
    fieldsOf(fragment.selectionSet, type, ctx, out, keys);
  }
  return out;
}

/** A field answered by resolvers (its own, then the default one below it), selection planned ahead. */
function resolved(def: GraphQLField<unknown, unknown>, node: FieldNode, parent: GraphQLObjectType, ctx: Ctx): Resolved {
  const named = getNamedType(def.type);
  const out: Resolved = { key: keyOf(node), def, node, parent };
  if (isLeafType(named)) return out;
  if (!isObjectType(named)) throw new Unplannable('abstract-type', `${parent.name}.${def.name} returns ${named.name}`);
  out.sub = fieldsOf(node.selectionSet, named, ctx).map((f) =>
    f.name.value === TYPENAME
      ? { key: keyOf(f), typename: named.name }
      : resolved(named.getFields()[f.name.value]!, f, named, ctx),
  );
  return out;
}

/** OPTIONAL MATCH joins collected for the list subquery being compiled, and the variables they bind. */
interface Scope {
  joins: string[];
  joined: string[];
}

/**
 * The map projection of node variable `v` (of `kind`, or of any kind under an interface type) with response keys,
 * and its selection. Inside a list subquery (`scope`), single-valued neighbours are joined into that subquery
 * instead of read by a subquery per row, as hand-written Cypher does; the seed guarantees a single-valued relation
 * at most one neighbour (tests/integration check it).
 */
function nodeValue(
  kind: CatalogKind | undefined,
  type: GraphQLObjectType | GraphQLInterfaceType,
  set: SelectionSetNode | undefined,
  v: string,
  ctx: Ctx,
  scope?: Scope,
): { cypher: string; sub: Selection[] } {
  const entries: string[] = [];
  const sub: Selection[] = [];
  let props: Set<string> | 'all' | undefined;
  for (const f of fieldsOf(set, type, ctx)) {
    const name = f.name.value;
    const key = keyOf(f);
    if (name === TYPENAME) {
      if (isObjectType(type)) sub.push({ key, typename: type.name });
      else {
        entries.push(`${q(key)}: [l IN labels(${v}) WHERE l <> 'Entity'][0]`);
        sub.push({ key, from: key, type: ctx.schema.getType('String') as GraphQLOutputType });
      }
      continue;
    }
    const def = type.getFields()[name]!;
    if (!isObjectType(type) && ctx.schema.getPossibleTypes(type).some((t) => t.getFields()[name]!.resolve))
      throw new Unplannable('abstract-type', `${type.name}.${name} has resolvers per type`);
    const rel = kind?.relations.find((r) => r.field === name);
    if (rel) {
      const nested = relationValue(rel, def, f, v, ctx, scope);
      entries.push(`${q(key)}: ${nested.cypher}`);
      sub.push({ key, from: key, type: def.type, sub: nested.sub });
    } else if (def.resolve && isObjectType(type)) {
      sub.push({ key, leaf: resolved(def, f, type, ctx) });
      const needs = readsOf(type.name, name);
      if (!needs) props = 'all';
      else if (props !== 'all') props = new Set([...(props ?? ['id']), ...needs]);
    } else {
      // Validation guarantees a leaf here: every object-valued field of a node has a resolver.
      entries.push(`${q(key)}: ${v}.${q(name)}`);
      sub.push({ key, from: key, type: def.type });
    }
  }
  if (props === 'all') entries.push(`${q(SOURCE)}: ${storedProps(v)}`);
  else if (props) entries.push(`${q(SOURCE)}: ${v} {${[...props].map((p) => `.${q(p)}`).join(', ')}}`);
  return { cypher: `${v} {${entries.join(', ')}}`, sub };
}

function nodeType(rel: CatalogRelation, def: GraphQLField<unknown, unknown>, ctx: Ctx) {
  if (!rel.target) return getNamedType(def.type) as GraphQLInterfaceType;
  return ctx.schema.getType(rel.target) as GraphQLObjectType;
}

/** A relationship field's value: the neighbour(s), or edge wrappers carrying the relationship's properties. */
function relationValue(
  rel: CatalogRelation,
  def: GraphQLField<unknown, unknown>,
  f: FieldNode,
  parent: string,
  ctx: Ctx,
  scope?: Scope,
): { cypher: string; sub: Selection[] } {
  const kind = rel.target ? KIND_BY_TYPE.get(rel.target) : undefined;
  const type = nodeType(rel, def, ctx);
  const n = fresh(ctx);
  if (scope && !rel.list && !rel.edge) {
    scope.joins.push(path(parent, rel.hops, n));
    scope.joined.push(n);
    return nodeValue(kind, type, f.selectionSet, n, ctx, scope);
  }
  // A list gets its own subquery and joins; a single neighbour outside any list subquery, a pattern comprehension.
  const inner: Scope = { joins: [], joined: [] };
  const r = keepsEdge(rel) ? fresh(ctx) : undefined;
  let item: { cypher: string; sub: Selection[] };
  if (!rel.edge) item = nodeValue(kind, type, f.selectionSet, n, ctx, rel.list ? inner : undefined);
  else {
    const wrapper = getNamedType(def.type) as GraphQLObjectType;
    const entries: string[] = [];
    const sub: Selection[] = [];
    for (const w of fieldsOf(f.selectionSet, wrapper, ctx)) {
      const key = keyOf(w);
      const name = w.name.value;
      const wType = wrapper.getFields()[name]?.type;
      if (name === TYPENAME) sub.push({ key, typename: wrapper.name });
      else if (name === rel.edge.node) {
        const node = nodeValue(kind, type, w.selectionSet, n, ctx, inner);
        entries.push(`${q(key)}: ${node.cypher}`);
        sub.push({ key, from: key, type: wType!, sub: node.sub });
      } else {
        entries.push(`${q(key)}: ${r}.${q(rel.edge.props[name]!)}`);
        sub.push({ key, from: key, type: wType! });
      }
    }
    item = { cypher: `{${entries.join(', ')}}`, sub };
  }
  const pattern = path(parent, rel.hops, n, r);
  if (!rel.list) return { cypher: `[${pattern} | ${item.cypher}][0]`, sub: item.sub };
  // Sorted before the projection: after `RETURN n {…}` the name `n` means the projected map, not the node, and an
  // order on a property the map leaves out would silently sort by null. Neighbours are distinct, as the loader's
  // are, unless the row is one relationship (an edge wrapper over one directed hop).
  const kept = [n, ...(r ? [r] : []), ...inner.joined].join(', ');
  const joins = inner.joins.map((j) => ` OPTIONAL MATCH ${j}`).join('');
  const distinct = mayRepeat(rel.hops, r !== undefined) || inner.joins.length ? 'DISTINCT ' : '';
  return {
    cypher: `COLLECT { MATCH ${pattern}${joins} WITH ${distinct}${kept} ORDER BY ${orderBy(rel.order, n, r)} RETURN ${item.cypher} }`,
    sub: item.sub,
  };
}

/** A connection's fields (read from the object `connection()` builds), with one node selection at most. */
function connectionPlan(kind: CatalogKind, set: SelectionSetNode | undefined, ctx: Ctx) {
  const connType = ctx.schema.getType(`${kind.type}Connection`) as GraphQLObjectType;
  const edgeType = ctx.schema.getType(`${kind.type}Edge`) as GraphQLObjectType;
  let projection: string | undefined;
  const nodes = (f: FieldNode) => {
    if (projection !== undefined)
      throw new Unplannable('two-node-selections', `${kind.listQuery} selects its nodes twice`);
    const node = nodeValue(kind, ctx.schema.getType(kind.type) as GraphQLObjectType, f.selectionSet, 'n', ctx);
    projection = node.cypher;
    return node.sub;
  };
  const plain = (type: GraphQLObjectType, set: SelectionSetNode | undefined): Selection[] =>
    fieldsOf(set, type, ctx).map((f) => {
      const name = f.name.value;
      if (name === TYPENAME) return { key: keyOf(f), typename: type.name };
      const def = type.getFields()[name]!;
      let sub: Selection[] | undefined;
      if (name === 'nodes' || (type === edgeType && name === 'node')) sub = nodes(f);
      else if (name === 'edges') sub = plain(edgeType, f.selectionSet);
      else if (name === 'pageInfo') sub = plain(ctx.schema.getType('PageInfo') as GraphQLObjectType, f.selectionSet);
      return { key: keyOf(f), from: name, type: def.type, sub };
    });
  const sub = plain(connType, set);
  return { projection, sub };
}

/** Compiles `operation` of `document`; throws Unplannable when any part of it needs graphql-js. */
export function compile(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): CompiledOperation {
  if (operation.operation !== 'query') throw new Unplannable('not-a-query', `a ${operation.operation}`);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const ctx: Ctx = { schema, fragments, seq: 0 };
  const queryType = schema.getQueryType()!;
  const rest: FieldNode[] = [];
  const fields = fieldsOf(operation.selectionSet, queryType, ctx).map((f): CompiledRoot | ResolvedRoot | TypeName => {
    const name = f.name.value;
    const key = keyOf(f);
    if (name === TYPENAME) return { key, typename: queryType.name };
    const field = queryType.getFields()[name]!;
    const byId = BY_ID.get(name);
    if (byId) {
      const node = nodeValue(byId, schema.getType(byId.type) as GraphQLObjectType, f.selectionSet, 'n', ctx);
      return { key, kind: byId, field, node: f, mode: 'byId', projection: node.cypher, sub: node.sub };
    }
    const list = BY_LIST.get(name);
    if (list) return { key, kind: list, field, node: f, mode: 'list', ...connectionPlan(list, f.selectionSet, ctx) };
    rest.push(f);
    return { key, resolved: true };
  });
  if (!rest.length) return { fields };
  const cut = { ...operation, selectionSet: { kind: Kind.SELECTION_SET, selections: rest } } as const;
  return { fields, rest: { kind: Kind.DOCUMENT, definitions: [cut, ...Object.values(fragments)] } };
}
