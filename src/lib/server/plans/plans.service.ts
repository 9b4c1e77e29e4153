import type { DB, Executor } from '../db';
import { parseJsonArray } from '../db/json';
import type {
	CheckinSide,
	GoalStatus,
	MemberType,
	OutcomeArea,
	PlanHistoryKind,
	PlanRow,
	Position
} from '../db/schema';
import { newId, toTimestamp } from '../ids';
import {
	findActionInGoal,
	findGoalInFamilyForUpdate,
	findNextReview,
	findPlanByFamily,
	findPlanByFamilyForUpdate,
	findPlanHeader,
	findPosition,
	insertAction,
	insertAgendaItem,
	insertCheckin,
	insertGoal,
	insertHistory,
	insertPlanIfMissing,
	insertReview,
	listActionsOwnedByServiceWorkers,
	listActionsOwnedByWorkerUser,
	listGoalsWithDetails,
	listHeldReviews,
	listHistory,
	listNeedsReplyForLead,
	listPlanPeople,
	listPositions,
	markAgendaItemNoted,
	setActionDoneOn,
	setPositionReply,
	updateGoalIfVersion,
	updateGoalStatus,
	updatePlanSummaryIfVersion,
	updateReview,
	upsertPosition,
	workerOwnsActionInGoal,
	type ActionJson,
	type CheckinJson,
	type GoalWithDetailsRow,
	type PlanPersonRow,
	type PositionJson
} from './plans.repository';

export type { CheckinSide, GoalStatus, OutcomeArea, Position } from '../db/schema';

export const OUTCOME_AREAS: readonly OutcomeArea[] = [
	'being_healthy',
	'staying_safe',
	'enjoying_achieving',
	'positive_contribution',
	'economic_wellbeing'
];
export const GOAL_STATUSES: readonly GoalStatus[] = ['suggested', 'agreed', 'working_on', 'done', 'stopped'];
export const POSITIONS: readonly Position[] = ['agree', 'not_sure', 'disagree'];

/**
 * Where a goal may go next by hand. "Agreed" is never chosen: it follows from everyone agreeing.
 * A stopped goal can be started again, which puts it back to everyone's agreement.
 */
export const NEXT_STATUSES: Record<GoalStatus, readonly GoalStatus[]> = {
	suggested: ['stopped'],
	agreed: ['working_on', 'done', 'stopped'],
	working_on: ['done', 'stopped'],
	done: ['working_on'],
	stopped: ['suggested']
};

// ---------------------------------------------------------------------------------------------
// Domain types

/** How the viewer takes part in the plan; decides which forms they see and may use. */
export type PlanRole = 'member' | 'lead' | 'team' | 'manager';

export interface PlanPerson {
	kind: 'member' | 'worker';
	/** family_member.id or worker.id */
	id: string;
	userId: string | null;
	name: string;
	memberType: MemberType | null;
	workerRole: 'lead' | 'team' | null;
	serviceName: string | null;
}

export interface PositionEntry {
	userId: string;
	name: string;
	/** Whether this person is a young person, so their voice is labelled as theirs. */
	isYoungPerson: boolean;
	isLeadWorker: boolean;
	position: Position | null;
	reason: string | null;
	recordedAt: string | null;
	reply: string | null;
	replyByName: string | null;
	repliedAt: string | null;
}

export type ActionState = 'done_on_time' | 'done_late' | 'overdue' | 'to_do';

export interface PlanAction {
	id: string;
	description: string;
	ownerKind: 'member' | 'worker' | 'service';
	ownerId: string | null;
	ownerName: string;
	dueDate: string;
	doneOn: string | null;
	state: ActionState;
}

export interface Checkin {
	id: string;
	userId: string;
	name: string;
	side: CheckinSide;
	score: number;
	comment: string | null;
	date: string;
}

export interface ProgressSeries {
	userId: string;
	name: string;
	side: CheckinSide;
	points: { date: string; score: number }[];
	latest: { date: string; score: number; comment: string | null };
	first: { date: string; score: number };
}

export interface PlanGoal {
	id: string;
	title: string;
	whyItMatters: string;
	howWeKnow: string;
	outcomeArea: OutcomeArea;
	status: GoalStatus;
	stoppedReason: string | null;
	suggestedByName: string;
	createdAt: string;
	updatedAt: string;
	updatedByName: string;
	version: number;
	positions: PositionEntry[];
	/** True when someone does not agree and nobody has answered them yet. */
	hasUnansweredDisagreement: boolean;
	actions: PlanAction[];
	checkins: Checkin[];
	progress: ProgressSeries[];
}

export interface PromisesKept {
	kept: number;
	due: number;
}

export interface OwnerPromises extends PromisesKept {
	ownerKind: PlanAction['ownerKind'];
	ownerName: string;
}

