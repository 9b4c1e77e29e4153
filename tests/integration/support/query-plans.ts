import { CompiledQuery, type Insertable, type LogEvent } from 'kysely';
import { isPostgres, type DB } from '$lib/server/db';
import type { AuditKind, Database, NewsKind, OutcomeArea } from '$lib/server/db/schema';
import { newId, toTimestamp } from '$lib/server/ids';

// Helpers for tests/integration/query-plans.test.ts: a crowd of families inserted cheaply, a
// recorder for the SQL the app really runs, and EXPLAIN on both dialects turned into a list of
// full scans.

// ---------------------------------------------------------------------------------------------
// Recording the statements

export interface RecordedQuery {
	/** Which hot path ran it (the test's own label). */
	path: string;
	sql: string;
	parameters: readonly unknown[];
}

/** A Kysely `log` function that keeps every statement, under whatever path is running now. */
export function queryRecorder(): { log: (event: LogEvent) => void; queries: RecordedQuery[]; start(path: string): void } {
	const queries: RecordedQuery[] = [];
	let path = '(none)';
	return {
		queries,
		start(next: string) {
			path = next;
		},
		log(event: LogEvent) {
			if (event.level !== 'query') return;
			queries.push({ path, sql: event.query.sql, parameters: event.query.parameters });
		}
	};
}

/** Statements a plan can be asked for (transaction control, locks and pragmas have none worth reading). */
export function isExplainable(sql: string): boolean {
	return /^\s*(select|insert|update|delete|with)\b/i.test(sql);
}

// ---------------------------------------------------------------------------------------------
// EXPLAIN, read the same way on both dialects

export interface PlanStep {
	/** The table read, as named in the schema (not an alias). */
	table: string;
	/** SQLite's line, or PostgreSQL's node type with its index and condition. */
	detail: string;
	/** A read of every row of the table (or of every entry of one of its indexes). */
	fullScan: boolean;
	/** SQLite sorts the rows itself (no index gives the order). */
	tempSort?: boolean;
}

export interface ExplainedQuery extends RecordedQuery {
	steps: PlanStep[];
	/** The plan as the database printed it, for the failure message. */
	raw: string;
}

/**
 * SQLite's plan names a table by its alias when it has one (`SCAN a`): the names each table goes
 * by in this statement (Kysely writes `from "goal_action" as "a"`), mapped to the table.
 */
function tableAliases(sql: string, tables: ReadonlySet<string>): Map<string, string> {
	const aliases = new Map<string, string>();
	for (const table of tables) aliases.set(table, table);
	for (const [, table, alias] of sql.matchAll(/\b(?:from|join)\s+"(\w+)"\s+as\s+"(\w+)"/gi)) {
		if (tables.has(table!)) aliases.set(alias!, table!);
	}
	return aliases;
}

interface SqlitePlanRow {
	id: number;
	parent: number;
	detail: string;
}

/**
 * SQLite: `EXPLAIN QUERY PLAN` with the same parameters. A `SCAN t` line reads the whole table
 * (`SCAN t USING [COVERING] INDEX i` reads the whole index, which grows the same way); `SEARCH t
 * USING …` is a lookup. Table statistics are never gathered here (no ANALYZE), so the planner's
 * choices come from its fixed defaults and the schema alone, not from how many rows we seeded.
 */
async function explainSqlite(db: DB, queries: readonly RecordedQuery[], tables: ReadonlySet<string>): Promise<ExplainedQuery[]> {
	const explained: ExplainedQuery[] = [];
	for (const query of queries) {
		const { rows } = await db.executeQuery<SqlitePlanRow>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]));
		const steps: PlanStep[] = [];
		const aliases = tableAliases(query.sql, tables);
		for (const row of rows) {
			const match = /^(SCAN|SEARCH) (\S+)/.exec(row.detail);
			const table = match ? aliases.get(match[2]!) : undefined;
			if (match && table) steps.push({ table, detail: row.detail, fullScan: match[1] === 'SCAN' });
			if (/USE TEMP B-TREE FOR (ORDER BY|RIGHT PART OF ORDER BY)/.test(row.detail)) {
				// Which table it sorts is the scan just before it at the same level; named for the message.
				const table = steps.at(-1)?.table ?? '(result)';
				steps.push({ table, detail: row.detail, fullScan: false, tempSort: true });
			}
		}
		explained.push({ ...query, steps, raw: rows.map((r) => r.detail).join('\n') });
	}
	return explained;
}

