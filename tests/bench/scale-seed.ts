import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Insertable } from 'kysely';
import { hashPassword } from '../../src/lib/server/auth/password';
import { isPostgres, type DB } from '../../src/lib/server/db';
import type { Database } from '../../src/lib/server/db/schema';
import { DEMO_DIRECTORY_TEXT } from '../../src/lib/server/demo/seed-directory';
import { importDirectory } from '../../src/lib/server/directory/directory.service';
import { toTimestamp } from '../../src/lib/server/ids';
import { addAction, addCheckin, changeGoalStatus, recordPosition, savePlanSummary, setActionDone, suggestGoal, type ActionOwner } from '../../src/lib/server/plans/plans.service';
import { addAgendaItem, scheduleReview } from '../../src/lib/server/plans/reviews.service';
import { rateService } from '../../src/lib/server/ratings/ratings.service';
import { createView } from '../../src/lib/server/views/views.service';
import { addDays, addWorkingDays, ukToday } from '../../src/lib/server/clock';
import { DEFAULT_RATING_REPLY_DAYS } from '../../src/lib/ratings/ratings';
import type { OutcomeArea } from '../../src/lib/server/db/schema';

// A whole city for the benchmark: a few hundred services, one worker per 40 families (the lead of
// each), and families with accounts, plans, goals, promises, check-ins, positions, history, young
// people's views and ratings. The bulk is written as multi-row inserts, a chunk of families per
// transaction, with a seeded PRNG, so two runs with the same size and `now` write the same rows.
//
// Family 0 is the "bench family": its plan is written afterwards through the app's own services
// (as the pages would write it, history and "What's new" included) with exactly 6 goals, 20
// actions and 30 check-ins. Worker 0 is the "bench worker", lead of families 0–39.

export const FAMILIES_PER_WORKER = 40;
const FAMILIES_PER_TRANSACTION = 1000;
const SERVICE_COPIES = 34; // × the 9 demo services = 306 services
/** One password for every account, hashed once: nobody signs in with it, sessions are made directly. */
const BENCH_PASSWORD = 'common-ground-bench';
/** The directory search the benchmark runs (a word in the Money Matters copies' text). */
export const BENCH_SEARCH = 'debt';

const DAY = 24 * 60 * 60 * 1000;

export interface ScaleSeed {
	families: number;
	/** The bench family's parent, young person and family id. */
	parent: { userId: string; displayName: string };
	youngPerson: { userId: string };
	familyId: string;
	/** Lead worker of exactly 40 families, the bench family among them. */
	worker: { userId: string; workerId: string };
	/** A service that takes ratings (the bench worker works there). */
	ratedServiceId: string;
	/** Rows written, by table. */
	rows: Record<string, number>;
	totalRows: number;
}

export interface ScaleSeedOptions {
	families: number;
	/** Called after each transaction with the total rows written so far. */
	onProgress?: (rows: number) => void;
	now?: Date;
	seed?: number;
}

/** mulberry32: small, fast and good enough to spread test data. */
function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
	/** An id like newId()'s (20 bytes, base32), but from the seeded generator. */
	const id = () => {
		const bytes = new Uint8Array(20);
		for (let i = 0; i < 20; i += 4) {
			const v = (next() * 4294967296) >>> 0;
			bytes[i] = v & 255;
			bytes[i + 1] = (v >>> 8) & 255;
			bytes[i + 2] = (v >>> 16) & 255;
			bytes[i + 3] = v >>> 24;
		}
		return encodeBase32LowerCaseNoPadding(bytes);
	};
	const uuid = () => {
		const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
		hex[12] = '4';
		hex[16] = ((Number.parseInt(hex[16] as string, 16) & 3) | 8).toString(16);
		const s = hex.join('');
		return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
	};
	return { next, int, pick, id, uuid };
}
type Rng = ReturnType<typeof prng>;

// ---------------------------------------------------------------------------------------------
// Batched writing

type Table = keyof Database;
type Rows = { [T in Table]?: Insertable<Database[T]>[] };

/** Tables in the order their foreign keys need them. */
const ORDER: readonly Table[] = [
	'app_user',
	'worker',
	'worker_hours',
	'family',
	'family_member',
	'family_worker',
	'plan',
	'goal',
	'goal_position',
	'goal_action',
	'goal_checkin',
	'review_meeting',
	'plan_history',
	'young_view',
	'service_rating'
];