export interface AgendaItem {
	id: string;
	text: string;
	addedByName: string;
	addedByUserId: string;
	createdAt: string;
	notedAt: string | null;
}

export interface NextReview {
	id: string;
	date: string;
	place: string;
	agenda: AgendaItem[];
}

export interface PlanSummary {
	goingWell: string;
	worriedAbout: string;
	needsToHappen: string;
}

export interface PlanView {
	familyId: string;
	familyName: string;
	/** Null until someone first writes in the plan. */
	planId: string | null;
	summary: PlanSummary;
	version: number;
	updatedAt: string | null;
	updatedByName: string | null;
	people: PlanPerson[];
	goals: PlanGoal[];
	review: NextReview | null;
	promises: PromisesKept;
	promisesByOwner: OwnerPromises[];
	today: string;
}

/** A rule the plan keeps was about to be broken; the route turns `code` into a status and message. */
export class PlanRuleError extends Error {
	constructor(
		public readonly code:
			| 'not_found'
			| 'not_allowed'
			| 'status_not_allowed'
			| 'no_review'
			| 'review_exists'
			| 'not_a_disagreement'
			| 'owner_not_in_plan'
	) {
		super(code);
		this.name = 'PlanRuleError';
	}
}

/** Someone else saved a newer version since the editor opened the form. */
export class StaleEditError<T> extends Error {
	constructor(
		public readonly current: T,
		public readonly currentVersion: number,
		public readonly changedByName: string,
		public readonly changedAt: string
	) {
		super('stale_edit');
		this.name = 'StaleEditError';
	}
}

// ---------------------------------------------------------------------------------------------
// Dates

const UK_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** Today's date where the families are (YYYY-MM-DD), which decides what is overdue. */
export function ukToday(now = new Date()): string {
	return UK_DATE.format(now);
}

// ---------------------------------------------------------------------------------------------
// Reading the plan

function toPerson(row: PlanPersonRow): PlanPerson {
	return {
		kind: row.kind,
		id: row.id,
		userId: row.user_id,
		name: row.display_name,
		memberType: row.kind === 'member' ? (row.detail as MemberType) : null,
		workerRole: row.kind === 'worker' ? (row.detail as 'lead' | 'team') : null,
		serviceName: row.service_name
	};
}

const PERSON_ORDER = { adult: 0, young_person: 1, lead: 2, team: 3 } as const;

