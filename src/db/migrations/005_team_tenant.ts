import { sql, type Kysely } from 'kysely';

/**
 * An account or a concern can only belong to a team of its own Kasse. Row-level security already hides
 * other Kassen's teams from every look-up, but foreign keys are checked outside it; with the Kasse in the
 * key the schema itself refuses a team of another Kasse, whatever the code does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table teams add constraint teams_tenant_team_key unique (tenant_id, id)`.execute(db);
  for (const table of ['users', 'concerns']) {
    await sql`
      alter table ${sql.table(table)}
        drop constraint ${sql.raw(`${table}_team_id_fkey`)},
        add constraint ${sql.raw(`${table}_team_fkey`)}
          foreign key (tenant_id, team_id) references teams (tenant_id, id)`.execute(db);
  }
}
