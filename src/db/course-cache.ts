import { CourseIndex } from '../curriculum/course.js';
import { courseRevision, readCourse } from './curriculum.js';
import type { Database } from './database.js';
import { awaitShared, startShared } from './deadline.js';

/**
 * The whole course (chapters, concepts, objectives, questions, trade-offs) as one index shared by every request, read
 * again only when the graph's revision moves: one small statement per request instead of reading the course whole
 * (about 150 ms warm). Any API process's write moves the revision, so none is served stale. The read runs outside
 * the deadline of the request that starts it (see startShared).
 */
export class CourseCache {
  private cached?: { revision: string; index: Promise<CourseIndex> };

  constructor(private readonly db: Database) {}

  async current(): Promise<CourseIndex> {
    const revision = await courseRevision(this.db);
    if (this.cached?.revision !== revision) {
      const index = startShared(() => readCourse(this.db).then((c) => new CourseIndex(c)));
      const entry = { revision, index };
      this.cached = entry;
      // A failed read is not kept: the next request reads again.
      index.catch(() => {
        if (this.cached === entry) this.cached = undefined;
      });
    }
    return awaitShared(this.cached.index);
  }
}