/** Family first (adults, then young people), then the lead worker, then the team; by name within. */
function byPlanOrder(a: PlanPerson, b: PlanPerson): number {
	const rank = (p: PlanPerson) => PERSON_ORDER[p.memberType ?? p.workerRole ?? 'team'];
	return rank(a) - rank(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/** People whose agreement makes a goal "agreed": family members with an account and the lead worker. */
export function peopleWhoAgree(people: readonly PlanPerson[]): PlanPerson[] {
	const members = people
		.filter((p) => p.kind === 'member' && p.userId)
		// Adults first, then young people, each in name order: everyone's voice in the same list.
		.sort((a, b) => (a.memberType === b.memberType ? a.name.localeCompare(b.name) : a.memberType === 'adult' ? -1 : 1));
	const lead = people.filter((p) => p.workerRole === 'lead');
	return [...members, ...lead];
}

function toPositions(people: readonly PlanPerson[], rows: PositionJson[]): PositionEntry[] {
	const byUser = new Map(rows.map((r) => [r.user_id, r]));
	const required = peopleWhoAgree(people);
	const entries: PositionEntry[] = required.map((p) => {
		const row = p.userId ? byUser.get(p.userId) : undefined;
		if (p.userId) byUser.delete(p.userId);
		return {
			userId: p.userId ?? '',
			name: p.name,
			isYoungPerson: p.memberType === 'young_person',
			isLeadWorker: p.workerRole === 'lead',
			position: row?.position ?? null,
			reason: row?.reason ?? null,
			recordedAt: row?.recorded_at ?? null,
			reply: row?.reply ?? null,
			replyByName: row?.reply_by_name ?? null,
			repliedAt: row?.replied_at ?? null
		};
	});
	// Someone who said something and has since left the plan (a previous worker) is still shown.
	for (const row of byUser.values()) {
		entries.push({
			userId: row.user_id,
			name: row.display_name,
			isYoungPerson: false,
			isLeadWorker: false,
			position: row.position,
			reason: row.reason,
			recordedAt: row.recorded_at,
			reply: row.reply,
			replyByName: row.reply_by_name,
			repliedAt: row.replied_at
		});
	}
	return entries;
}

export function actionState(dueDate: string, doneOn: string | null, today: string): ActionState {
	if (doneOn) return doneOn <= dueDate ? 'done_on_time' : 'done_late';
	return dueDate < today ? 'overdue' : 'to_do';
}

function toAction(row: ActionJson, today: string): PlanAction {
	const ownerKind = row.owner_member_id ? 'member' : row.owner_worker_id ? 'worker' : 'service';
	return {
		id: row.id,
		description: row.description,
		ownerKind,
		ownerId: row.owner_member_id ?? row.owner_worker_id,
		ownerName: row.owner_service_name ?? row.owner_name ?? '',
		dueDate: row.due_date,
		doneOn: row.done_on,
		state: actionState(row.due_date, row.done_on, today)
	};
}

/**
 * "Promises kept": of the actions that have come due (or were done), how many were done by
 * their date. Actions not yet due and not done do not count either way.
 */
export function promisesKept(actions: readonly Pick<PlanAction, 'dueDate' | 'doneOn'>[], today: string): PromisesKept {
	let kept = 0;
	let due = 0;
	for (const a of actions) {
		if (a.doneOn === null && a.dueDate >= today) continue;
		due += 1;
		if (a.doneOn !== null && a.doneOn <= a.dueDate) kept += 1;
	}
	return { kept, due };
}

function promisesByOwner(actions: readonly PlanAction[], today: string): OwnerPromises[] {
	const groups = new Map<string, PlanAction[]>();
	for (const a of actions) {
		const key = `${a.ownerKind}:${a.ownerId ?? a.ownerName}`;
		const list = groups.get(key) ?? [];
		list.push(a);
		groups.set(key, list);
	}
	const result: OwnerPromises[] = [];
	for (const list of groups.values()) {
		const counts = promisesKept(list, today);
		if (counts.due === 0) continue;
		result.push({ ownerKind: list[0]!.ownerKind, ownerName: list[0]!.ownerName, ...counts });
	}
	return result.sort((a, b) => a.ownerName.localeCompare(b.ownerName));
}

function toCheckin(row: CheckinJson, names: ReadonlyMap<string, string>): Checkin {
	return {
		id: row.id,
		userId: row.user_id,
		// The name the family knows this person by in the plan, if they are still in it.
		name: names.get(row.user_id) ?? row.display_name,
		side: row.side,
		score: Number(row.score),
		comment: row.comment,
		date: row.checked_in_on
	};
}

/** One line per person: the family's and the workers' ratings are never merged or overwritten. */
export function progressSeries(checkins: readonly Checkin[]): ProgressSeries[] {
	const byUser = new Map<string, Checkin[]>();
	for (const c of checkins) {
		const list = byUser.get(c.userId) ?? [];
		list.push(c);
		byUser.set(c.userId, list);
	}
	const series: ProgressSeries[] = [];
	for (const list of byUser.values()) {
		list.sort((a, b) => (a.date === b.date ? 0 : a.date < b.date ? -1 : 1));
		const first = list[0]!;
		const last = list[list.length - 1]!;
		series.push({
			userId: first.userId,
			name: first.name,
			side: first.side,
			points: list.map((c) => ({ date: c.date, score: c.score })),
			latest: { date: last.date, score: last.score, comment: last.comment },
			first: { date: first.date, score: first.score }
		});
	}
	// The family's lines first, then the workers'.
	return series.sort((a, b) => (a.side === b.side ? a.name.localeCompare(b.name) : a.side === 'family' ? -1 : 1));
}

function toGoal(row: GoalWithDetailsRow, people: readonly PlanPerson[], today: string): PlanGoal {
	const positions = toPositions(people, parseJsonArray(row.positions));
	const names = new Map(people.filter((p) => p.userId).map((p) => [p.userId!, p.name]));
	const checkins = parseJsonArray(row.checkins).map((c) => toCheckin(c, names));
	return {
		id: row.id,
		title: row.title,
		whyItMatters: row.why_it_matters,
		howWeKnow: row.how_we_know,
		outcomeArea: row.outcome_area,
		status: row.status,
		stoppedReason: row.stopped_reason,
		suggestedByName: row.suggested_by_name,
		createdAt: row.created_at,
		updatedAt: row.updated_at,
		updatedByName: row.updated_by_name,
		version: Number(row.version),
		positions,
		hasUnansweredDisagreement: positions.some((p) => p.position === 'disagree' && !p.repliedAt),
		actions: parseJsonArray(row.actions)
			.map((a) => toAction(a, today))
			.sort((a, b) => (a.dueDate === b.dueDate ? a.id.localeCompare(b.id) : a.dueDate < b.dueDate ? -1 : 1)),
		checkins,
		progress: progressSeries(checkins)
	};
}

/**
 * Everything the plan page shows, in three queries (header, people, goals with their details).
 * `goalId` narrows the goals to one, for the goal's own page.
 */
export async function getPlanView(
	db: Executor,
	familyId: string,
	options: { goalId?: string; now?: Date } = {}
): Promise<PlanView | null> {
	const today = ukToday(options.now);
	const [header, peopleRows] = await Promise.all([findPlanHeader(db, familyId), listPlanPeople(db, familyId)]);
	if (!header) return null;
	const people = peopleRows.map(toPerson).sort(byPlanOrder);
	const goalRows = header.plan_id ? await listGoalsWithDetails(db, header.plan_id, options.goalId) : [];
	const goals = goalRows.map((g) => toGoal(g, people, today));
	const allActions = goals.flatMap((g) => g.actions);
	return {
		familyId: header.family_id,
		familyName: header.family_name,
		planId: header.plan_id,
		summary: {
			goingWell: header.going_well ?? '',
			worriedAbout: header.worried_about ?? '',
			needsToHappen: header.needs_to_happen ?? ''
		},
		version: Number(header.version ?? 0),
		updatedAt: header.updated_at,
		updatedByName: header.updated_by_name,
		people,
		goals,
		review:
			header.review_id && header.meeting_date && header.place !== null
				? {
						id: header.review_id,
						date: header.meeting_date,
						place: header.place,
						agenda: parseJsonArray(header.agenda).map((a) => ({
							id: a.id,
							text: a.text,
							addedByName: a.added_by_name,
							addedByUserId: a.added_by_user_id,
							createdAt: a.created_at,
							notedAt: a.noted_at
						}))
					}
				: null,
		promises: promisesKept(allActions, today),
		promisesByOwner: promisesByOwner(allActions, today),
		today
	};
}

// ---------------------------------------------------------------------------------------------
// Changing the plan. Each function is one unit of work that owns its transaction, writes its
// history rows in the same transaction, and takes `now` so tests can control the clock.

interface Actor {
	userId: string;
	role: PlanRole;
}

type HistoryEntry = {
	goalId?: string | null;
	kind: PlanHistoryKind;
	field?: string | null;
	oldValue?: string | null;
	newValue?: string | null;
	note?: string | null;
};

async function record(db: Executor, planId: string, actor: Actor, now: Date, entries: HistoryEntry[]): Promise<void> {
	await insertHistory(
		db,
		entries.map((e, i) => ({
			id: newId(),
			plan_id: planId,
			goal_id: e.goalId ?? null,
			actor_user_id: actor.userId,
			// Entries written together keep their order when sorted by time.
			happened_at: toTimestamp(new Date(now.getTime() + i)),
			kind: e.kind,
			field: e.field ?? null,
			old_value: e.oldValue ?? null,
			new_value: e.newValue ?? null,
			note: e.note ?? null
		}))
	);
}

/** The family's plan, creating an empty one the first time anyone writes in it. */
async function ensurePlanRow(db: Executor, familyId: string, now: Date): Promise<PlanRow> {
	const existing = await findPlanByFamilyForUpdate(db, familyId);
	if (existing) return existing;
	const at = toTimestamp(now);
	await insertPlanIfMissing(db, {
		id: newId(),
		family_id: familyId,
		going_well: '',
		worried_about: '',
		needs_to_happen: '',
		// Version 0 is "nothing written yet", which is what an editor of an empty plan opened.
		version: 0,
		created_at: at,
		updated_at: at,
		updated_by_user_id: null
	});
	const plan = await findPlanByFamilyForUpdate(db, familyId);
	if (!plan) throw new PlanRuleError('not_found');
	return plan;
}

export async function ensurePlan(db: Executor, familyId: string, now = new Date()): Promise<string> {
	return (await ensurePlanRow(db, familyId, now)).id;
}

const SUMMARY_FIELDS = [
	['goingWell', 'going_well'],
	['worriedAbout', 'worried_about'],
	['needsToHappen', 'needs_to_happen']
] as const;

export async function savePlanSummary(
	db: DB,
	input: { familyId: string; actor: Actor; version: number; summary: PlanSummary },
	now = new Date()
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const plan = await ensurePlanRow(trx, input.familyId, now);
		const planId = plan.id;
		const saved = await updatePlanSummaryIfVersion(trx, planId, input.version, {
			going_well: input.summary.goingWell,
			worried_about: input.summary.worriedAbout,
			needs_to_happen: input.summary.needsToHappen,
			updated_at: toTimestamp(now),
			updated_by_user_id: input.actor.userId
		});
		if (!saved) {
			const header = await findPlanHeader(trx, input.familyId);
			throw new StaleEditError<PlanSummary>(
				{ goingWell: plan.going_well, worriedAbout: plan.worried_about, needsToHappen: plan.needs_to_happen },
				plan.version,
				header?.updated_by_name ?? '',
				plan.updated_at
			);
		}
		const changes: HistoryEntry[] = [];
		for (const [key, column] of SUMMARY_FIELDS) {
			if (plan[column] !== input.summary[key]) {
				changes.push({ kind: 'summary_changed', field: column, oldValue: plan[column], newValue: input.summary[key] });
			}
		}
		await record(trx, planId, input.actor, now, changes);
	});
}