/** Bind parameters per statement: SQLite allows 32766, PostgreSQL 65535; stay under both with room. */
function parameterLimit(db: DB): number {
	return isPostgres(db) ? 60_000 : 30_000;
}

async function writeRows(db: DB, rows: Rows, counts: Record<string, number>): Promise<number> {
	const limit = parameterLimit(db);
	let written = 0;
	await db.transaction().execute(async (trx) => {
		for (const table of ORDER) {
			const list = rows[table] as Insertable<Database[Table]>[] | undefined;
			if (!list || list.length === 0) continue;
			const columns = Object.keys(list[0] as object).length;
			const perStatement = Math.max(1, Math.floor(limit / columns));
			for (let i = 0; i < list.length; i += perStatement) {
				// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one loop over every table's rows
				await trx.insertInto(table).values(list.slice(i, i + perStatement) as any).execute();
			}
			counts[table] = (counts[table] ?? 0) + list.length;
			written += list.length;
		}
	});
	return written;
}

function push<T extends Table>(rows: Rows, table: T, row: Insertable<Database[T]>): void {
	((rows[table] ??= []) as Insertable<Database[T]>[]).push(row);
}

// ---------------------------------------------------------------------------------------------
// Services: copies of the demo directory's nine, through the admin's own import.

interface OrukCopy {
	id: string;
	name: string;
	[key: string]: unknown;
}

const AREAS = ['North', 'South', 'East', 'West', 'Central', 'Riverside', 'Hillside', 'Old Town', 'Parkside', 'Harbour', 'Moorside', 'Brookfield'];

async function seedServices(db: DB, rng: Rng, now: Date): Promise<{ id: string; name: string }[]> {
	const demo = JSON.parse(DEMO_DIRECTORY_TEXT) as { contents: OrukCopy[] };
	const contents: OrukCopy[] = [];
	for (let copy = 0; copy < SERVICE_COPIES; copy++) {
		for (const template of demo.contents) {
			const clone = structuredClone(template);
			clone.id = copy === 0 ? template.id : rng.uuid();
			if (copy > 0) clone.name = `${template.name} (${AREAS[copy % AREAS.length]} ${Math.floor(copy / AREAS.length) + 1})`;
			contents.push(clone);
		}
	}
	const result = await importDirectory(db, JSON.stringify({ ...demo, contents, total_items: contents.length, size: contents.length }), now);
	if (!result.ok) throw new Error(`The bench directory has problems: ${JSON.stringify(result.problems).slice(0, 2000)}`);
	return db.selectFrom('service').select(['id', 'name']).orderBy('name').execute();
}

// ---------------------------------------------------------------------------------------------
// Families in bulk

const FIRST_NAMES = ['Amira', 'Dan', 'Kerry', 'Tom', 'Aisha', 'Bogdan', 'Sadia', 'Nadia', 'Lee', 'Ola', 'Hannah', 'Rhys', 'Siân', 'Marta', 'Ioana', 'Bilal', 'Chloe', 'Gareth', 'Zofia', 'Mihai'];
const YOUNG_NAMES = ['Leo', 'Mia', 'Jade', 'Ryan', 'Noor', 'Kacper', 'Elena', 'Osian', 'Zara', 'Finn', 'Maja', 'Yusuf', 'Ffion', 'Andrei'];
const SURNAMES = ['Hassan', 'Kowalski', 'Walsh', 'Price', 'Rahman', 'Popescu', 'Khan', 'Ali', 'Carter', 'Nowak', 'Green', 'Jones', 'Evans', 'Davies', 'Hughes', 'Morris', 'Ionescu', 'Wiśniewska'];
const OUTCOME_AREAS: readonly OutcomeArea[] = ['being_healthy', 'staying_safe', 'enjoying_achieving', 'positive_contribution', 'economic_wellbeing'];
const GOAL_TITLES = [
	'goes to school every day and feels OK there',
	'We have enough money for food and bills',
	'Our home is warm and dry',
	'plays football at the club on Saturdays',
	'is home by 9pm on school nights',
	'sleeps better before exams',
	'We eat together at least three times a week',
	'feels less worried in the mornings',
	'We know who to call when things get hard'
];
const ACTIONS = [
	'Meet the school to plan a softer start to the day',
	'Go through a benefits check together',
	'Write to the landlord about the damp, with photos',
	'Ask the club about help with fees',
	'Set two alarms and lay out uniform the night before',
	'Book an appointment about debts and bills',
	'Find a wellbeing group for teenagers near home',
	'Agree a text when leaving training'
];
const OTHER_SERVICES = ['Citizens Advice', 'Council Environmental Health', 'Housing Options', 'Young Carers Project'];
const VIEW_PROMPTS = ['home', 'school', 'friends', 'want_to_happen', 'worker_should_know', 'next_review'] as const;
const FEELINGS = ['great', 'good', 'okay', 'not_great', 'bad'] as const;
const SCORES = ['very_good', 'good', 'good', 'very_good', 'neither', 'poor', 'very_poor', 'dont_know'] as const;