interface PgPlanNode {
	'Node Type': string;
	'Relation Name'?: string;
	'Index Name'?: string;
	'Index Cond'?: string;
	'Recheck Cond'?: string;
	Filter?: string;
	Plans?: PgPlanNode[];
}

function pgSteps(node: PgPlanNode, steps: PlanStep[], parentTable?: string): void {
	// A Bitmap Index Scan names only its index; the table is its parent Bitmap Heap Scan's.
	const table = node['Relation Name'] ?? (node['Node Type'] === 'Bitmap Index Scan' ? parentTable : undefined);
	const type = node['Node Type'];
	if (table) {
		const index = node['Index Name'] ? ` using ${node['Index Name']}` : '';
		const shownCond = node['Index Cond'] ? ` (${node['Index Cond']})` : '';
		// A Seq Scan reads the whole table; an index scan with no condition (or only "is not null")
		// reads the whole index, which grows the same way.
		const cond = node['Index Cond'];
		const unbounded = !cond || /^\(*\w+ IS NOT NULL\)*$/.test(cond);
		const fullScan = type === 'Seq Scan' || (/^(Bitmap )?Index (Only )?Scan$/.test(type) && unbounded);
		steps.push({ table, detail: `${type} on ${table}${index}${shownCond}`, fullScan });
	}
	for (const child of node.Plans ?? []) pgSteps(child, steps, table ?? parentTable);
}

/**
 * PostgreSQL: `EXPLAIN (FORMAT JSON)` with the parameters, on one connection where sequential
 * scans are switched off. With them off the planner still uses one where no index can serve the
 * query (that is what we look for), but no longer picks one merely because a test table is small.
 */
async function explainPostgres(db: DB, queries: readonly RecordedQuery[]): Promise<ExplainedQuery[]> {
	return db.connection().execute(async (connection) => {
		await connection.executeQuery(CompiledQuery.raw('SET enable_seqscan = off'));
		try {
			const explained: ExplainedQuery[] = [];
			for (const query of queries) {
				const { rows } = await connection.executeQuery<{ 'QUERY PLAN': [{ Plan: PgPlanNode }] }>(
					CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.parameters])
				);
				const plan = rows[0]!['QUERY PLAN'][0].Plan;
				const steps: PlanStep[] = [];
				pgSteps(plan, steps);
				explained.push({ ...query, steps, raw: JSON.stringify(plan, null, 1) });
			}
			return explained;
		} finally {
			await connection.executeQuery(CompiledQuery.raw('RESET enable_seqscan'));
		}
	});
}

/** Every distinct statement explained once (the first parameters it ran with). */
export async function explainAll(db: DB, queries: readonly RecordedQuery[]): Promise<ExplainedQuery[]> {
	const distinct = new Map<string, RecordedQuery>();
	for (const q of queries) if (isExplainable(q.sql) && !distinct.has(q.sql)) distinct.set(q.sql, q);
	const list = [...distinct.values()];
	if (isPostgres(db)) return explainPostgres(db, list);
	const tables = new Set((await db.introspection.getTables()).map((t) => t.name));
	return explainSqlite(db, list, tables);
}

// ---------------------------------------------------------------------------------------------
// A crowd of families, inserted in bulk

export interface Crowd {
	familyIds: string[];
	parentUserIds: string[];
	workerUserIds: string[];
}

const CHUNK = 200;

type Row<T extends keyof Database> = Insertable<Database[T]>;