export interface GoalText {
	title: string;
	whyItMatters: string;
	howWeKnow: string;
	outcomeArea: OutcomeArea;
}

/** Anyone who may change the plan may suggest a goal; it starts as "suggested". */
export async function suggestGoal(
	db: DB,
	input: { familyId: string; actor: Actor; goal: GoalText },
	now = new Date()
): Promise<string> {
	const id = newId();
	await db.transaction().execute(async (trx) => {
		const planId = await ensurePlan(trx, input.familyId, now);
		const at = toTimestamp(now);
		await insertGoal(trx, {
			id,
			plan_id: planId,
			title: input.goal.title,
			why_it_matters: input.goal.whyItMatters,
			how_we_know: input.goal.howWeKnow,
			outcome_area: input.goal.outcomeArea,
			status: 'suggested',
			stopped_reason: null,
			suggested_by_user_id: input.actor.userId,
			version: 1,
			created_at: at,
			updated_at: at,
			updated_by_user_id: input.actor.userId
		});
		await record(trx, planId, input.actor, now, [{ goalId: id, kind: 'goal_suggested', newValue: input.goal.title }]);
	});
	return id;
}

/** The goal, in this family, locked until the caller's transaction ends. */
async function requireGoal(db: Executor, familyId: string, goalId: string) {
	const goal = await findGoalInFamilyForUpdate(db, familyId, goalId);
	if (!goal) throw new PlanRuleError('not_found');
	return goal;
}