interface WorkerRef {
	userId: string;
	workerId: string;
	serviceId: string;
}

interface BenchFamilyRefs {
	familyId: string;
	parent: { userId: string; memberId: string; displayName: string };
	young: { userId: string; memberId: string };
}

const dateOf = (d: Date) => d.toISOString().slice(0, 10);

/** Workers for families [from, to): worker w leads families 40w … 40w+39. */
function addWorker(rows: Rows, rng: Rng, w: number, services: { id: string }[], passwordHash: string, now: Date, familySupportId: string): WorkerRef {
	const userId = rng.id();
	const workerId = rng.id();
	const first = rng.pick(FIRST_NAMES);
	const last = rng.pick(SURNAMES);
	// The bench worker works for the Family Support Service, the service the bench parent rates.
	const serviceId = w === 0 ? familySupportId : (rng.pick(services) as { id: string }).id;
	const created = toTimestamp(new Date(now.getTime() - rng.int(200, 2000) * DAY));
	push(rows, 'app_user', { id: userId, username: `bench-worker-${w}`, display_name: `${first} ${last}`, role: 'worker', password_hash: passwordHash, created_at: created, disabled_at: null });
	push(rows, 'worker', { id: workerId, user_id: userId, service_id: serviceId, job_title: 'Family support worker', phone: `0161 496 ${String(w % 10000).padStart(4, '0')}`, email: `worker${w}@bench.example.org`, created_at: created });
	for (let weekday = 1; weekday <= 5; weekday++) push(rows, 'worker_hours', { worker_id: workerId, weekday, starts_at: '09:00', ends_at: weekday === 5 ? '13:00' : '17:00' });
	return { userId, workerId, serviceId };
}

