import type { RoleNeeds } from '../careers/match.js';
import type { Database } from './database.js';

/** Every role with the skill levels it needs, and the ids of all skills: one statement. */
export async function roleNeeds(db: Database): Promise<{ roles: RoleNeeds[]; skills: string[] }> {
  const rows = await db.read<{ roles: RoleNeeds[]; skills: string[] }>(
    `CALL () {
       MATCH (r:CareerPath)
       OPTIONAL MATCH (r)-[n:NEEDS]->(s:Skill)
       WITH r, collect(CASE WHEN s IS NULL THEN null ELSE {skill: s.id, level: n.level} END) AS needs
       RETURN collect({role: r.id, name: r.name, needs: needs}) AS roles
     }
     CALL () { MATCH (s:Skill) RETURN collect(s.id) AS skills }
     RETURN roles, skills`,
  );
  return rows[0] ?? { roles: [], skills: [] };
}
