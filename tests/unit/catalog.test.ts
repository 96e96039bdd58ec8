import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  type GraphQLObjectType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CATALOG, readsOf } from '../../src/graphql/catalog.js';
import { executableSchema } from '../../src/graphql/schema.js';
import { EDGE_LISTS, KINDS, type Hop, type KindSpec } from '../../src/seed/kinds.js';

/**
 * The catalog (derived from src/seed/kinds.ts), the seed schemas and the SDL (schema/*.graphql) describe one model;
 * this fails when one of them changes without the others.
 */
const schema = executableSchema();
const labelOf = (prefix: string) => KINDS.find((k) => k.prefix === prefix)!.label;

/** Every relationship the loader writes, as [from label, type, to label], with the seed field that states it. */
const STORED: { from: string; type: string; to: string; owner?: KindSpec; field?: string }[] = [
  ...KINDS.flatMap((k) =>
    k.rels.flatMap((r) =>
      r.to.map((prefix) => ({
        from: r.reverse ? labelOf(prefix) : k.label,
        type: r.type,
        to: r.reverse ? k.label : labelOf(prefix),
        owner: k,
        field: r.field,
      })),
    ),
  ),
  ...KINDS.flatMap((k) => (k.children ?? []).map((c) => ({ from: k.label, type: c.type, to: c.label }))),
  ...EDGE_LISTS.map((e) => ({ from: labelOf(e.from.prefix), type: e.type, to: labelOf(e.to.prefix) })),
];

/** Whether the loader writes a relationship `hop` can follow from a `near` node. */
function stored(near: string, hop: Hop): boolean {
  return STORED.some(
    (s) =>
      s.type === hop.type &&
      ((hop.direction !== 'in' && s.from === near && (hop.target === null || s.to === hop.target)) ||
        (hop.direction !== 'out' && s.to === near && (hop.target === null || s.from === hop.target))),
  );
}

/** Whether a seed field holds a list of ids (zod: an array, perhaps optional or defaulted). */
function isListField(schemaOf: z.ZodType, field: string): boolean {
  let t = (schemaOf as unknown as { shape: Record<string, z.ZodType> }).shape[field] as unknown as {
    _zod: { def: { type: string; innerType?: unknown } };
  };
  while (t._zod.def.type === 'optional' || t._zod.def.type === 'default') t = t._zod.def.innerType as typeof t;
  return t._zod.def.type === 'array';
}

describe('the catalog, the seed and the SDL agree', () => {
  it('has a kind for every label the seed writes, each with its queries in the SDL', () => {
    const labels = [...KINDS.map((k) => k.label), ...KINDS.flatMap((k) => k.children?.map((c) => c.label) ?? [])];
    expect(CATALOG.map((k) => k.label).sort()).toEqual(labels.sort());
    const query = schema.getQueryType()!.getFields();
    for (const kind of CATALOG) {
      expect(isObjectType(schema.getType(kind.type)), kind.type).toBe(true);
      expect(String(query[kind.byIdQuery]?.type), kind.byIdQuery).toBe(kind.type);
      const list = query[kind.listQuery];
      expect(String(list?.type), kind.listQuery).toBe(`${kind.type}Connection!`);
      for (const { arg } of kind.filters)
        expect(
          list!.args.some((a) => a.name === arg),
          `${kind.listQuery}(${arg})`,
        ).toBe(true);
    }
  });

  it('follows only relationships the loader writes, and their cardinality', () => {
    for (const kind of CATALOG) {
      for (const rel of kind.relations) {
        let near = kind.label;
        for (const hop of rel.hops) {
          expect(stored(near, hop), `${rel.key}: ${near} ${hop.direction} ${hop.type} ${hop.target}`).toBe(true);
          near = hop.target ?? '';
        }
        // A field stated on this kind's seed items: a single id is a single-valued field, a list of ids a list.
        const [hop] = rel.hops;
        const own = STORED.find((s) => s.owner?.label === kind.label && s.type === hop!.type && s.to === hop!.target);
        if (rel.hops.length === 1 && hop!.direction === 'out' && own)
          expect(isListField(own.owner!.schema, own.field!), rel.key).toBe(rel.list);
      }
    }
  });

  it('declares in the SDL each relation with its list-ness, its target type and its edge properties', () => {
    for (const kind of CATALOG) {
      const fields = (schema.getType(kind.type) as GraphQLObjectType).getFields();
      for (const rel of kind.relations) {
        const field = fields[rel.field];
        expect(field, rel.key).toBeDefined();
        expect(isListType(getNullableType(field!.type)), rel.key).toBe(rel.list);
        let named = getNamedType(field!.type);
        if (rel.edge) {
          const wrapper = (named as GraphQLObjectType).getFields();
          expect(Object.keys(wrapper).sort(), rel.key).toEqual([rel.edge.node, ...Object.keys(rel.edge.props)].sort());
          named = getNamedType(wrapper[rel.edge.node]!.type);
        }
        if (rel.target) expect(named.name, rel.key).toBe(rel.target);
        else expect(isInterfaceType(named), rel.key).toBe(true);
      }
    }
  });

  it('leaves no object field of a kind undeclared: each is a relation, or a resolver that says what it reads', () => {
    const undeclared: string[] = [];
    for (const kind of CATALOG) {
      const fields = (schema.getType(kind.type) as GraphQLObjectType).getFields();
      for (const field of Object.values(fields)) {
        if (field.args.length || isLeafType(getNamedType(field.type))) continue;
        const relation = kind.relations.some((r) => r.field === field.name);
        if (!relation && !readsOf(kind.type, field.name)) undeclared.push(`${kind.type}.${field.name}`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});