/** One family with its accounts, members and lead; a plan unless it is the bench family (done later). */
function addFamily(rows: Rows, rng: Rng, f: number, lead: WorkerRef, services: { id: string }[], passwordHash: string, now: Date): BenchFamilyRefs {
	const familyId = rng.id();
	const surname = rng.pick(SURNAMES);
	const startedDaysAgo = rng.int(20, 700);
	const started = new Date(now.getTime() - startedDaysAgo * DAY);
	const startedAt = toTimestamp(started);
	push(rows, 'family', { id: familyId, name: surname, status: 'active', created_at: startedAt });

	const account = (username: string, displayName: string, role: 'parent_carer' | 'young_person') => {
		const id = rng.id();
		push(rows, 'app_user', { id, username, display_name: displayName, role, password_hash: passwordHash, created_at: startedAt, disabled_at: null });
		return id;
	};
	const member = (displayName: string, memberType: 'adult' | 'young_person', age: number, userId: string | null) => {
		const id = rng.id();
		const born = new Date(now.getTime() - (age * 365.25 + rng.int(20, 300)) * DAY);
		push(rows, 'family_member', { id, family_id: familyId, user_id: userId, display_name: displayName, member_type: memberType, date_of_birth: dateOf(born), created_at: startedAt });
		return id;
	};
	const parentFirst = rng.pick(FIRST_NAMES);
	const parentName = `${parentFirst} ${surname}`;
	const parentUserId = account(`bench-parent-${f}`, parentName, 'parent_carer');
	const parentMemberId = member(parentFirst, 'adult', rng.int(26, 55), parentUserId);
	const youngFirst = rng.pick(YOUNG_NAMES);
	const youngUserId = account(`bench-young-${f}`, `${youngFirst} ${surname}`, 'young_person');
	const youngMemberId = member(youngFirst, 'young_person', rng.int(11, 17), youngUserId);
	const accounts = [parentUserId, youngUserId];
	const members = [parentMemberId, youngMemberId];
	// The bench family is always one parent, one young person with an account and a younger child.
	if (f !== 0 && rng.next() < 0.3) {
		const secondFirst = rng.pick(FIRST_NAMES);
		const secondUserId = account(`bench-carer-${f}`, `${secondFirst} ${surname}`, 'parent_carer');
		members.push(member(secondFirst, 'adult', rng.int(26, 60), secondUserId));
		accounts.push(secondUserId);
	}
	// A younger child, with no account.
	if (f === 0 || rng.next() < 0.6) member(rng.pick(YOUNG_NAMES), 'young_person', rng.int(2, 10), null);
	push(rows, 'family_worker', { id: rng.id(), family_id: familyId, worker_id: lead.workerId, role: 'lead', part_in_plan: null, started_at: startedAt, ended_at: null });

	const refs: BenchFamilyRefs = {
		familyId,
		parent: { userId: parentUserId, memberId: parentMemberId, displayName: parentName },
		young: { userId: youngUserId, memberId: youngMemberId }
	};
	if (f === 0) return refs;

	addPlan(rows, rng, { familyId, started, accounts, members, lead, now });
	addViews(rows, rng, { familyId, youngUserId, lead, now, started });
	if (rng.next() < 0.25) {
		const at = new Date(now.getTime() - rng.int(1, Math.min(startedDaysAgo, 300)) * DAY);
		const anonymous = rng.next() < 0.7;
		const replied = rng.next() < 0.7;
		const due = addWorkingDays(ukToday(at), DEFAULT_RATING_REPLY_DAYS);
		push(rows, 'service_rating', {
			id: rng.id(),
			service_id: (rng.pick(services) as { id: string }).id,
			author_user_id: parentUserId,
			score: rng.pick(SCORES),
			what_was_good: rng.next() < 0.6 ? 'They listened and never made me feel judged.' : null,
			could_be_better: rng.next() < 0.5 ? 'It took a while before anyone called me back.' : null,
			anonymous: anonymous ? 1 : 0,
			first_name: anonymous ? null : parentFirst,
			created_at: toTimestamp(at),
			updated_at: toTimestamp(at),
			version: 1,
			reply_due_on: due,
			first_reply_at: replied ? toTimestamp(new Date(at.getTime() + 2 * DAY)) : null,
			awaiting_since: replied ? null : toTimestamp(at),
			awaiting_due_on: replied ? null : due,
			author_seen_at: null
		});
	}
	return refs;
}