async function insertChunked<T extends object>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
	for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/**
 * `count` families, each with a parent and a young person who have accounts, a lead worker (from a
 * pool of workers in `serviceId`), a plan with goals and actions, news, audit rows, a sent outbox
 * message, a request to a service and a rating, a review meeting with an agenda item, positions
 * on goals (some disagreeing), a young person's view, a contact preference; now and then a handover
 * between workers, and some workers' absences. Enough rows in every table that grows with the
 * number of families for a plan to show whether it reads them all; inserted straight into the
 * tables (a few dozen statements) rather than through the services, which the demo seed already
 * exercises.
 */
export async function seedCrowd(db: DB, options: { count: number; serviceId: string; now: Date }): Promise<Crowd> {
	const { count, serviceId, now } = options;
	const at = toTimestamp(now);
	// Dates spread over a year around now, so that "due this week" picks out a few, as it would.
	const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

	// One worker for every 20 families, about what a family support worker carries.
	const workers: { id: string; userId: string }[] = [];
	const users: Row<'app_user'>[] = [];
	const workerRows: Row<'worker'>[] = [];
	for (let i = 0; i < Math.ceil(count / 20); i++) {
		const userId = newId();
		users.push({ id: userId, username: `crowd-worker-${i}-${userId.slice(0, 6)}`, display_name: `Crowd Worker ${i}`, role: 'worker' as const, password_hash: null, created_at: at, disabled_at: null });
		const id = newId();
		workerRows.push({ id, user_id: userId, service_id: serviceId, job_title: 'Family support worker', phone: null, email: null, created_at: at });
		workers.push({ id, userId });
	}

	const families: Row<'family'>[] = [];
	const members: Row<'family_member'>[] = [];
	const assignments: Row<'family_worker'>[] = [];
	const plans: Row<'plan'>[] = [];
	const goals: Row<'goal'>[] = [];
	const actions: Row<'goal_action'>[] = [];
	const news: Row<'news_item'>[] = [];
	const audits: Row<'audit_event'>[] = [];
	const outbox: Row<'outbox_message'>[] = [];
	const requests: Row<'service_request'>[] = [];
	const ratings: Row<'service_rating'>[] = [];
	const sessions: Row<'user_session'>[] = [];
	const reviews: Row<'review_meeting'>[] = [];
	const agenda: Row<'agenda_item'>[] = [];
	const positions: Row<'goal_position'>[] = [];
	const views: Row<'young_view'>[] = [];
	const handovers: Row<'handover'>[] = [];
	const preferences: Row<'contact_preference'>[] = [];
	// A few weeks away a year each, mostly in the past.
	const absences = workers.flatMap((w, i) =>
		[-300, -200, -100, -20, 40].map((start) => ({ id: newId(), worker_id: w.id, starts_on: day(start + (i % 10)), ends_on: day(start + (i % 10) + 7), cover_worker_id: workers[(i + 1) % workers.length]!.id, created_by_user_id: w.userId, created_at: at }))
	);
	const outcomeAreas: OutcomeArea[] = ['being_healthy', 'staying_safe', 'enjoying_achieving'];
	const newsKinds: NewsKind[] = ['action_due', 'review_due', 'view_reply'];
	const auditKinds: AuditKind[] = ['family', 'plan', 'views'];

	for (let f = 0; f < count; f++) {
		const familyId = newId();
		const worker = workers[f % workers.length]!;
		const parent = newId();
		const young = newId();
		families.push({ id: familyId, name: `Crowd family ${f}`, status: 'active' as const, created_at: at, restricted_at: null, restriction_reason: null, support_ended_on: null });
		for (const [id, role] of [[parent, 'parent_carer'], [young, 'young_person']] as const) {
			users.push({ id, username: `crowd-${role}-${f}-${id.slice(0, 6)}`, display_name: `Crowd ${role} ${f}`, role, password_hash: null, created_at: at, disabled_at: null });
		}
		const parentMember = newId();
		members.push(
			{ id: parentMember, family_id: familyId, user_id: parent, display_name: `Parent ${f}`, member_type: 'adult' as const, date_of_birth: null, created_at: at },
			{ id: newId(), family_id: familyId, user_id: young, display_name: `Young ${f}`, member_type: 'young_person' as const, date_of_birth: '2012-03-04', created_at: at }
		);
		assignments.push({ id: newId(), family_id: familyId, worker_id: worker.id, role: 'lead' as const, part_in_plan: null, started_at: at, ended_at: null });
		const planId = newId();
		plans.push({ id: planId, family_id: familyId, going_well: 'Going well', worried_about: 'Worried', needs_to_happen: 'Needs', version: 1, created_at: at, updated_at: at, updated_by_user_id: parent });
		const reviewId = newId();
		reviews.push({ id: reviewId, plan_id: planId, meeting_date: day((f % 180) - 60), place: 'At home', decisions: null, held_at: null, recorded_by_user_id: null, created_at: at });
		agenda.push({ id: newId(), review_id: reviewId, text: 'School transport', added_by_user_id: parent, created_at: at, noted_at: f % 3 ? at : null });
		views.push({
			id: newId(),
			family_id: familyId,
			author_user_id: young,
			prompt: 'school' as const,
			feeling: 'okay' as const,
			body: 'Lunchtimes are hard',
			audience: 'worker' as const,
			created_at: at,
			updated_at: at,
			version: 1,
			shared_at: at,
			reply_due_on: day(3),
			first_reply_at: null,
			awaiting_since: f % 4 ? null : at,
			awaiting_due_on: f % 4 ? null : day(3),
			read_at: null,
			read_by_user_id: null,
			author_seen_at: at
		});
		preferences.push({ user_id: parent, channel: 'email' as const, email: `parent-${f}@example.test`, phone: null, quiet_from: null, quiet_until: null, locale: 'en-GB', updated_at: at });
		if (f % 10 === 0) {
			const to = workers[(f + 1) % workers.length]!;
			handovers.push({ id: newId(), family_id: familyId, from_worker_id: worker.id, to_worker_id: to.id, handover_on: day(-30 - (f % 300)), goodbye_note: null, goodbye_written_at: null, hello_note: null, hello_written_at: null, created_by_user_id: worker.userId, created_at: at, applied_at: at });
		}
		for (let g = 0; g < 3; g++) {
			const goalId = newId();
			goals.push({
				id: goalId,
				plan_id: planId,
				title: `Goal ${g}`,
				why_it_matters: '',
				how_we_know: '',
				outcome_area: outcomeAreas[g]!,
				status: 'working_on' as const,
				stopped_reason: null,
				suggested_by_user_id: parent,
				version: 1,
				created_at: at,
				updated_at: at,
				updated_by_user_id: parent
			});
			positions.push({ goal_id: goalId, user_id: parent, ...(g === 0 && f % 5 === 0 ? { position: 'disagree' as const, reason: 'Too soon' } : { position: 'agree' as const, reason: null }), recorded_at: at, reply: null, reply_by_user_id: null, replied_at: null });
			actions.push(
				{ id: newId(), goal_id: goalId, description: 'Phone the school', owner_member_id: parentMember, owner_worker_id: null, owner_service_name: null, due_date: day((f % 365) - 180), done_on: null, created_at: at, created_by_user_id: parent },
				{ id: newId(), goal_id: goalId, description: 'Book the meeting', owner_member_id: null, owner_worker_id: worker.id, owner_service_name: null, due_date: day(((f * 7) % 365) - 180), done_on: f % 2 ? day(-1) : null, created_at: at, created_by_user_id: worker.userId }
			);
		}
		for (let n = 0; n < 4; n++) {
			const id = newId();
			news.push({ id, user_id: parent, family_id: familyId, kind: newsKinds[n % newsKinds.length]!, subject_id: id, link: `/family/${familyId}`, actor_user_id: null, dedupe_key: `crowd:${id}`, created_at: at, seen_at: null });
			audits.push({
				id: newId(),
				at,
				request_id: newId(),
				actor_user_id: worker.userId,
				actor_role: 'worker' as const,
				actor_service_id: serviceId,
				relation: 'lead',
				family_id: familyId,
				subject_user_id: null,
				service_id: null,
				kind: auditKinds[n % auditKinds.length]!,
				action: 'read' as const,
				outcome: 'done' as const,
				route: '/family/[familyId]',
				detail: null
			});
		}
		outbox.push({ id: newId(), idempotency_key: newId(), user_id: parent, channel: 'email' as const, template: 'something_new', link: `/family/${familyId}`, status: 'sent' as const, attempts: 1, not_before: at, claimed_until: null, last_error: null, provider_ref: 'crowd', created_at: at, sent_at: at });
		requests.push({ id: newId(), family_id: familyId, service_id: serviceId, asked_by_user_id: parent, route: 'self' as const, help_wanted: 'Help with letters', status: 'waiting' as const, decline_reason: null, question: null, answer: null, action_id: null, created_at: at, updated_at: at, decided_at: null, decided_by_user_id: null, consent_withdrawn_at: null, passed_on_at: null, passed_on_by_user_id: null, worker_note: null });
		ratings.push({ id: newId(), service_id: serviceId, author_user_id: parent, score: 'good', what_was_good: 'Kind', could_be_better: null, anonymous: 1, first_name: null, created_at: at, updated_at: at, version: 1, reply_due_on: day(5), first_reply_at: null, awaiting_since: at, awaiting_due_on: day(5), author_seen_at: at });
		sessions.push({ id: newId(), user_id: parent, secret_hash: '00', created_at: at, last_used_at: at, expires_at: toTimestamp(new Date(now.getTime() + 3_600_000)) });
	}

	await db.transaction().execute(async (trx) => {
		await insertChunked(users, (c) => trx.insertInto('app_user').values(c).execute());
		await insertChunked(workerRows, (c) => trx.insertInto('worker').values(c).execute());
		await insertChunked(families, (c) => trx.insertInto('family').values(c).execute());
		await insertChunked(members, (c) => trx.insertInto('family_member').values(c).execute());
		await insertChunked(assignments, (c) => trx.insertInto('family_worker').values(c).execute());
		await insertChunked(plans, (c) => trx.insertInto('plan').values(c).execute());
		await insertChunked(reviews, (c) => trx.insertInto('review_meeting').values(c).execute());
		await insertChunked(agenda, (c) => trx.insertInto('agenda_item').values(c).execute());
		await insertChunked(goals, (c) => trx.insertInto('goal').values(c).execute());
		await insertChunked(positions, (c) => trx.insertInto('goal_position').values(c).execute());
		await insertChunked(views, (c) => trx.insertInto('young_view').values(c).execute());
		await insertChunked(handovers, (c) => trx.insertInto('handover').values(c).execute());
		await insertChunked(preferences, (c) => trx.insertInto('contact_preference').values(c).execute());
		await insertChunked(absences, (c) => trx.insertInto('worker_absence').values(c).execute());
		await insertChunked(actions, (c) => trx.insertInto('goal_action').values(c).execute());
		await insertChunked(news, (c) => trx.insertInto('news_item').values(c).execute());
		await insertChunked(audits, (c) => trx.insertInto('audit_event').values(c).execute());
		await insertChunked(outbox, (c) => trx.insertInto('outbox_message').values(c).execute());
		await insertChunked(requests, (c) => trx.insertInto('service_request').values(c).execute());
		await insertChunked(ratings, (c) => trx.insertInto('service_rating').values(c).execute());
		await insertChunked(sessions, (c) => trx.insertInto('user_session').values(c).execute());
	});

	return {
		familyIds: families.map((f) => f.id),
		parentUserIds: users.filter((u) => u.role === 'parent_carer').map((u) => u.id),
		workerUserIds: workers.map((w) => w.userId)
	};
}
