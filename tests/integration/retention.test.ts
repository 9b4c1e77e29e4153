import { beforeAll, expect, it } from 'vitest';
import type { DB } from '$lib/server/db';
import type { Database } from '$lib/server/db/schema';
import { seedDemo } from '$lib/server/demo/seed';
import { listAllFamilies } from '$lib/server/families/families.service';
import { toTimestamp } from '$lib/server/ids';
import {
	RETENTION_TABLES,
	configuredRetentionYears,
	recordSupportEnded,
	restrictFamily,
	retainUntil,
	runRetention
} from '$lib/server/retention/retention.service';
import { describeEachDatabase } from './support/databases';
import { addPlanFamily, countRows } from './support/fixtures';

// The retention job with a fake clock: a family the day before its date stays, the day after it
// is gone with every row about it, other families are untouched, and a restriction for a legal
// claim keeps a family past its date while an erasure request does not.

const SEEDED = new Date('2026-11-24T10:00:00.000Z');
const YEARS = 6;
/** Support ended on 10 March 2021: kept until 10 March 2027, deleted from 11 March 2027. */
const ENDED = '2021-03-10';
const at = (iso: string) => () => new Date(iso);

// Every table of the schema, so a table added later without a thought for retention shows up here.
const ALL_TABLES: readonly (keyof Database)[] = [
	'app_user', 'user_session', 'sign_in_throttle', 'rate_limit_bucket', 'service', 'worker', 'family', 'family_member',
	'family_worker', 'invite', 'plan', 'goal', 'goal_position', 'goal_action', 'goal_checkin', 'review_meeting',
	'agenda_item', 'plan_history', 'worker_photo', 'worker_hours', 'worker_absence', 'handover', 'handover_seen',
	'young_view', 'young_view_message', 'service_kind', 'service_language', 'service_rating', 'service_rating_reply',
	'service_change', 'service_change_rating', 'user_totp', 'recovery_code', 'password_reset', 'audit_event',
	'news_item', 'contact_preference', 'outbox_message', 'service_request', 'service_request_share'
];

async function countAll(db: DB): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const table of ALL_TABLES) counts[table] = await countRows(db, table);
	return counts;
}