function addPlan(
	rows: Rows,
	rng: Rng,
	p: { familyId: string; started: Date; accounts: string[]; members: string[]; lead: WorkerRef; now: Date }
): void {
	const planId = rng.id();
	const span = Math.max(1, Math.round((p.now.getTime() - p.started.getTime()) / DAY));
	const at = (daysAfterStart: number) => toTimestamp(new Date(p.started.getTime() + Math.min(daysAfterStart, span - 1) * DAY + rng.int(0, 36_000_000)));
	const history = (goalId: string | null, actor: string, when: string, kind: 'goal_suggested' | 'action_added' | 'checkin_added' | 'status_changed', value: string) =>
		push(rows, 'plan_history', { id: rng.id(), plan_id: planId, goal_id: goalId, actor_user_id: actor, happened_at: when, kind, field: null, old_value: null, new_value: value, note: null });
	push(rows, 'plan', {
		id: planId,
		family_id: p.familyId,
		going_well: 'The family are close and look out for each other. They asked for support themselves.',
		worried_about: 'School attendance has dropped this term and money is tight.',
		needs_to_happen: 'The children feel settled at school and the family has enough money for the basics.',
		version: 2,
		created_at: at(1),
		updated_at: at(2),
		updated_by_user_id: p.lead.userId
	});
	const people = [...p.accounts, p.lead.userId];
	const goals = rng.int(1, 6);
	for (let g = 0; g < goals; g++) {
		const goalId = rng.id();
		const roll = rng.next();
		const status = roll < 0.5 ? 'working_on' : roll < 0.65 ? 'agreed' : roll < 0.8 ? 'suggested' : roll < 0.95 ? 'done' : 'stopped';
		const by = rng.pick(people);
		const created = at(rng.int(1, 20));
		push(rows, 'goal', {
			id: goalId,
			plan_id: planId,
			title: rng.pick(GOAL_TITLES),
			why_it_matters: 'It makes everyone at home less tense.',
			how_we_know: 'We say so at the review, and the check-ins go up.',
			outcome_area: rng.pick(OUTCOME_AREAS),
			status,
			stopped_reason: status === 'stopped' ? 'We agreed this is not needed any more.' : null,
			suggested_by_user_id: by,
			version: 1,
			created_at: created,
			updated_at: created,
			updated_by_user_id: by
		});
		history(goalId, by, created, 'goal_suggested', 'goal');
		// Everyone agreed, except on goals still only suggested, where some have not said yet.
		for (const userId of people) {
			if (status === 'suggested' && rng.next() < 0.5) continue;
			const notSure = status === 'suggested' && rng.next() < 0.3;
			push(rows, 'goal_position', { goal_id: goalId, user_id: userId, position: notSure ? 'not_sure' : 'agree', reason: null, recorded_at: created, reply: null, reply_by_user_id: null, replied_at: null });
		}
		if (status !== 'suggested') history(goalId, p.lead.userId, created, 'status_changed', status);
		const actions = rng.int(0, 5);
		for (let a = 0; a < actions; a++) {
			const kind = rng.next();
			const due = addDays(ukToday(p.now), rng.int(-60, 30));
			const done = rng.next() < 0.5 && due < ukToday(p.now);
			const createdAt = at(rng.int(2, 40));
			push(rows, 'goal_action', {
				id: rng.id(),
				goal_id: goalId,
				description: rng.pick(ACTIONS),
				owner_member_id: kind < 0.45 ? rng.pick(p.members) : null,
				owner_worker_id: kind >= 0.45 && kind < 0.85 ? p.lead.workerId : null,
				owner_service_name: kind >= 0.85 ? rng.pick(OTHER_SERVICES) : null,
				due_date: due,
				done_on: done ? due : null,
				created_at: createdAt,
				created_by_user_id: p.lead.userId
			});
			history(goalId, p.lead.userId, createdAt, 'action_added', 'action');
		}
		const checkins = rng.int(0, 10);
		for (let c = 0; c < checkins; c++) {
			const who = rng.pick(people);
			const daysAgo = Math.min(span - 1, (checkins - c) * 7 - rng.int(0, 3));
			const when = new Date(p.now.getTime() - Math.max(0, daysAgo) * DAY);
			const score = rng.int(1, 9);
			push(rows, 'goal_checkin', {
				id: rng.id(),
				goal_id: goalId,
				user_id: who,
				side: who === p.lead.userId ? 'worker' : 'family',
				score,
				comment: rng.next() < 0.15 ? 'Better most weeks. Mondays are still hard.' : null,
				checked_in_on: dateOf(when),
				created_at: toTimestamp(when)
			});
			history(goalId, who, toTimestamp(when), 'checkin_added', String(score));
		}
	}
	if (rng.next() < 0.4) {
		push(rows, 'review_meeting', {
			id: rng.id(),
			plan_id: planId,
			meeting_date: addDays(ukToday(p.now), rng.int(3, 60)),
			place: 'Family Centre, Room 2',
			decisions: null,
			held_at: null,
			recorded_by_user_id: null,
			created_at: at(rng.int(10, 60))
		});
	}
}

function addViews(rows: Rows, rng: Rng, p: { familyId: string; youngUserId: string; lead: WorkerRef; now: Date; started: Date }): void {
	const views = rng.int(0, 3);
	for (let v = 0; v < views; v++) {
		const when = new Date(Math.max(p.started.getTime(), p.now.getTime() - rng.int(1, 200) * DAY));
		const at = toTimestamp(when);
		const audience = rng.pick(['worker', 'family', 'only_me'] as const);
		const shared = audience !== 'only_me';
		const due = shared ? addWorkingDays(ukToday(when), 5) : null;
		const read = shared && rng.next() < 0.7;
		push(rows, 'young_view', {
			id: rng.id(),
			family_id: p.familyId,
			author_user_id: p.youngUserId,
			prompt: rng.pick(VIEW_PROMPTS),
			feeling: rng.pick(FEELINGS),
			body: 'Sometimes I do not want to go and nobody asks me. I want to choose more things myself.',
			audience,
			created_at: at,
			updated_at: at,
			version: 1,
			shared_at: shared ? at : null,
			reply_due_on: due,
			first_reply_at: null,
			awaiting_since: shared && !read ? at : null,
			awaiting_due_on: shared && !read ? due : null,
			read_at: read ? at : null,
			read_by_user_id: read ? p.lead.userId : null,
			author_seen_at: null
		});
	}
}