const GOAL_TEXT_FIELDS = [
	['title', 'title'],
	['whyItMatters', 'why_it_matters'],
	['howWeKnow', 'how_we_know'],
	['outcomeArea', 'outcome_area']
] as const;

/**
 * Saves new wording for a goal, unless someone saved a newer version since the editor opened it:
 * then nothing is written and the caller gets both versions to choose from.
 */
export async function editGoal(
	db: DB,
	input: { familyId: string; goalId: string; actor: Actor; version: number; goal: GoalText },
	now = new Date()
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const goal = await requireGoal(trx, input.familyId, input.goalId);
		const saved = await updateGoalIfVersion(trx, goal.id, input.version, {
			title: input.goal.title,
			why_it_matters: input.goal.whyItMatters,
			how_we_know: input.goal.howWeKnow,
			outcome_area: input.goal.outcomeArea,
			updated_at: toTimestamp(now),
			updated_by_user_id: input.actor.userId
		});
		if (!saved) {
			const [current] = await listGoalsWithDetails(trx, goal.plan_id, goal.id);
			throw new StaleEditError<GoalText>(
				{
					title: goal.title,
					whyItMatters: goal.why_it_matters,
					howWeKnow: goal.how_we_know,
					outcomeArea: goal.outcome_area
				},
				goal.version,
				current?.updated_by_name ?? '',
				goal.updated_at
			);
		}
		const changes: HistoryEntry[] = [];
		for (const [key, column] of GOAL_TEXT_FIELDS) {
			if (goal[column] !== input.goal[key]) {
				changes.push({ goalId: goal.id, kind: 'goal_changed', field: column, oldValue: goal[column], newValue: input.goal[key] });
			}
		}
		await record(trx, goal.plan_id, input.actor, now, changes);
	});
}

/** Moves a goal on by hand (working on it, done, stopped with a reason, started again). */
export async function changeGoalStatus(
	db: DB,
	input: { familyId: string; goalId: string; actor: Actor; status: GoalStatus; stoppedReason: string | null },
	now = new Date()
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const goal = await requireGoal(trx, input.familyId, input.goalId);
		if (!NEXT_STATUSES[goal.status].includes(input.status)) throw new PlanRuleError('status_not_allowed');
		let status = input.status;
		if (status === 'suggested') {
			// Started again: it is agreed at once if everyone still agrees.
			const people = (await listPlanPeople(trx, input.familyId)).map(toPerson);
			const positions = await listPositions(trx, goal.id);
			if (everyoneAgrees(people, positions)) status = 'agreed';
		}
		await updateGoalStatus(trx, goal.id, {
			status,
			stopped_reason: status === 'stopped' ? input.stoppedReason : null
		});
		await record(trx, goal.plan_id, input.actor, now, [
			{
				goalId: goal.id,
				kind: 'status_changed',
				oldValue: goal.status,
				newValue: status,
				note: status === 'stopped' ? input.stoppedReason : null
			}
		]);
	});
}

export function everyoneAgrees(
	people: readonly PlanPerson[],
	positions: readonly { user_id: string; position: Position }[]
): boolean {
	const required = peopleWhoAgree(people);
	const lead = required.some((p) => p.workerRole === 'lead');
	const members = required.some((p) => p.kind === 'member');
	if (!lead || !members) return false;
	const agreed = new Set(positions.filter((p) => p.position === 'agree').map((p) => p.user_id));
	return required.every((p) => p.userId !== null && agreed.has(p.userId));
}