describeEachDatabase('retention', (database) => {
	let db: DB;
	let hassan: string;
	let kowalski: string;
	let kowalskiUsers: string[];

	beforeAll(async () => {
		db = database.db;
		await seedDemo(db, SEEDED);
		const families = await listAllFamilies(db);
		hassan = families.find((f) => f.name === 'Hassan')?.id ?? '';
		kowalski = families.find((f) => f.name === 'Kowalski')?.id ?? '';
		const members = await db.selectFrom('family_member').select('user_id').where('family_id', '=', kowalski).execute();
		kowalskiUsers = members.flatMap((m) => (m.user_id ? [m.user_id] : []));
		expect(kowalskiUsers.length).toBe(2);
		// Dan is signed in somewhere and has mistyped his password once: both go with his account.
		await db
			.insertInto('user_session')
			.values({
				id: 'retention-session',
				user_id: kowalskiUsers[0] as string,
				secret_hash: 'x',
				created_at: toTimestamp(SEEDED),
				last_used_at: toTimestamp(SEEDED),
				expires_at: toTimestamp(SEEDED)
			})
			.execute();
		await db
			.insertInto('sign_in_throttle')
			.values({ account_key: 'sign-in:account:dan', failures: 1, last_failure_at: toTimestamp(SEEDED), blocked_until: null })
			.execute();
		await recordSupportEnded(db, kowalski, ENDED);
	});

	it('counts the retention date from when support ended, in whole years', () => {
		expect(retainUntil(ENDED, YEARS)).toBe('2027-03-10');
		expect(retainUntil('2024-02-29', 1)).toBe('2025-02-28');
		expect(configuredRetentionYears({})).toBe(6);
		expect(configuredRetentionYears({ CG_RETENTION_YEARS: '25' })).toBe(25);
		expect(() => configuredRetentionYears({ CG_RETENTION_YEARS: 'six' })).toThrow(/CG_RETENTION_YEARS/);
		expect(() => configuredRetentionYears({ CG_RETENTION_YEARS: '0' })).toThrow(/CG_RETENTION_YEARS/);
	});

	it('keeps a family the day before its date, and on the date itself', async () => {
		const before = await countAll(db);
		for (const day of ['2027-03-09T12:00:00Z', '2027-03-10T23:30:00Z']) {
			const report = await runRetention(db, { years: YEARS, now: at(day) });
			expect(report.deleted).toEqual([]);
		}
		expect(await countAll(db)).toEqual(before);
	});

	it('lists the family in a dry run the day after, and deletes nothing', async () => {
		const before = await countAll(db);
		const report = await runRetention(db, { years: YEARS, now: at('2027-03-11T09:00:00Z'), dryRun: true });
		expect(report.deleted.map((f) => f.id)).toEqual([kowalski]);
		expect(report.deleted[0]?.counts).toBeNull();
		expect(await countAll(db)).toEqual(before);
	});

	it('deletes the family the day after its date, with every row about it, and nothing else', async () => {
		// A member with sign-in codes, spare codes and a password reset code: all theirs, all to go.
		const member = kowalskiUsers[0]!;
		const staff = await db.selectFrom('app_user').select('id').where('role', '=', 'worker').executeTakeFirstOrThrow();
		const made = '2021-01-01T09:00:00.000Z';
		await db.insertInto('user_totp').values({ user_id: member, secret: 'x', created_at: made, confirmed_at: made, last_used_step: null }).execute();
		await db.insertInto('recovery_code').values({ id: 'rc-retention', user_id: member, code_hash: 'h', created_at: made, used_at: null }).execute();
		await db
			.insertInto('password_reset')
			.values({ id: 'pr-retention', user_id: member, code_hash: 'h-retention', created_by_user_id: staff.id, created_at: made, expires_at: made, used_at: null })
			.execute();
		const before = await countAll(db);
		const hassanGoals = await db
			.selectFrom('goal')
			.innerJoin('plan', 'plan.id', 'goal.plan_id')
			.select('goal.id')
			.where('plan.family_id', '=', hassan)
			.execute();
		const report = await runRetention(db, { years: YEARS, now: at('2027-03-11T09:00:00Z') });
		expect(report.deleted.map((f) => f.id)).toEqual([kowalski]);
		const counts = report.deleted[0]?.counts;
		expect(counts?.family).toBe(1);
		expect(counts?.app_user).toBe(2);
		expect(counts?.user_session).toBe(1);
		expect(counts?.sign_in_throttle).toBe(1);
		expect([counts?.user_totp, counts?.recovery_code, counts?.password_reset]).toEqual([1, 1, 1]);
		for (const table of ['family_member', 'plan', 'goal', 'goal_action', 'young_view', 'service_rating', 'handover', 'family_worker'] as const) {
			expect(counts?.[table], table).toBeGreaterThan(0);
		}

		// Every table lost exactly what the report says, and tables outside the record lost nothing.
		const after = await countAll(db);
		for (const table of ALL_TABLES) {
			const deleted = (RETENTION_TABLES as readonly string[]).includes(table) ? (report.totals[table as keyof typeof report.totals] ?? 0) : 0;
			expect(after[table], table).toBe((before[table] ?? 0) - deleted);
		}

		// Nothing anywhere still points at the family or its members.
		expect(await db.selectFrom('family').select('id').where('id', '=', kowalski).execute()).toEqual([]);
		expect(await db.selectFrom('family_member').select('id').where('family_id', '=', kowalski).execute()).toEqual([]);
		expect(await db.selectFrom('family_worker').select('id').where('family_id', '=', kowalski).execute()).toEqual([]);
		expect(await db.selectFrom('plan').select('id').where('family_id', '=', kowalski).execute()).toEqual([]);
		expect(await db.selectFrom('young_view').select('id').where('family_id', '=', kowalski).execute()).toEqual([]);
		expect(await db.selectFrom('handover').select('id').where('family_id', '=', kowalski).execute()).toEqual([]);
		expect(await db.selectFrom('app_user').select('id').where('id', 'in', kowalskiUsers).execute()).toEqual([]);
		for (const [table, column] of [
			['user_session', 'user_id'],
			['service_rating', 'author_user_id'],
			['goal_checkin', 'user_id'],
			['goal_position', 'user_id'],
			['plan_history', 'actor_user_id'],
			['young_view_message', 'author_user_id'],
			['handover_seen', 'user_id'],
			['invite', 'user_id'],
			['agenda_item', 'added_by_user_id']
		] as const) {
			const rows = await db.selectFrom(table).select(column).where(column, 'in', kowalskiUsers).execute();
			expect(rows, table).toEqual([]);
		}
		expect(await db.selectFrom('sign_in_throttle').select('account_key').where('account_key', '=', 'sign-in:account:dan').execute()).toEqual([]);

		// The Hassan family, the workers and the services are as they were.
		expect(await db.selectFrom('family').select('id').where('id', '=', hassan).execute()).toHaveLength(1);
		const goalsNow = await db
			.selectFrom('goal')
			.innerJoin('plan', 'plan.id', 'goal.plan_id')
			.select('goal.id')
			.where('plan.family_id', '=', hassan)
			.execute();
		expect(goalsNow).toEqual(hassanGoals);
		expect(after.worker).toBe(before.worker);
		expect(after.service).toBe(before.service);
	});

	it('deletes a family under an erasure request at its date, but keeps one held for a legal claim', async () => {
		const erasure = await addPlanFamily(db, 'Erasure');
		const claim = await addPlanFamily(db, 'Claim');
		for (const family of [erasure, claim]) await recordSupportEnded(db, family.familyId, ENDED);
		await restrictFamily(db, erasure.familyId, 'erasure_request');
		await restrictFamily(db, claim.familyId, 'legal_claim');
		const report = await runRetention(db, { years: YEARS, now: at('2027-03-11T09:00:00Z') });
		expect(report.deleted.map((f) => f.id)).toEqual([erasure.familyId]);
		expect(report.held.map((f) => f.id)).toEqual([claim.familyId]);
		expect(await db.selectFrom('family').select('id').where('id', '=', erasure.familyId).execute()).toEqual([]);
		expect(await db.selectFrom('app_user').select('id').where('id', '=', erasure.parent.userId).execute()).toEqual([]);
		expect(await db.selectFrom('family').select('id').where('id', '=', claim.familyId).execute()).toHaveLength(1);
		// A family whose support has not ended is never due, however late it is.
		expect(await db.selectFrom('family').select('id').where('id', '=', hassan).execute()).toHaveLength(1);
		const later = await runRetention(db, { years: YEARS, now: at('2099-01-01T00:00:00Z') });
		expect(later.deleted).toEqual([]);
	});
});
