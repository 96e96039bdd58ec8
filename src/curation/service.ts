import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { z } from 'zod';
import { WriteConflictError, type Database } from '../db/database.js';
import { commitChange, curationRevision, readOverlays, StaleRevisionError, type ChangeRecord } from '../db/curation.js';
import type { Logger } from '../logger.js';
import type { Embedder } from '../search/embedder.js';
import { embedChanged } from '../search/indexer.js';
import { buildGraph, type SeedGraph, type SeedProblem } from '../seed/graph.js';
import { readSeedDirInTurns, SEED_DIR, type SeedFile } from '../seed/read.js';
import { DIFFICULTIES, idOf } from '../seed/schema.js';
import { diffGraphs } from '../seed/diff.js';
import {
  applyOverlays,
  markOrigins,
  type ConceptFields,
  type ConceptOverlay,
  type Overlay,
  type ResourceOverlay,
} from '../seed/overlay.js';

export type UserErrorCode = 'INVALID' | 'NOT_FOUND' | 'ALREADY_EXISTS' | 'CYCLE';

export interface UserError {
  /** The input path of the field at fault, e.g. ["input", "prerequisite"]. */
  field: string[];
  message: string;
  code: UserErrorCode;
}

export interface CurationResult {
  /** The node the change is about. */
  id: string;
  change: ChangeRecord | null;
  userErrors: UserError[];
}

const name = z.string().trim().min(1).max(200);
const fields = {
  name,
  definition: z.string().trim().min(1).max(4000),
  aliases: z.array(name).max(20),
  chapter: idOf('chapter'),
  difficulty: z.enum(DIFFICULTIES),
  hours: z.number().min(0.5).max(40),
};
const reason = z.string().trim().min(1).max(1000);
const conceptId = idOf('concept');

export const INPUTS = {
  createConcept: z.strictObject({
    id: conceptId.optional(),
    ...fields,
    aliases: fields.aliases.default([]),
    prerequisites: z
      .array(z.strictObject({ concept: conceptId, reason }))
      .max(50)
      .default([]),
  }),
  updateConcept: z.strictObject({
    id: conceptId,
    name: fields.name.optional(),
    definition: fields.definition.optional(),
    aliases: fields.aliases.optional(),
    chapter: fields.chapter.optional(),
    difficulty: fields.difficulty.optional(),
    hours: fields.hours.optional(),
  }),
  addPrerequisite: z.strictObject({ concept: conceptId, prerequisite: conceptId, reason }),
  removePrerequisite: z.strictObject({ concept: conceptId, prerequisite: conceptId }),
  linkResource: z.strictObject({ resource: idOf('resource'), concept: conceptId }),
  unlinkResource: z.strictObject({ resource: idOf('resource'), concept: conceptId }),
};
export type Action = keyof typeof INPUTS;

const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);

/** What history shows of a node: its own fields and the links curators can change. */
function snapshot(graph: SeedGraph, id: string): Record<string, unknown> | null {
  const node = graph.nodes.find((n) => n.id === id);
  if (!node) return null;
  const out = (type: string) => graph.edges.filter((e) => e.type === type && e.from === id);
  if (node.label === 'Resource')
    return {
      name: node.props.name,
      teaches: out('TEACHES')
        .map((e) => e.to)
        .sort(),
    };
  const { name, definition, aliases, difficulty, hours } = node.props;
  return {
    name,
    definition,
    aliases,
    difficulty,
    hours,
    chapter: out('INTRODUCED_IN')[0]?.to,
    requires: out('REQUIRES').map((e) => ({ id: e.to, reason: e.props.reason })),
  };
}

const error = (field: string, message: string, code: UserErrorCode): UserError => ({
  field: ['input', field],
  message,
  code,
});

/**
 * A graph build takes 200-450 ms of CPU and a diff about 100 ms; a write yields between them, so the process's other
 * requests, and the driver's connection handshakes with their 1 s timeout, are not held behind one block of a second.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Curation writes. Each one: validates the input, works out the node's new overlay, rebuilds the graph from the seed
 * files plus all overlays with the seed's own code (so every rule of the seed holds, cycles included), writes the
 * difference with the overlay and a history record in one transaction, then refreshes the search embeddings of what
 * changed. Writes run one at a time in a process, and across processes the commit checks the revision the change was
 * worked out from (see commitChange), so two curators cannot interleave their read and write.
 */
