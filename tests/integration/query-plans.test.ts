import { writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countByFamily, listNeedsAttention } from '$lib/server/attention/attention.service';
import { AuditTrail, recordAudit } from '$lib/server/audit/audit.service';
import { createSession, validateSessionToken } from '$lib/server/auth/session.service';
import type { DB } from '$lib/server/db';
import { seedDemo } from '$lib/server/demo/seed';
import { listDirectoryLanguages, searchDirectory } from '$lib/server/directory/directory.service';
import { getFamilyOverview, listFamiliesForWorker } from '$lib/server/families/families.service';
import { handoverNoticeFor, listHandoversForWorker } from '$lib/server/handovers/handovers.service';
import { newId, toTimestamp } from '$lib/server/ids';
import { listNews, sweepDueNews } from '$lib/server/news/news.service';
import type { OutboxAdapter } from '$lib/server/outbox/adapters';
import { drainOutbox } from '$lib/server/outbox/outbox.service';
import { getPlanView, workerPromisesKept } from '$lib/server/plans/plan-view.service';
import { requestViewerFor, requireFamilyAccess, viewAudiencesFor } from '$lib/server/policy';
import { positiveShares, rateService, servicesWithNewReplies } from '$lib/server/ratings/ratings.service';
import { actionRequestStatuses, listLeadRequests } from '$lib/server/requests/requests.service';
import { getRecordStatus } from '$lib/server/retention/retention.service';
import { getServiceByName } from '$lib/server/services/services.service';
import { findUserByUsername } from '$lib/server/users/users.repository';
import { toUser, type User } from '$lib/server/users/users.service';
import { glanceAtViews } from '$lib/server/views/views.service';
import { listCoverFor } from '$lib/server/workers/profile.service';
import { getSupportTeam } from '$lib/server/workers/support-team.service';
import { findWorkerIdForUser } from '$lib/server/workers/workers.service';
import { describeEachDatabase } from './support/databases';
import { databaseUrl, localsFor, openDatabase } from './support/fixtures';
import { explainAll, queryRecorder, seedCrowd, type ExplainedQuery, type RecordedQuery } from './support/query-plans';

// Cost growth (issue 3): the queries behind every hot path must find their rows through an index,
// so that a page costs the same with 100,000 families as with 1,000. The SQL is not typed out here:
// the real services run against the demo data plus a crowd of families, a Kysely log records each
// statement they send, and each one is explained on its own dialect. A full read of a table that
// grows with the number of families fails the test, naming the table, the path and the SQL.

// Tables whose size does not grow with the number of families; reading all of them is fine.
const FIXED_TABLES: Readonly<Record<string, string>> = {
	// The services directory: one row per service in the area (hundreds at most), and the search is
	// "every word anywhere in the text" (LIKE '%word%'), which no B-tree index can serve.
	service: 'the directory: one row per local service, searched by substring',
	service_kind: 'the directory: a few kinds per service',
	service_language: 'the directory: a few languages per service'
};

// SQLite sorts these results itself rather than read them in index order. Each is a short list
// already narrowed to one family, person or service by an index (the SEARCH before it).
const SORTS_ALLOWED = 'a sort of rows already narrowed by an index to one family, person or service';

const DEMO_NOW = new Date();
const CROWD = 2000;

interface Scan {
	path: string;
	table: string;
	detail: string;
	sql: string;
}

function fullScans(explained: readonly ExplainedQuery[]): Scan[] {
	return explained.flatMap((q) =>
		q.steps
			.filter((s) => s.fullScan && !(s.table in FIXED_TABLES))
			.map((s) => ({ path: q.path, table: s.table, detail: s.detail, sql: q.sql }))
	);
}

function describeScans(scans: readonly Scan[]): string {
	return scans.map((s) => `${s.table} — ${s.detail}\n  path: ${s.path}\n  sql: ${s.sql}`).join('\n\n');
}

async function user(db: DB, username: string): Promise<User> {
	const row = await findUserByUsername(db, username);
	if (!row) throw new Error(`The demo has no ${username}`);
	return toUser(row);
}

