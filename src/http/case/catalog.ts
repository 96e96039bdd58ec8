import { courseFramework } from '../../curriculum/case-course.js';
import type { CaseAssociation, CaseItem, Framework } from '../../curriculum/case-model.js';
import type { CourseIndex } from '../../curriculum/course.js';
import { planFramework } from '../../curriculum/export-case.js';
import { loadPlan, savedDocument } from '../../curriculum/saved.js';
import type { CourseCache } from '../../db/course-cache.js';
import type { Database } from '../../db/database.js';
import { readSyllabi, syllabusStamps } from '../../db/syllabi.js';

/** Every framework the provider serves, with lookups by identifier. */
export interface CaseSnapshot {
  /** The course first, then saved syllabi in the order they were first saved. */
  frameworks: Framework[];
  /** The course framework: it also serves the shared definitions. */
  course: Framework;
  document: Map<string, Framework>;
  item: Map<string, { fw: Framework; item: CaseItem }>;
  association: Map<string, { fw: Framework; association: CaseAssociation }>;
}

/**
 * The frameworks the CASE provider serves, rebuilt only when they change: each request reads the graph's revision
 * and the saved syllabi's change times (two small statements); the course is read again only when its revision
 * moved, and a syllabus only when it was saved again.
 */
export class CaseCatalog {
  private course?: { revision: string; index: CourseIndex; framework: Framework };
  private syllabi = new Map<string, { updatedAt: string; framework: Framework }>();
  private built?: { key: string; snapshot: CaseSnapshot };

  constructor(
    private readonly db: Database,
    private readonly courses: CourseCache,
  ) {}

  async snapshot(): Promise<CaseSnapshot> {
    const [index, stamps] = await Promise.all([this.courses.current(), syllabusStamps(this.db)]);
    if (this.course?.index !== index) {
      this.course = { revision: index.course.revision, index, framework: courseFramework(index) };
      this.syllabi.clear();
    }
    const stale = stamps.filter((s) => this.syllabi.get(s.id)?.updatedAt !== s.updatedAt).map((s) => s.id);
    for (const row of stale.length ? await readSyllabi(this.db, stale) : []) {
      const framework = planFramework(index, loadPlan(row.plan), savedDocument(row));
      this.syllabi.set(row.id, { updatedAt: row.updatedAt, framework });
    }
    const live = new Set(stamps.map((s) => s.id));
    for (const id of this.syllabi.keys()) if (!live.has(id)) this.syllabi.delete(id);

    const key = [this.course.revision, ...stamps.map((s) => `${s.id}@${s.updatedAt}`)].join('|');
    if (this.built?.key !== key) this.built = { key, snapshot: this.index(stamps.map((s) => s.id)) };
    return this.built.snapshot;
  }

  private index(order: string[]): CaseSnapshot {
    const course = this.course!.framework;
    const frameworks = [course, ...order.flatMap((id) => this.syllabi.get(id)?.framework ?? [])];
    const snapshot: CaseSnapshot = { frameworks, course, document: new Map(), item: new Map(), association: new Map() };
    for (const fw of frameworks) {
      snapshot.document.set(fw.document.identifier, fw);
      for (const item of fw.items) snapshot.item.set(item.identifier, { fw, item });
      for (const association of fw.associations) snapshot.association.set(association.identifier, { fw, association });
    }
    return snapshot;
  }
}
