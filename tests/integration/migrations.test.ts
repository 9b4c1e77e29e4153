import { Migrator, NO_MIGRATIONS } from 'kysely';
import { expect, it } from 'vitest';
import type { DB } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { migrations } from '../../migrations/index';
import { describeEachDatabase } from './support/databases';

const NAMES = Object.keys(migrations);

function migrator(db: DB): Migrator {
	return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** Application tables, leaving out Kysely's own bookkeeping. */
async function tableNames(db: DB): Promise<string[]> {
	return (await db.introspection.getTables()).map((t) => t.name).sort();
}

/** A table's column names, sorted. */
async function columnNames(db: DB, table: string): Promise<string[]> {
	const found = (await db.introspection.getTables()).find((t) => t.name === table);
	return (found?.columns ?? []).map((c) => c.name).sort();
}

describeEachDatabase(
	'migrations',
	(database) => {
		it('applies every migration to an empty database, then none on a second run', async () => {
			expect(await tableNames(database.db)).toEqual([]);

			const first = await migrateToLatest(database.db);
			expect(first.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual(
				NAMES.map((name) => [name, 'Up', 'Success'])
			);
			expect(await tableNames(database.db)).toEqual(
				[
					'app_user',
					'family',
					'family_member',
					'family_worker',
					'invite',
					'rate_limit_bucket',
					'service',
					'sign_in_throttle',
					'user_session',
					'worker',
					'plan',
					'goal',
					'goal_position',
					'goal_action',
					'goal_checkin',
					'review_meeting',
					'agenda_item',
					'plan_history',
					'worker_photo',
					'worker_hours',
					'worker_absence',
					'handover',
					'handover_seen',
					'young_view',
					'young_view_message',
					'service_kind',
					'service_language',
					'service_rating',
					'service_rating_reply',
					'service_change',
					'service_change_rating',
					'audit_event',
					'user_totp',
					'recovery_code',
					'password_reset',
					'news_item',
					'contact_preference',
					'outbox_message',
					'service_request',
					'service_request_share'
				].sort()
			);

			const second = await migrateToLatest(database.db);
			expect(second.results).toEqual([]);
		});

		it('undoes each migration in turn, newest first, and applies them all again', async () => {
			const m = migrator(database.db);
			for (const name of [...NAMES].reverse()) {
				const { error, results } = await m.migrateDown();
				expect(error).toBeUndefined();
				expect(results).toEqual([{ migrationName: name, direction: 'Down', status: 'Success' }]);
			}
			expect(await tableNames(database.db)).toEqual([]);

			const again = await migrateToLatest(database.db);
			expect(again.results?.map((r) => r.migrationName)).toEqual(NAMES);
		});

		it('undoes the session activity migration alone: last_used_at goes, sessions stay', async () => {
			const m = migrator(database.db);
			await migrateToLatest(database.db);
			// Migrations newer than this one are undone first, so the test still undoes it alone
			// whatever is added after it.
			await m.migrateTo('2026_11_23_000500_add_session_activity');
			await database.db.insertInto('app_user').values({ id: 'u1', username: 'u1', display_name: 'U', role: 'worker', password_hash: null, created_at: '2026-11-01T09:00:00.000Z', disabled_at: null }).execute();
			await database.db.insertInto('user_session').values({ id: 's1', user_id: 'u1', secret_hash: 'x', created_at: '2026-11-01T09:00:00.000Z', last_used_at: '2026-11-01T09:05:00.000Z', expires_at: '2026-11-01T09:35:00.000Z' }).execute();

			const down = await m.migrateDown();
			expect(down.results).toEqual([{ migrationName: '2026_11_23_000500_add_session_activity', direction: 'Down', status: 'Success' }]);
			expect(await columnNames(database.db, 'user_session')).toEqual(['created_at', 'expires_at', 'id', 'secret_hash', 'user_id']);

			// Up again: an existing session counts as last used when it was made.
			await migrateToLatest(database.db);
			const row = await database.db.selectFrom('user_session').selectAll().where('id', '=', 's1').executeTakeFirstOrThrow();
			expect(row.last_used_at).toBe('2026-11-01T09:00:00.000Z');
			await database.db.deleteFrom('app_user').where('id', '=', 'u1').execute();
		});

		it('undoes the restriction and retention migration alone: its family columns go, families stay', async () => {
			const m = migrator(database.db);
			await migrateToLatest(database.db);
			await m.migrateTo('2026_11_24_000210_add_family_restriction_retention');
			await database.db.insertInto('family').values({ id: 'f1', name: 'F', status: 'active', created_at: '2026-11-01T09:00:00.000Z', support_ended_on: '2026-11-02' }).execute();
			const down = await m.migrateDown();
			expect(down.results).toEqual([{ migrationName: '2026_11_24_000210_add_family_restriction_retention', direction: 'Down', status: 'Success' }]);
			expect(await columnNames(database.db, 'family')).toEqual(['created_at', 'id', 'name', 'status']);
			await migrateToLatest(database.db);
			const row = await database.db.selectFrom('family').selectAll().where('id', '=', 'f1').executeTakeFirstOrThrow();
			expect(row).toMatchObject({ name: 'F', restricted_at: null, restriction_reason: null, support_ended_on: null });
			await database.db.deleteFrom('family').where('id', '=', 'f1').execute();
		});

		it('undoes the directory migration alone: its tables and the service’s directory columns go, the rest stays', async () => {
			const m = migrator(database.db);
			await migrateToLatest(database.db);
			await m.migrateTo('2026_11_23_000400_create_directory_tables');
			const directoryColumns = [
				'directory',
				'directory_id',
				'maximum_age',
				'minimum_age',
				'rating_reply_days',
				'search_text',
				'status'
			];
			expect(await columnNames(database.db, 'service')).toEqual(
				['created_at', 'description', 'id', 'name', 'view_reply_days', ...directoryColumns].sort()
			);
			expect(await columnNames(database.db, 'service_kind')).toEqual(['kind', 'service_id']);
			expect(await columnNames(database.db, 'service_language')).toEqual(['code', 'service_id']);

			const down = await m.migrateDown();
			expect(down.results).toEqual([
				{ migrationName: '2026_11_23_000400_create_directory_tables', direction: 'Down', status: 'Success' }
			]);
			const tables = await tableNames(database.db);
			for (const table of [
				'service_kind',
				'service_language',
				'service_rating',
				'service_rating_reply',
				'service_change',
				'service_change_rating'
			]) {
				expect(tables).not.toContain(table);
			}
			expect(tables).toContain('young_view');
			expect(await columnNames(database.db, 'service')).toEqual(['created_at', 'description', 'id', 'name', 'view_reply_days']);

			await migrateToLatest(database.db);
			expect(await columnNames(database.db, 'service')).toContain('directory_id');
		});

		it('undoes the views migration (after the directory’s): its tables and the service’s reply time go, the rest stays', async () => {
			const m = migrator(database.db);
			await migrateToLatest(database.db);
			expect(await columnNames(database.db, 'service')).toContain('view_reply_days');

			await m.migrateTo('2026_11_23_000400_create_directory_tables');
			await m.migrateDown();
			const down = await m.migrateDown();
			expect(down.results).toEqual([{ migrationName: '2026_11_23_000300_create_view_tables', direction: 'Down', status: 'Success' }]);
			const tables = await tableNames(database.db);
			expect(tables).not.toContain('young_view');
			expect(tables).not.toContain('young_view_message');
			expect(tables).toContain('handover');
			expect(await columnNames(database.db, 'service')).toEqual(['created_at', 'description', 'id', 'name']);

			await migrateToLatest(database.db);
			expect(await columnNames(database.db, 'service')).toContain('view_reply_days');
			expect(await columnNames(database.db, 'young_view')).toEqual(
				[
					'id',
					'family_id',
					'author_user_id',
					'prompt',
					'feeling',
					'body',
					'audience',
					'created_at',
					'updated_at',
					'version',
					'shared_at',
					'reply_due_on',
					'first_reply_at',
					'awaiting_since',
					'awaiting_due_on',
					'read_at',
					'read_by_user_id',
					'author_seen_at'
				].sort()
			);
		});

		it('undoes the two-factor migration alone: its tables and the session flag go, sessions stay', async () => {
			const m = migrator(database.db);
			await migrateToLatest(database.db);
			await m.migrateTo('2026_11_24_000100_add_two_factor');
			await database.db.insertInto('app_user').values({ id: 'u2', username: 'u2', display_name: 'U', role: 'worker', password_hash: null, created_at: '2026-11-01T09:00:00.000Z', disabled_at: null }).execute();
			await database.db.insertInto('user_session').values({ id: 's2', user_id: 'u2', secret_hash: 'x', created_at: '2026-11-01T09:00:00.000Z', last_used_at: '2026-11-01T09:00:00.000Z', expires_at: '2026-11-01T09:30:00.000Z' }).execute();
			// A session that existed before starts unverified: staff are asked for a code.
			const before = await database.db.selectFrom('user_session').select('two_factor_verified').where('id', '=', 's2').executeTakeFirstOrThrow();
			expect(Number(before.two_factor_verified)).toBe(0);

			const down = await m.migrateDown();
			expect(down.results).toEqual([{ migrationName: '2026_11_24_000100_add_two_factor', direction: 'Down', status: 'Success' }]);
			const tables = await tableNames(database.db);
			for (const table of ['user_totp', 'recovery_code', 'password_reset']) expect(tables).not.toContain(table);
			expect(await columnNames(database.db, 'user_session')).toEqual(['created_at', 'expires_at', 'id', 'last_used_at', 'secret_hash', 'user_id']);
			expect(await database.db.selectFrom('user_session').select('id').where('id', '=', 's2').executeTakeFirst()).toBeDefined();

			await migrateToLatest(database.db);
			expect(await columnNames(database.db, 'user_totp')).toEqual(['confirmed_at', 'created_at', 'last_used_step', 'secret', 'user_id']);
			await database.db.deleteFrom('app_user').where('id', '=', 'u2').execute();
		});

		it('goes all the way down in one step and back up, leaving a usable schema', async () => {
			const m = migrator(database.db);
			const down = await m.migrateTo(NO_MIGRATIONS);
			expect(down.error).toBeUndefined();
			expect(down.results?.map((r) => r.status)).toEqual(NAMES.map(() => 'Success'));
			expect(await tableNames(database.db)).toEqual([]);

			await migrateToLatest(database.db);
			await database.db
				.insertInto('service')
				.values({ id: 's1', name: 'After re-migration', description: null, directory_id: crypto.randomUUID(), created_at: new Date().toISOString() })
				.execute();
			const rows = await database.db.selectFrom('service').select(['name', 'view_reply_days']).execute();
			expect(rows.map((r) => [r.name, Number(r.view_reply_days)])).toEqual([['After re-migration', 5]]);
		});
	},
	{ migrate: false }
);