/**
 * Records "I agree", "not sure yet" or "I don't agree" (with a reason). Only family members with
 * an account and the lead worker have a say. A suggested goal becomes agreed when all of them
 * agree; an agreed goal goes back to suggested if one of them stops agreeing.
 */
export async function recordPosition(
	db: DB,
	input: { familyId: string; goalId: string; actor: Actor; position: Position; reason: string | null },
	now = new Date()
): Promise<GoalStatus> {
	return db.transaction().execute(async (trx) => {
		const goal = await requireGoal(trx, input.familyId, input.goalId);
		const people = (await listPlanPeople(trx, input.familyId)).map(toPerson);
		if (!peopleWhoAgree(people).some((p) => p.userId === input.actor.userId)) {
			throw new PlanRuleError('not_allowed');
		}
		const previous = await findPosition(trx, goal.id, input.actor.userId);
		await upsertPosition(trx, {
			goal_id: goal.id,
			user_id: input.actor.userId,
			position: input.position,
			reason: input.reason,
			recorded_at: toTimestamp(now),
			reply: null,
			reply_by_user_id: null,
			replied_at: null
		});
		const entries: HistoryEntry[] = [
			{
				goalId: goal.id,
				kind: 'position_recorded',
				oldValue: previous?.position ?? null,
				newValue: input.position,
				note: input.reason
			}
		];
		const positions = await listPositions(trx, goal.id);
		const agreed = everyoneAgrees(people, positions);
		let status = goal.status;
		if (goal.status === 'suggested' && agreed) status = 'agreed';
		if (goal.status === 'agreed' && !agreed) status = 'suggested';
		if (status !== goal.status) {
			await updateGoalStatus(trx, goal.id, { status, stopped_reason: null });
			entries.push({ goalId: goal.id, kind: 'status_changed', oldValue: goal.status, newValue: status });
		}
		await record(trx, goal.plan_id, input.actor, now, entries);
		return status;
	});
}

/** The lead worker answers someone's disagreement; the answer is shown under it. */
export async function replyToDisagreement(
	db: DB,
	input: { familyId: string; goalId: string; actor: Actor; personUserId: string; reply: string },
	now = new Date()
): Promise<void> {
	if (input.actor.role !== 'lead') throw new PlanRuleError('not_allowed');
	await db.transaction().execute(async (trx) => {
		const goal = await requireGoal(trx, input.familyId, input.goalId);
		const replied = await setPositionReply(trx, goal.id, input.personUserId, {
			reply: input.reply,
			reply_by_user_id: input.actor.userId,
			replied_at: toTimestamp(now)
		});
		if (!replied) throw new PlanRuleError('not_a_disagreement');
		await record(trx, goal.plan_id, input.actor, now, [
			{ goalId: goal.id, kind: 'disagreement_answered', newValue: input.reply }
		]);
	});
}

export type ActionOwner =
	| { kind: 'member'; id: string }
	| { kind: 'worker'; id: string }
	| { kind: 'service'; name: string };

export async function addAction(
	db: DB,
	input: { familyId: string; goalId: string; actor: Actor; description: string; owner: ActionOwner; dueDate: string },
	now = new Date()
): Promise<string> {
	const id = newId();
	await db.transaction().execute(async (trx) => {
		const goal = await requireGoal(trx, input.familyId, input.goalId);
		const owner = input.owner;
		if (owner.kind !== 'service') {
			const people = (await listPlanPeople(trx, input.familyId)).map(toPerson);
			if (!people.some((p) => p.kind === owner.kind && p.id === owner.id)) throw new PlanRuleError('owner_not_in_plan');
		}
		await insertAction(trx, {
			id,
			goal_id: goal.id,
			description: input.description,
			owner_member_id: owner.kind === 'member' ? owner.id : null,
			owner_worker_id: owner.kind === 'worker' ? owner.id : null,
			owner_service_name: owner.kind === 'service' ? owner.name : null,
			due_date: input.dueDate,
			done_on: null,
			created_at: toTimestamp(now),
			created_by_user_id: input.actor.userId
		});
		await record(trx, goal.plan_id, input.actor, now, [
			{ goalId: goal.id, kind: 'action_added', newValue: input.description, note: input.dueDate }
		]);
	});
	return id;
}

/**
 * Marks an action done on a date, or not done again (`doneOn` null). Family members and the lead
 * worker may do this for any action; a team member only for actions they own.
 */