// ---------------------------------------------------------------------------------------------
// The bench family's plan, through the app's services

async function seedBenchPlan(db: DB, refs: BenchFamilyRefs, worker: WorkerRef, ratedService: { id: string }, now: Date): Promise<void> {
	const familyId = refs.familyId;
	const parent = { userId: refs.parent.userId, role: 'member' as const };
	const young = { userId: refs.young.userId, role: 'member' as const };
	const lead = { userId: worker.userId, role: 'lead' as const };
	const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
	await savePlanSummary(
		db,
		{
			familyId,
			actor: lead,
			version: 0,
			summary: {
				goingWell: 'The family are close and look out for each other. They asked for support themselves.',
				worriedAbout: 'School attendance has dropped this term, money is tight and the flat is damp.',
				needsToHappen: 'The children feel settled at school, the family has enough money and a warm, dry home.'
			}
		},
		daysAgo(70)
	);
	const goalIds: string[] = [];
	for (let g = 0; g < 6; g++) {
		goalIds.push(
			await suggestGoal(
				db,
				{
					familyId,
					actor: g % 2 === 0 ? parent : lead,
					goal: {
						title: GOAL_TITLES[g] as string,
						whyItMatters: 'It makes everyone at home less tense.',
						howWeKnow: 'We say so at the review, and the check-ins go up.',
						outcomeArea: OUTCOME_AREAS[g % OUTCOME_AREAS.length] as OutcomeArea
					}
				},
				daysAgo(65 - g)
			)
		);
	}
	// Five goals agreed by everyone and worked on (one done); the sixth waits for the young person.
	for (const [g, goalId] of goalIds.entries()) {
		for (const who of g === 5 ? [parent, lead] : [parent, young, lead]) {
			await recordPosition(db, { familyId, goalId, actor: who, position: 'agree', reason: null }, daysAgo(58 - g));
		}
		if (g < 5) {
			await changeGoalStatus(db, { familyId, goalId, actor: lead, status: g === 4 ? 'done' : 'working_on', stoppedReason: null }, daysAgo(55 - g));
		}
	}
	const owners: ActionOwner[] = [
		{ kind: 'member', id: refs.parent.memberId },
		{ kind: 'worker', id: worker.workerId },
		{ kind: 'member', id: refs.young.memberId },
		{ kind: 'service', name: 'Citizens Advice' }
	];
	const actionsPerGoal = [4, 4, 4, 3, 3, 2];
	let n = 0;
	for (const [g, goalId] of goalIds.entries()) {
		for (let a = 0; a < (actionsPerGoal[g] as number); a++, n++) {
			const dueIn = -40 + n * 4;
			const owner = owners[n % owners.length] as ActionOwner;
			const actionId = await addAction(
				db,
				{ familyId, goalId, actor: lead, description: ACTIONS[n % ACTIONS.length] as string, owner, dueDate: addDays(ukToday(now), dueIn) },
				daysAgo(50 - n)
			);
			if (dueIn < 0 && n % 3 !== 2) {
				const by = owner.kind === 'member' ? (owner.id === refs.young.memberId ? young : parent) : lead;
				await setActionDone(
					db,
					{ familyId, goalId, actionId, actor: by, actorWorkerId: by === lead ? worker.workerId : null, doneOn: addDays(ukToday(now), dueIn) },
					daysAgo(-dueIn)
				);
			}
		}
	}
	const checkinsPerGoal = [6, 6, 6, 5, 5, 2];
	for (const [g, goalId] of goalIds.entries()) {
		const count = checkinsPerGoal[g] as number;
		for (let c = 0; c < count; c++) {
			const who = [parent, young, lead][c % 3] as typeof parent | typeof lead;
			const ago = (count - c) * 7 - 1;
			await addCheckin(
				db,
				{
					familyId,
					goalId,
					actor: who,
					actorWorkerId: who === lead ? worker.workerId : null,
					score: Math.min(10, 2 + c + (g % 3)),
					comment: c === count - 1 ? 'Better most weeks. Mondays are still hard.' : null,
					date: dateOf(daysAgo(ago))
				},
				daysAgo(ago)
			);
		}
	}
	await scheduleReview(db, { familyId, actor: lead, date: addDays(ukToday(now), 30), place: 'Family Centre, Room 2' }, daysAgo(6));
	await addAgendaItem(db, { familyId, actor: young, text: 'I want to talk about coming home at 9.30 on Tuesdays.' }, daysAgo(3));
	await createView(
		db,
		{ familyId, authorUserId: refs.young.userId, view: { prompt: 'school', feeling: 'okay', body: 'Mornings are easier with the check-in. Mondays are still hard.', audience: 'family' } },
		daysAgo(10)
	);
	await rateService(
		db,
		{ userId: refs.parent.userId, displayName: refs.parent.displayName },
		{ id: ratedService.id, ratingReplyDays: DEFAULT_RATING_REPLY_DAYS },
		{ score: 'good', whatWasGood: 'The plan is in our own words.', couldBeBetter: null, anonymous: true },
		null,
		daysAgo(2)
	);
}

