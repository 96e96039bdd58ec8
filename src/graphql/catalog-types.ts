/** A relationship field of a GraphQL type, read through a per-request DataLoader. */
export interface CatalogRelation {
  field: string;
  /** Cypher pattern from the parent `s` to the neighbour `n` (and, for edge properties, the relationship `r`). */
  pattern: string;
  /** Cypher ORDER BY expression over `n` (and `r`). */
  order: string;
  list: boolean;
  /** A single-valued field that may be absent. */
  nullable: boolean;
  /** Relationship property exposed beside the neighbour (Prerequisite.reason, SkillRequirement.level). */
  edge: string | null;
}

export interface CatalogKind {
  type: string;
  label: string;
  listQuery: string;
  byIdQuery: string;
  order: string;
  filters: { arg: string; cypher: string }[];
  relations: CatalogRelation[];
}