export async function setActionDone(
	db: DB,
	input: {
		familyId: string;
		goalId: string;
		actionId: string;
		actor: Actor;
		/** The worker record of the actor, when they are a worker. */
		actorWorkerId: string | null;
		doneOn: string | null;
	},
	now = new Date()
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const goal = await requireGoal(trx, input.familyId, input.goalId);
		const action = await findActionInGoal(trx, goal.id, input.actionId);
		if (!action) throw new PlanRuleError('not_found');
		const mayChange =
			input.actor.role === 'member' ||
			input.actor.role === 'lead' ||
			(input.actor.role === 'team' && input.actorWorkerId !== null && action.owner_worker_id === input.actorWorkerId);
		if (!mayChange) throw new PlanRuleError('not_allowed');
		if (action.done_on === input.doneOn) return;
		await setActionDoneOn(trx, action.id, input.doneOn);
		await record(trx, goal.plan_id, input.actor, now, [
			{
				goalId: goal.id,
				kind: input.doneOn ? 'action_done' : 'action_reopened',
				oldValue: action.done_on,
				newValue: input.doneOn,
				note: action.description
			}
		]);
	});
}

/**
 * A progress rating 0–10. Family members rate as the family, the lead worker as the worker; a
 * team member may rate a goal they own an action under. Ratings are added, never replaced.
 */
export async function addCheckin(
	db: DB,
	input: {
		familyId: string;
		goalId: string;
		actor: Actor;
		actorWorkerId: string | null;
		score: number;
		comment: string | null;
		date?: string;
	},
	now = new Date()
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const goal = await requireGoal(trx, input.familyId, input.goalId);
		if (input.actor.role === 'manager') throw new PlanRuleError('not_allowed');
		if (input.actor.role === 'team') {
			if (!input.actorWorkerId || !(await workerOwnsActionInGoal(trx, goal.id, input.actorWorkerId))) {
				throw new PlanRuleError('not_allowed');
			}
		}
		const side: CheckinSide = input.actor.role === 'member' ? 'family' : 'worker';
		await insertCheckin(trx, {
			id: newId(),
			goal_id: goal.id,
			user_id: input.actor.userId,
			side,
			score: input.score,
			comment: input.comment,
			checked_in_on: input.date ?? ukToday(now),
			created_at: toTimestamp(now)
		});
		await record(trx, goal.plan_id, input.actor, now, [
			{ goalId: goal.id, kind: 'checkin_added', newValue: String(input.score), note: input.comment }
		]);
	});
}

// ---------------------------------------------------------------------------------------------
// Reviews

export async function scheduleReview(
	db: DB,
	input: { familyId: string; actor: Actor; date: string; place: string },
	now = new Date()
): Promise<void> {
	if (input.actor.role !== 'lead') throw new PlanRuleError('not_allowed');
	await db.transaction().execute(async (trx) => {
		const planId = await ensurePlan(trx, input.familyId, now);
		const next = await findNextReview(trx, planId);
		if (next) {
			// Moving the meeting keeps its agenda.
			await updateReview(trx, next.id, { meeting_date: input.date, place: input.place });
			await record(trx, planId, input.actor, now, [
				{ kind: 'review_scheduled', oldValue: `${next.meeting_date} · ${next.place}`, newValue: `${input.date} · ${input.place}` }
			]);
			return;
		}
		await insertReview(trx, {
			id: newId(),
			plan_id: planId,
			meeting_date: input.date,
			place: input.place,
			decisions: null,
			held_at: null,
			recorded_by_user_id: null,
			created_at: toTimestamp(now)
		});
		await record(trx, planId, input.actor, now, [{ kind: 'review_scheduled', newValue: `${input.date} · ${input.place}` }]);
	});
}

/** Family members (young people included) and the lead worker add what they want to talk about. */
export async function addAgendaItem(
	db: DB,
	input: { familyId: string; actor: Actor; text: string },
	now = new Date()
): Promise<void> {
	if (input.actor.role !== 'member' && input.actor.role !== 'lead') throw new PlanRuleError('not_allowed');
	await db.transaction().execute(async (trx) => {
		const plan = await findPlanByFamily(trx, input.familyId);
		const next = plan ? await findNextReview(trx, plan.id) : undefined;
		if (!plan || !next) throw new PlanRuleError('no_review');
		await insertAgendaItem(trx, {
			id: newId(),
			review_id: next.id,
			text: input.text,
			added_by_user_id: input.actor.userId,
			created_at: toTimestamp(now),
			// The lead worker's own items need no acknowledging.
			noted_at: input.actor.role === 'lead' ? toTimestamp(now) : null
		});
		await record(trx, plan.id, input.actor, now, [{ kind: 'agenda_item_added', newValue: input.text }]);
	});
}

