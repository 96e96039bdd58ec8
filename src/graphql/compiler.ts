import {
  GraphQLObjectType,
  Kind,
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { CATALOG, EDGE_WRAPPERS } from './catalog.js';
import type { CatalogKind, CatalogRelation } from './catalog-types.js';
import { relationExpression, singlePattern, targetKind } from './planner.js';

/**
 * Compiles a whole read operation over catalog kinds into Cypher whose rows already have the response's shape (the
 * response keys are the map keys), so the API answers it without graphql-js calling a resolver per field, the way
 * Hasura or PostGraphile compile GraphQL to SQL. Only what can be answered exactly as graphql-js would is compiled:
 * `byId` and list roots, stored properties without arguments or resolvers, catalog relationships, edge wrappers and
 * connection fields. For anything else `compile` returns undefined and the operation runs through the resolvers.
 * Pure: documents and schema in, Cypher and completion plans out.
 */

/** One selected field, as the completion step walks it. `from` is the key the value is read under. */
export interface Selection {
  key: string;
  from: string;
  type: GraphQLOutputType;
  /** The fields selected on an object value; absent for leaves. */
  sub?: Selection[];
}

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

export type CompiledField = CompiledRoot | { key: string; typename: true };

export interface CompiledOperation {
  fields: CompiledField[];
}

/** Thrown while completing a row that graphql-js would not serve as is (a null in a non-null field, a bad enum). */
export class NotExact extends Error {}

const BY_LIST = new Map(CATALOG.map((k) => [k.listQuery, k]));
const BY_ID = new Map(CATALOG.map((k) => [k.byIdQuery, k]));

/** Cypher names for a GraphQL name; GraphQL names are [_A-Za-z][_0-9A-Za-z]*, so backticks make any of them safe. */
const q = (name: string) => `\`${name}\``;

interface Ctx {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  /** Next Cypher variable number: joined neighbours share a subquery, so names must be unique per operation. */
  seq: number;
}

const keyOf = (f: FieldNode) => f.alias?.value ?? f.name.value;

/**
 * The fields selected on an object type, through fragments on that very type. Undefined (do not compile) when a
 * directive makes a field conditional, a fragment names another type, or two selections share a response key.
 */
function fieldsOf(
  set: SelectionSetNode | undefined,
  typeName: string,
  ctx: Ctx,
  out: FieldNode[] = [],
  keys = new Set<string>(),
): FieldNode[] | undefined {
  for (const sel of set?.selections ?? []) {
    if (sel.directives?.length) return undefined;
    if (sel.kind === Kind.FIELD) {
      const key = keyOf(sel);
      if (keys.has(key)) return undefined;
      keys.add(key);
      out.push(sel);
      continue;
    }
    const fragment = sel.kind === Kind.INLINE_FRAGMENT ? sel : ctx.fragments[sel.name.value];
    if (!fragment || (fragment.typeCondition && fragment.typeCondition.name.value !== typeName)) return undefined;
    if (!fieldsOf(fragment.selectionSet, typeName, ctx, out, keys)) return undefined;
  }
  return out;
}

const TYPENAME = '__typename';
/** `__typename` is written by the completion step, which knows the concrete type; Cypher does not carry it. */
const typename = (key: string, ctx: Ctx): Selection => ({
  key,
  from: TYPENAME,
  type: ctx.schema.getType('String') as GraphQLOutputType,
});

function objectType(ctx: Ctx, name: string): GraphQLObjectType | undefined {
  const type = ctx.schema.getType(name);
  return type instanceof GraphQLObjectType ? type : undefined;
}

/** OPTIONAL MATCH joins collected for the list subquery being compiled, and the variables they bind. */
interface Scope {
  joins: string[];
  joined: string[];
}

const fresh = (ctx: Ctx) => `v${ctx.seq++}`;

/**
 * Projection of node variable `v` of `kind` with response keys, and its completion plan. Inside a list subquery
 * (`scope`), single-valued neighbours are joined into that subquery instead of read by a subquery per row, which is
 * what hand-written Cypher does; it relies on a single-valued relation having at most one neighbour, which the seed
 * guarantees and tests/integration check.
 */
function nodeProjection(
  kind: CatalogKind,
  set: SelectionSetNode | undefined,
  v: string,
  ctx: Ctx,
  scope?: Scope,
): { cypher: string; sub: Selection[] } | undefined {
  const type = objectType(ctx, kind.type);
  const fields = type && fieldsOf(set, kind.type, ctx);
  if (!type || !fields) return undefined;
  const entries: string[] = [];
  const sub: Selection[] = [];
  for (const f of fields) {
    const name = f.name.value;
    const key = keyOf(f);
    if (name === TYPENAME) {
      sub.push(typename(key, ctx));
      continue;
    }
    const def = type.getFields()[name];
    if (!def || f.arguments?.length) return undefined;
    const rel = kind.relations.find((r) => r.field === name);
    if (rel) {
      const nested = relationValue(rel, def, f, v, ctx, scope);
      if (!nested) return undefined;
      entries.push(`${q(key)}: ${nested.cypher}`);
      sub.push({ key, from: key, type: def.type, sub: nested.sub });
    } else if (!def.resolve && isLeafType(getNamedType(def.type))) {
      entries.push(`${q(key)}: ${v}.${q(name)}`);
      sub.push({ key, from: key, type: def.type });
    } else {
      return undefined;
    }
  }
  return { cypher: `${v} {${entries.join(', ')}}`, sub };
}

/** A relationship field's value: the neighbour(s), or edge wrappers carrying the relationship's property. */
function relationValue(
  rel: CatalogRelation,
  def: GraphQLField<unknown, unknown>,
  f: FieldNode,
  parent: string,
  ctx: Ctx,
  scope?: Scope,
) {
  const target = targetKind(rel);
  if (!target) return undefined;
  if (scope && !rel.list && !rel.edge) {
    const n = fresh(ctx);
    scope.joins.push(singlePattern(rel, parent, n));
    scope.joined.push(n);
    return nodeProjection(target, f.selectionSet, n, ctx, scope);
  }
  // A list gets its own subquery and joins; a single neighbour outside any list subquery, a pattern comprehension.
  const inner: Scope | undefined = rel.list ? { joins: [], joined: [] } : undefined;
  let sub: Selection[] | undefined;
  const item = (n: string, r: string) => {
    if (!rel.edge) {
      const node = nodeProjection(target, f.selectionSet, n, ctx, inner);
      sub = node?.sub;
      return node?.cypher;
    }
    const wrapperName = getNamedType(def.type).name;
    const wrapper = EDGE_WRAPPERS[wrapperName];
    const wrapperType = objectType(ctx, wrapperName);
    const fields = wrapper && wrapperType && fieldsOf(f.selectionSet, wrapperName, ctx);
    if (!fields) return undefined;
    const entries: string[] = [];
    const selections: Selection[] = [];
    for (const w of fields) {
      const key = keyOf(w);
      const name = w.name.value;
      if (name === TYPENAME) {
        selections.push(typename(key, ctx));
        continue;
      }
      const type = wrapperType!.getFields()[name]?.type;
      if (!type || w.arguments?.length) return undefined;
      if (name === wrapper!.node) {
        const node = nodeProjection(target, w.selectionSet, n, ctx, inner);
        if (!node) return undefined;
        entries.push(`${q(key)}: ${node.cypher}`);
        selections.push({ key, from: key, type, sub: node.sub });
        continue;
      }
      if (name === wrapper!.edge) entries.push(`${q(key)}: ${r}.${q(rel.edge)}`);
      else if (name === wrapper!.rule) entries.push(`${q(key)}: ${r}.rule`);
      else return undefined;
      selections.push({ key, from: key, type });
    }
    sub = selections;
    return `{${entries.join(', ')}}`;
  };
  const cypher = relationExpression(rel, parent, { n: fresh(ctx), r: fresh(ctx) }, item, inner);
  return cypher && sub ? { cypher, sub } : undefined;
}

/** A connection's fields (read from the object `connection()` builds), with one node selection at most. */
function connectionPlan(
  kind: CatalogKind,
  set: SelectionSetNode | undefined,
  ctx: Ctx,
): { projection?: string; sub: Selection[] } | undefined {
  const connType = objectType(ctx, `${kind.type}Connection`);
  const edgeType = objectType(ctx, `${kind.type}Edge`);
  const top = connType && edgeType && fieldsOf(set, connType.name, ctx);
  if (!top) return undefined;
  let projection: string | undefined;
  /** The node selection is planned once; a second one (nodes and edges.node both, or aliases) is not compiled. */
  const nodes = (f: FieldNode) => {
    if (projection !== undefined) return undefined;
    const node = nodeProjection(kind, f.selectionSet, 'n', ctx);
    projection = node?.cypher;
    return node?.sub;
  };
  const plain = (type: GraphQLObjectType, fields: FieldNode[]): Selection[] | undefined => {
    const out: Selection[] = [];
    for (const f of fields) {
      const name = f.name.value;
      if (name === TYPENAME) {
        out.push(typename(keyOf(f), ctx));
        continue;
      }
      const def = type.getFields()[name];
      if (!def || f.arguments?.length) return undefined;
      let sub: Selection[] | undefined;
      if (name === 'nodes' || (type === edgeType && name === 'node')) sub = nodes(f);
      else if (name === 'edges' || name === 'pageInfo') {
        const subType = name === 'edges' ? edgeType! : objectType(ctx, 'PageInfo')!;
        const subFields = fieldsOf(f.selectionSet, subType.name, ctx);
        sub = subFields && plain(subType, subFields);
      }
      if (!isLeafType(getNamedType(def.type)) && !sub) return undefined;
      out.push({ key: keyOf(f), from: name, type: def.type, sub });
    }
    return out;
  };
  const sub = plain(connType, top);
  return sub && { projection, sub };
}

/** Compiles `operation` of `document`, or returns undefined when any part of it needs the resolvers. */
export function compile(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): CompiledOperation | undefined {
  if (operation.operation !== 'query') return undefined;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const ctx: Ctx = { schema, fragments, seq: 0 };
  const queryType = schema.getQueryType()!;
  const roots = fieldsOf(operation.selectionSet, queryType.name, ctx);
  if (!roots) return undefined;
  const fields: CompiledField[] = [];
  for (const f of roots) {
    const name = f.name.value;
    if (name === '__typename') {
      fields.push({ key: keyOf(f), typename: true });
      continue;
    }
    const field = queryType.getFields()[name];
    const byId = BY_ID.get(name);
    const list = BY_LIST.get(name);
    if (!field || (!byId && !list)) return undefined;
    if (byId) {
      const node = nodeProjection(byId, f.selectionSet, 'n', ctx);
      if (!node) return undefined;
      fields.push({ key: keyOf(f), kind: byId, field, node: f, mode: 'byId', projection: node.cypher, sub: node.sub });
    } else {
      const conn = connectionPlan(list!, f.selectionSet, ctx);
      if (!conn) return undefined;
      fields.push({
        key: keyOf(f),
        kind: list!,
        field,
        node: f,
        mode: 'list',
        projection: conn.projection,
        sub: conn.sub,
      });
    }
  }
  return { fields };
}

/**
 * Completes a value read for `type` the way graphql-js does once resolvers have run: leaves go through the type's
 * `serialize`, objects keep the selection's key order. Where graphql-js would report an error (a null in a non-null
 * field, a value a scalar or enum refuses) it throws NotExact, and the caller runs the operation through graphql-js.
 */
export function complete(type: GraphQLOutputType, value: unknown, sub: Selection[] | undefined): unknown {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) throw new NotExact();
    return complete(type.ofType, value, sub);
  }
  if (value === null || value === undefined) return null;
  if (isListType(type)) {
    if (!Array.isArray(value)) throw new NotExact();
    return value.map((item) => complete(type.ofType, item, sub));
  }
  if (isLeafType(type)) {
    let out: unknown;
    try {
      out = type.serialize(value);
    } catch {
      throw new NotExact();
    }
    if (out === undefined) throw new NotExact();
    return out;
  }
  return completeObject(getNamedType(type).name, value as Record<string, unknown>, sub ?? []);
}

function completeObject(typeName: string, source: Record<string, unknown>, sub: Selection[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of sub) out[s.key] = s.from === TYPENAME ? typeName : complete(s.type, source[s.from], s.sub);
  return out;
}
