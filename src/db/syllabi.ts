import crypto from 'node:crypto';
import { badInput } from '../errors.js';
import type { Database } from './database.js';

/**
 * Saved syllabi: one `SavedSyllabus` node each (no relationships, so re-seeds leave them alone), holding what the
 * educator asked for and the plan they saved, both as JSON text, and who owns it (the API key's name).
 */
export interface SavedSyllabusRow {
  id: string;
  owner: string;
  title: string;
  /** The syllabus input, as JSON text. */
  input: string;
  /** The saved plan, as JSON text (see src/curriculum/saved.ts). */
  plan: string;
  createdAt: string;
  updatedAt: string;
  /** 1 when created, one more with each update. */
  version: number;
}

export interface SyllabusStamp {
  id: string;
  updatedAt: string;
}

let schemaReady: Promise<void> | undefined;
const ensureSchema = (db: Database) =>
  (schemaReady ??= db
    .write('CREATE CONSTRAINT savedsyllabus_id IF NOT EXISTS FOR (s:SavedSyllabus) REQUIRE s.id IS UNIQUE')
    .then(() => undefined)
    .catch((err) => {
      schemaReady = undefined;
      throw err;
    }));

const FIELDS = 's {.id, .owner, .title, .input, .plan, .createdAt, .updatedAt, .version} AS syllabus';

/** Creates a syllabus under a new id. */
async function createSyllabus(
  db: Database,
  row: Pick<SavedSyllabusRow, 'id' | 'owner' | 'title' | 'input' | 'plan'>,
): Promise<SavedSyllabusRow> {
  await ensureSchema(db);
  const rows = await db.write<{ syllabus: SavedSyllabusRow }>(
    `CREATE (s:SavedSyllabus {id: $id, owner: $owner, title: $title, input: $input, plan: $plan,
                              createdAt: toString(datetime()), updatedAt: toString(datetime()), version: 1})
     RETURN ${FIELDS}`,
    row,
  );
  return rows[0]!.syllabus;
}

/**
 * Replaces the input and plan of a syllabus the owner has; null when there is no syllabus with that id and owner.
 * `updatedAt` always moves forward, even within the same millisecond.
 */
async function updateSyllabus(
  db: Database,
  row: Pick<SavedSyllabusRow, 'id' | 'owner' | 'title' | 'input' | 'plan'>,
): Promise<SavedSyllabusRow | null> {
  await ensureSchema(db);
  const rows = await db.write<{ syllabus: SavedSyllabusRow }>(
    `MATCH (s:SavedSyllabus {id: $id, owner: $owner})
     WITH s, datetime() AS now, datetime(s.updatedAt) + duration({milliseconds: 1}) AS next
     SET s.title = $title, s.input = $input, s.plan = $plan, s.version = s.version + 1,
         s.updatedAt = toString(CASE WHEN now > next THEN now ELSE next END)
     RETURN ${FIELDS}`,
    row,
  );
  return rows[0]?.syllabus ?? null;
}

export async function readSyllabi(db: Database, ids: string[]): Promise<SavedSyllabusRow[]> {
  const rows = await db.read<{ syllabus: SavedSyllabusRow }>(
    `MATCH (s:SavedSyllabus) WHERE s.id IN $ids RETURN ${FIELDS} ORDER BY s.id`,
    { ids },
  );
  return rows.map((r) => r.syllabus);
}

/** Every syllabus's id and last change, oldest first: what caches of rendered syllabi compare. */
export async function syllabusStamps(db: Database): Promise<SyllabusStamp[]> {
  return db.read<SyllabusStamp>(
    'MATCH (s:SavedSyllabus) RETURN s.id AS id, s.updatedAt AS updatedAt ORDER BY s.createdAt, s.id',
  );
}

/** The newest syllabi first, a page at a time. */
export async function listSyllabi(
  db: Database,
  opts: { owner: string | null; skip: number; limit: number },
): Promise<{ total: number; syllabi: SavedSyllabusRow[] }> {
  const rows = await db.read<{ total: number; syllabi: SavedSyllabusRow[] }>(
    `CALL () {
       MATCH (s:SavedSyllabus) WHERE $owner IS NULL OR s.owner = $owner RETURN count(s) AS total
     }
     CALL () {
       MATCH (s:SavedSyllabus) WHERE $owner IS NULL OR s.owner = $owner
       WITH s ORDER BY s.updatedAt DESC, s.id SKIP toInteger($skip) LIMIT toInteger($limit)
       RETURN collect(s {.id, .owner, .title, .input, .plan, .createdAt, .updatedAt, .version}) AS syllabi
     }
     RETURN total, syllabi`,
    opts,
  );
  return rows[0]!;
}

async function countOwned(db: Database, owner: string): Promise<number> {
  const rows = await db.read<{ n: number }>('MATCH (s:SavedSyllabus {owner: $owner}) RETURN count(s) AS n', {
    owner,
  });
  return rows[0]!.n;
}

/**
 * Saves a syllabus for its owner: replaces the owner's syllabus `id`, or without an id creates one while the owner
 * has fewer than `maxPerOwner`. Refuses an id the owner does not have, and one syllabus too many (on "id").
 */
export async function saveSyllabus(
  db: Database,
  row: Pick<SavedSyllabusRow, 'owner' | 'title' | 'input' | 'plan'>,
  id: string | null,
  maxPerOwner: number,
): Promise<SavedSyllabusRow> {
  if (id) {
    const saved = await updateSyllabus(db, { ...row, id });
    if (!saved) throw badInput(`No syllabus "${id}" is saved under this key; leave "id" out to save a new one`, 'id');
    return saved;
  }
  const owned = await countOwned(db, row.owner);
  if (owned >= maxPerOwner)
    throw badInput(
      `A key saves at most ${maxPerOwner} syllabi and this one has ${owned}; update one by its "id" instead`,
      'id',
    );
  return createSyllabus(db, { ...row, id: crypto.randomUUID() });
}