export async function noteAgendaItem(
	db: DB,
	input: { familyId: string; actor: Actor; itemId: string },
	now = new Date()
): Promise<void> {
	if (input.actor.role !== 'lead') throw new PlanRuleError('not_allowed');
	const plan = await findPlanByFamily(db, input.familyId);
	const next = plan ? await findNextReview(db, plan.id) : undefined;
	if (!next) throw new PlanRuleError('no_review');
	if (!(await markAgendaItemNoted(db, next.id, input.itemId, toTimestamp(now)))) {
		throw new PlanRuleError('not_found');
	}
}

/** After the meeting the lead worker writes what was decided; it joins the plan's history. */
export async function recordReviewDecisions(
	db: DB,
	input: { familyId: string; actor: Actor; decisions: string },
	now = new Date()
): Promise<void> {
	if (input.actor.role !== 'lead') throw new PlanRuleError('not_allowed');
	await db.transaction().execute(async (trx) => {
		const plan = await findPlanByFamily(trx, input.familyId);
		const next = plan ? await findNextReview(trx, plan.id) : undefined;
		if (!plan || !next) throw new PlanRuleError('no_review');
		await updateReview(trx, next.id, {
			decisions: input.decisions,
			held_at: toTimestamp(now),
			recorded_by_user_id: input.actor.userId
		});
		await record(trx, plan.id, input.actor, now, [
			{ kind: 'review_held', newValue: input.decisions, note: next.meeting_date }
		]);
	});
}

export interface HeldReview {
	id: string;
	date: string;
	place: string;
	decisions: string;
	recordedByName: string | null;
}

export async function listPastReviews(db: Executor, familyId: string): Promise<HeldReview[]> {
	const plan = await findPlanByFamily(db, familyId);
	if (!plan) return [];
	const rows = await listHeldReviews(db, plan.id);
	return rows.map((r) => ({
		id: r.id,
		date: r.meeting_date,
		place: r.place,
		decisions: r.decisions,
		recordedByName: r.recorded_by_name
	}));
}

// ---------------------------------------------------------------------------------------------
// History and the worker's lists

export interface HistoryEntryView {
	id: string;
	goalId: string | null;
	goalTitle: string | null;
	actorName: string;
	at: string;
	kind: PlanHistoryKind;
	field: string | null;
	oldValue: string | null;
	newValue: string | null;
	note: string | null;
}

export async function getPlanHistory(db: Executor, familyId: string, goalId?: string): Promise<HistoryEntryView[]> {
	const plan = await findPlanByFamily(db, familyId);
	if (!plan) return [];
	const rows = await listHistory(db, plan.id, goalId);
	return rows.map((r) => ({
		id: r.id,
		goalId: r.goal_id,
		goalTitle: r.goal_title,
		actorName: r.actor_name,
		at: r.happened_at,
		kind: r.kind,
		field: r.field,
		oldValue: r.old_value,
		newValue: r.new_value,
		note: r.note
	}));
}

export interface NeedsReplyItem {
	familyId: string;
	familyName: string;
	kind: 'disagreement' | 'agenda_item';
	goalId: string | null;
	title: string;
	personName: string;
	waitingSince: string;
}

/** Unanswered disagreements and new agenda items in the families this worker leads, oldest first. */
export async function listNeedsReply(db: Executor, userId: string): Promise<NeedsReplyItem[]> {
	const rows = await listNeedsReplyForLead(db, userId);
	return rows
		.map((r) => ({
			familyId: r.family_id,
			familyName: r.family_name,
			kind: r.kind,
			goalId: r.goal_id,
			title: r.title,
			personName: r.person_name,
			waitingSince: r.waiting_since
		}))
		.sort((a, b) => (a.waitingSince < b.waitingSince ? -1 : a.waitingSince > b.waitingSince ? 1 : 0));
}

export async function workerPromisesKept(db: Executor, userId: string, now = new Date()): Promise<PromisesKept> {
	const rows = await listActionsOwnedByWorkerUser(db, userId);
	return promisesKept(
		rows.map((r) => ({ dueDate: r.due_date, doneOn: r.done_on })),
		ukToday(now)
	);
}

/** Promises kept by each worker of a service, keyed by worker id (workers with none due are absent). */
export async function servicePromisesKept(
	db: Executor,
	serviceId: string,
	now = new Date()
): Promise<Map<string, PromisesKept>> {
	const rows = await listActionsOwnedByServiceWorkers(db, serviceId);
	const today = ukToday(now);
	const byWorker = new Map<string, { dueDate: string; doneOn: string | null }[]>();
	for (const r of rows) {
		const list = byWorker.get(r.owner_worker_id) ?? [];
		list.push({ dueDate: r.due_date, doneOn: r.done_on });
		byWorker.set(r.owner_worker_id, list);
	}
	const result = new Map<string, PromisesKept>();
	for (const [workerId, list] of byWorker) {
		const counts = promisesKept(list, today);
		if (counts.due > 0) result.set(workerId, counts);
	}
	return result;
}