// ---------------------------------------------------------------------------------------------

/** Seeds a migrated, empty database with `families` families (at least 40). */
export async function seedScale(db: DB, options: ScaleSeedOptions): Promise<ScaleSeed> {
	const families = Math.floor(options.families);
	if (!(families >= FAMILIES_PER_WORKER)) throw new Error(`--families must be at least ${FAMILIES_PER_WORKER}`);
	if (await db.selectFrom('family').select('id').limit(1).executeTakeFirst()) throw new Error('The database already has families: seed an empty one');
	const now = options.now ?? new Date();
	const rng = prng(options.seed ?? 20261124);
	const counts: Record<string, number> = {};
	let total = 0;

	const services = await seedServices(db, rng, now);
	counts.service = services.length;
	total += services.length;
	const familySupport = services.find((s) => s.name === 'Family Support Service');
	if (!familySupport) throw new Error('The bench directory has no Family Support Service');
	const passwordHash = await hashPassword(BENCH_PASSWORD);

	let bench: BenchFamilyRefs | undefined;
	let benchWorker: WorkerRef | undefined;
	let worker: WorkerRef | undefined;
	for (let from = 0; from < families; from += FAMILIES_PER_TRANSACTION) {
		const rows: Rows = {};
		const to = Math.min(families, from + FAMILIES_PER_TRANSACTION);
		for (let f = from; f < to; f++) {
			if (f % FAMILIES_PER_WORKER === 0) {
				worker = addWorker(rows, rng, f / FAMILIES_PER_WORKER, services, passwordHash, now, familySupport.id);
				benchWorker ??= worker;
			}
			const refs = addFamily(rows, rng, f, worker as WorkerRef, services, passwordHash, now);
			bench ??= refs;
		}
		total += await writeRows(db, rows, counts);
		options.onProgress?.(total);
	}
	if (!bench || !benchWorker) throw new Error('No bench family was made');
	await seedBenchPlan(db, bench, benchWorker, familySupport, now);
	// What the services wrote for the bench family (history, news, the view, the rating) is small;
	// count the bench plan's own rows into the totals too.
	for (const table of ['goal', 'goal_action', 'goal_checkin', 'goal_position', 'plan_history', 'review_meeting', 'agenda_item', 'young_view', 'service_rating', 'news_item'] as const) {
		const before = counts[table] ?? 0;
		const after = Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
		counts[table] = after;
		total += after - before;
	}
	options.onProgress?.(total);
	return {
		families,
		parent: { userId: bench.parent.userId, displayName: bench.parent.displayName },
		youngPerson: { userId: bench.young.userId },
		familyId: bench.familyId,
		worker: { userId: benchWorker.userId, workerId: benchWorker.workerId },
		ratedServiceId: familySupport.id,
		rows: counts,
		totalRows: total
	};
}