export class CurationService {
  private files?: SeedFile[];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly embedder: Embedder | null,
    private readonly logger?: Logger,
    private readonly seedDir: string = SEED_DIR,
  ) {}

  run(action: Action, by: string, rawInput: unknown): Promise<CurationResult> {
    const next = this.queue.then(() => this.applyFresh(action, by, rawInput));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Another API process may write between this one's read and commit (a stale revision, or a lock conflict the
   * driver's retries did not outlast); then the change is worked out again, up to four more times, after a jittered
   * pause that grows each time, so two processes in conflict do not retry in step.
   */
  private readonly conflicts = retry(
    handleWhen((err) => err instanceof StaleRevisionError || err instanceof WriteConflictError),
    { maxAttempts: 4, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1_000 }) },
  );

  private applyFresh(action: Action, by: string, rawInput: unknown): Promise<CurationResult> {
    return this.conflicts.execute(() => this.apply(action, by, rawInput));
  }

  private async apply(action: Action, by: string, rawInput: unknown): Promise<CurationResult> {
    // GraphQL passes fields a client set to null; for these inputs null means "not given".
    const given = Object.fromEntries(
      Object.entries((rawInput ?? {}) as Record<string, unknown>).filter(([, v]) => v !== null),
    );
    const parsed = INPUTS[action].safeParse(given);
    const guessId = String(given.id ?? given.concept ?? '');
    if (!parsed.success) {
      return {
        id: guessId,
        change: null,
        userErrors: parsed.error.issues.map((i) => ({
          field: ['input', ...i.path.map(String)],
          message: i.message,
          code: 'INVALID' as const,
        })),
      };
    }
    const input = parsed.data as Record<string, any>;
    this.files ??= (await readSeedDirInTurns(this.seedDir)).files;
    // The revision first: a write landing between the two reads then shows as a stale revision at commit.
    const revision = await curationRevision(this.db);
    const overlays = await readOverlays(this.db);
    const before = this.build(overlays).graph;
    await nextTurn();
    const exists = (id: string) => before.nodes.some((n) => n.id === id);
    const edgeExists = (type: string, from: string, to: string) =>
      before.edges.some((e) => e.type === type && e.from === from && e.to === to);

    const plan = this.plan(action, input, by, overlays, exists, edgeExists);
    if ('userErrors' in plan) return { id: plan.id, change: null, userErrors: plan.userErrors };
    const next = [...overlays.filter((o) => o.id !== plan.overlay.id), plan.overlay];
    const built = this.build(next);
    if (built.problems.length)
      return { id: plan.overlay.id, change: null, userErrors: built.problems.map(problemToUserError) };
    await nextTurn();
    const diff = diffGraphs(before, built.graph);
    await nextTurn();

    const target = action === 'linkResource' || action === 'unlinkResource' ? input.resource : plan.overlay.id;
    const change = await commitChange(
      this.db,
      diff,
      plan.overlay,
      {
        by,
        action,
        target,
        before: JSON.stringify(snapshot(before, target)),
        after: JSON.stringify(snapshot(built.graph, target)),
      },
      revision,
    );
    await this.refreshEmbeddings();
    return { id: target, change, userErrors: [] };
  }

  private build(overlays: Overlay[]): { graph: SeedGraph; problems: SeedProblem[] } {
    const { graph, problems } = buildGraph(applyOverlays(this.files!, overlays));
    return { graph: markOrigins(graph, overlays), problems };
  }

  /** The node's new overlay, or the expected failures that stop the change. */
  private plan(
    action: Action,
    input: Record<string, any>,
    by: string,
    overlays: Overlay[],
    exists: (id: string) => boolean,
    edgeExists: (type: string, from: string, to: string) => boolean,
  ): { overlay: Overlay } | { id: string; userErrors: UserError[] } {
    const conceptOverlay = (id: string): ConceptOverlay => {
      const found = overlays.find((o): o is ConceptOverlay => o.kind === 'concept' && o.id === id);
      const o: ConceptOverlay = found
        ? structuredClone(found)
        : { kind: 'concept', id, created: false, fields: {}, requiresAdded: [], requiresRemoved: [], curators: [] };
      if (!o.curators.includes(by)) o.curators.push(by);
      return o;
    };
    const missing = (field: string, id: string) => ({
      id,
      userErrors: [error(field, `No node with id "${id}"`, 'NOT_FOUND')],
    });

    switch (action) {
      case 'createConcept': {
        const id = input.id ?? `concept:${slug(input.name)}`;
        if (exists(id))
          return {
            id,
            userErrors: [error(input.id ? 'id' : 'name', `A node with id "${id}" already exists`, 'ALREADY_EXISTS')],
          };
        const { prerequisites, id: _, ...rest } = input;
        const o = conceptOverlay(id);
        o.created = true;
        o.fields = rest as ConceptFields;
        o.requiresAdded = (prerequisites as { concept: string; reason: string }[]).map((p) => ({
          id: p.concept,
          reason: p.reason,
        }));
        return { overlay: o };
      }
      case 'updateConcept': {
        if (!exists(input.id)) return missing('id', input.id);
        const { id, ...rest } = input;
        const changes = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
        if (Object.keys(changes).length === 0)
          return { id, userErrors: [error('id', 'Nothing to change: give at least one field', 'INVALID')] };
        const o = conceptOverlay(id);
        o.fields = { ...o.fields, ...changes };
        return { overlay: o };
      }
      case 'addPrerequisite':
      case 'removePrerequisite': {
        if (!exists(input.concept)) return missing('concept', input.concept);
        if (!exists(input.prerequisite)) return missing('prerequisite', input.prerequisite);
        const o = conceptOverlay(input.concept);
        o.requiresAdded = o.requiresAdded.filter((r) => r.id !== input.prerequisite);
        o.requiresRemoved = o.requiresRemoved.filter((r) => r !== input.prerequisite);
        if (action === 'addPrerequisite') {
          o.requiresAdded.push({ id: input.prerequisite, reason: input.reason });
        } else {
          if (!edgeExists('REQUIRES', input.concept, input.prerequisite)) {
            return {
              id: input.concept,
              userErrors: [
                error('prerequisite', `"${input.concept}" does not require "${input.prerequisite}"`, 'NOT_FOUND'),
              ],
            };
          }
          o.requiresRemoved.push(input.prerequisite);
        }
        return { overlay: o };
      }
      case 'linkResource':
      case 'unlinkResource': {
        if (!exists(input.resource)) return missing('resource', input.resource);
        if (!exists(input.concept)) return missing('concept', input.concept);
        const found = overlays.find((o): o is ResourceOverlay => o.kind === 'resource' && o.id === input.resource);
        const o: ResourceOverlay = found
          ? structuredClone(found)
          : { kind: 'resource', id: input.resource, teachesAdded: [], teachesRemoved: [], curators: [] };
        if (!o.curators.includes(by)) o.curators.push(by);
        o.teachesAdded = o.teachesAdded.filter((c) => c !== input.concept);
        o.teachesRemoved = o.teachesRemoved.filter((c) => c !== input.concept);
        const linked = edgeExists('TEACHES', input.resource, input.concept);
        if (action === 'linkResource') {
          if (linked)
            return {
              id: input.resource,
              userErrors: [
                error('concept', `"${input.resource}" already teaches "${input.concept}"`, 'ALREADY_EXISTS'),
              ],
            };
          o.teachesAdded.push(input.concept);
        } else {
          if (!linked)
            return {
              id: input.resource,
              userErrors: [error('concept', `"${input.resource}" does not teach "${input.concept}"`, 'NOT_FOUND')],
            };
          o.teachesRemoved.push(input.concept);
        }
        return { overlay: o };
      }
    }
  }

  /** Re-embeds the nodes whose texts changed; without a model, search keeps the old vectors until one is loaded. */
  private async refreshEmbeddings(): Promise<void> {
    if (!this.embedder) return;
    try {
      await embedChanged(this.db, this.embedder);
    } catch (err) {
      this.logger?.warn({ err }, 'embedding refresh after a curation write failed; the next start retries');
    }
  }
}

function problemToUserError(p: SeedProblem): UserError {
  const code: UserErrorCode = p.kind === 'cycle' ? 'CYCLE' : p.kind === 'unknown-reference' ? 'NOT_FOUND' : 'INVALID';
  const message = code === 'CYCLE' ? `Refused: this edge would close a ${p.message}` : p.message;
  return { field: ['input'], message, code };
}