async function familyOf(db: DB, userId: string): Promise<string> {
	const row = await db.selectFrom('family_member').select('family_id').where('user_id', '=', userId).executeTakeFirstOrThrow();
	return row.family_id;
}

/** An adapter that sends nothing and says so; the outbox's own statements are what we want. */
const quietAdapter: OutboxAdapter = {
	name: 'quiet',
	send: async (message) => `quiet-${message.idempotencyKey}`,
	findSent: async () => null
};

describeEachDatabase('query plans of the hot paths', (database) => {
	let recorded: readonly RecordedQuery[] = [];
	let explained: ExplainedQuery[] = [];
	let logged: DB | undefined;

	beforeAll(async () => {
		const db = database.db;
		// PostgreSQL plans from statistics, and its autovacuum would gather them at a moment of
		// its own choosing (possibly mid-run): switched off for this file's database, and ANALYZE
		// is run once the rows are in, so every run plans from the same picture of the same rows.
		// SQLite is never asked to ANALYZE: its plans follow from the schema alone.
		if (database.dialect === 'postgres') {
			for (const { name } of await db.introspection.getTables()) {
				await sql`alter table ${sql.table(name)} set (autovacuum_enabled = false)`.execute(db);
			}
		}
		await seedDemo(db, DEMO_NOW);
		const debtAdvice = await getServiceByName(db, 'Money Matters Debt Advice');
		const familySupport = await getServiceByName(db, 'Family Support Service');
		if (!debtAdvice || !familySupport) throw new Error('The demo directory has changed');
		await seedCrowd(db, { count: CROWD, serviceId: familySupport.id, now: DEMO_NOW });
		if (database.dialect === 'postgres') await sql`analyze`.execute(db);


		const recorder = queryRecorder();
		recorder.start('(setup)');
		logged = openDatabase(await databaseUrl(db), { log: recorder.log });
		const ldb = logged;
		const amira = await user(ldb, 'amira');
		const jo = await user(ldb, 'jo');
		const sam = await user(ldb, 'sam');
		const morgan = await user(ldb, 'morgan');
		const admin = await user(ldb, 'admin');
		const hassan = await familyOf(ldb, amira.id);

		recorder.start('session validation');
		const { token } = await createSession(ldb, amira, DEMO_NOW);
		// A minute later, so the session's last use is written too (the touch).
		await validateSessionToken(ldb, token, new Date(DEMO_NOW.getTime() + 2 * 60_000));

		recorder.start('family access check');
		for (const person of [amira, jo, sam, morgan]) {
			await requireFamilyAccess(localsFor(ldb, person), hassan, 'read');
		}
		await requireFamilyAccess(localsFor(ldb, admin), hassan, 'administer');

		recorder.start('plan page');
		for (const person of [amira, jo]) {
			const access = await requireFamilyAccess(localsFor(ldb, person), hassan, 'read');
			await getPlanView(ldb, hassan);
			const sees = requestViewerFor(access);
			await actionRequestStatuses(ldb, hassan, sees?.viewer ?? null);
		}

		recorder.start('family home');
		for (const person of [amira, jo]) {
			const access = await requireFamilyAccess(localsFor(ldb, person), hassan, 'read');
			const overview = await getFamilyOverview(ldb, hassan);
			if (!overview) throw new Error('No overview for the Hassan family');
			await handoverNoticeFor(ldb, hassan, person.id);
			await glanceAtViews(ldb, hassan, person.id, viewAudiencesFor(access.relation));
			await servicesWithNewReplies(ldb, person.id);
			await getRecordStatus(ldb, hassan);
			await listNews(ldb, person.id);
			await getSupportTeam(ldb, hassan, overview);
		}

		recorder.start('my families');
		for (const person of [jo, morgan]) {
			const workerId = await findWorkerIdForUser(ldb, person.id);
			await listFamiliesForWorker(ldb, person.id);
			countByFamily(await listNeedsAttention(ldb, person.id));
			await workerPromisesKept(ldb, person.id);
			if (workerId) {
				await listHandoversForWorker(ldb, workerId);
				await listCoverFor(ldb, workerId);
			}
			await listNews(ldb, person.id);
			await listLeadRequests(ldb, person.id, DEMO_NOW);
		}

		recorder.start("what's new");
		const first = await listNews(ldb, amira.id, { limit: 2 });
		await listNews(ldb, amira.id, { limit: 2, before: first.olderBefore ?? toTimestamp(DEMO_NOW) });

		recorder.start('service directory search');
		for (const search of [{}, { q: 'debt advice' }, { kind: 'advice' as const }, { age: 14 }, { lang: 'ur' }]) {
			const results = await searchDirectory(ldb, search);
			await positiveShares(ldb, results.map((r) => r.id));
		}
		await listDirectoryLanguages(ldb);

		recorder.start('rating a service');
		const rating = { score: 'good' as const, whatWasGood: 'Quick to answer', couldBeBetter: null, anonymous: false };
		const service = { id: debtAdvice.id, ratingReplyDays: 5 };
		await rateService(ldb, { userId: amira.id, displayName: amira.displayName }, service, rating, null, DEMO_NOW);
		// Again: this time it finds the rating just made and changes it.
		await rateService(ldb, { userId: amira.id, displayName: amira.displayName }, service, { ...rating, score: 'very_good' }, null, DEMO_NOW);

		recorder.start('audit write');
		const trail = new AuditTrail();
		trail.family(hassan, 'lead');
		trail.feedback(debtAdvice.id, amira.id);
		await recordAudit(ldb, { requestId: newId(), user: jo, method: 'GET', routeId: '/family/[familyId]', search: '', at: DEMO_NOW }, trail, 'done');

		recorder.start('outbox claim');
		await ldb
			.insertInto('outbox_message')
			.values({ id: newId(), idempotency_key: newId(), user_id: amira.id, channel: 'email', template: 'something_new', link: `/family/${hassan}`, not_before: toTimestamp(DEMO_NOW), claimed_until: null, last_error: null, provider_ref: null, created_at: toTimestamp(DEMO_NOW), sent_at: null })
			.execute();
		await drainOutbox(ldb, { adapter: quietAdapter, origin: 'https://example.test', now: () => DEMO_NOW });

		recorder.start('news sweep');
		await sweepDueNews(ldb, DEMO_NOW);

		recorded = recorder.queries.filter((q) => q.path !== '(setup)');
		explained = await explainAll(db, recorded);
		// QUERY_PLANS_DUMP=/tmp/plans writes every plan read here to /tmp/plans.<dialect>.txt, for
		// working out why a statement scans.
		if (process.env.QUERY_PLANS_DUMP) {
			writeFileSync(`${process.env.QUERY_PLANS_DUMP}.${database.dialect}.txt`, explained.map((q) => `## ${q.path}\n${q.sql}\n${q.raw}\n`).join('\n'));
		}
	});

	afterAll(async () => {
		await logged?.destroy();
	});

	it('records the statements of every hot path and explains each distinct one', () => {
		const paths = new Set(explained.map((q) => q.path));
		expect([...paths].sort()).toEqual(
			[
				'audit write',
				'family access check',
				'family home',
				'my families',
				'news sweep',
				'outbox claim',
				'plan page',
				'rating a service',
				'service directory search',
				'session validation',
				"what's new"
			].sort()
		);
		console.info(
			`query plans [${database.dialect}]: ${recorded.length} statements run, ${explained.length} distinct ones explained`
		);
	});

	it('reads no table that grows with the number of families from end to end', () => {
		const scans = fullScans(explained);
		expect(scans, `Full scans:\n\n${describeScans(scans)}`).toEqual([]);
	});

	it('sorts only short lists that an index has already narrowed', () => {
		const sorts = explained.flatMap((q) =>
			q.steps.filter((s) => s.tempSort).map((s) => ({ path: q.path, table: s.table, detail: `${s.detail} (${SORTS_ALLOWED})`, sql: q.sql }))
		);
		// Each sort follows a SEARCH (an index lookup) of the same statement, never a SCAN.
		const unnarrowed = sorts.filter((s) => {
			const query = explained.find((q) => q.sql === s.sql)!;
			return query.steps.some((step) => step.fullScan && !(step.table in FIXED_TABLES));
		});
		expect(unnarrowed, describeScans(unnarrowed)).toEqual([]);
	});
});
