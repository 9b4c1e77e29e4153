import { ukToday } from '../clock';
import type { DB, Executor } from '../db';
import type { CheckinSide, GoalStatus, PlanHistoryKind, PlanRow, Position } from '../db/schema';
import { newId, toTimestamp } from '../ids';
import { findUserById } from '../users/users.repository';
import { familyMemberRecipients, publishNews, type NewsInput } from '../news/news.service';
import {
	findActionInGoal,
	findGoalInFamilyForUpdate,
	findPlanByFamilyForUpdate,
	findPosition,
	insertAction,
	insertCheckin,
	insertGoal,
	insertHistory,
	insertPlanIfMissing,
	listPositions,
	setActionDoneOn,
	setPositionReply,
	updateGoalIfVersion,
	updateGoalStatus,
	updatePlanSummaryIfVersion,
	upsertPosition,
	workerOwnsActionInGoal
} from './plans.repository';
import {
	NEXT_STATUSES,
	PlanRuleError,
	StaleEditError,
	everyoneAgrees,
	mayCheckIn,
	mayMarkActionDone,
	peopleWhoAgree,
	type OutcomeArea,
	type PlanRole,
	type PlanSummary
} from './plan-rules';
import { listPeopleInPlan } from './plan-view.service';

// Changing the plan. Each function is one unit of work that owns its transaction, writes its
// history rows in the same transaction, and takes `now` so tests can control the clock.

export interface Actor {
	userId: string;
	role: PlanRole;
}

export type HistoryEntry = {
	goalId?: string | null;
	kind: PlanHistoryKind;
	field?: string | null;
	oldValue?: string | null;
	newValue?: string | null;
	note?: string | null;
};

function goalLink(familyId: string, goalId: string): string {
	return `/family/${familyId}/plan/goals/${goalId}`;
}

/** One line per person about a goal, published in the change's own transaction. */
async function tellAboutGoal(
	trx: Executor,
	people: readonly string[],
	line: Omit<NewsInput, 'userId' | 'link'> & { familyId: string; goalId: string },
	now: Date
): Promise<void> {
	const { goalId, ...rest } = line;
	await publishNews(
		trx,
		people.map((userId) => ({ ...rest, userId, link: goalLink(line.familyId, goalId) })),
		now
	);
}

/** The family members who said "I agree" to a goal: a change to it is news to them. */
async function membersWhoAgreed(trx: Executor, familyId: string, goalId: string): Promise<string[]> {
	const [members, positions] = await Promise.all([familyMemberRecipients(trx, familyId), listPositions(trx, goalId)]);
	const agreed = new Set(positions.filter((p) => p.position === 'agree').map((p) => p.user_id));
	return members.filter((userId) => agreed.has(userId));
}

/** Tells the family members who agreed to a goal that it changed: its words or where it stands. */
async function tellWhoAgreed(
	trx: Executor,
	change: { familyId: string; goalId: string; actorUserId: string; params: NonNullable<NewsInput['params']>; dedupeKey: string },
	now: Date
): Promise<void> {
	const { familyId, goalId, actorUserId, params, dedupeKey } = change;
	await tellAboutGoal(
		trx,
		await membersWhoAgreed(trx, familyId, goalId),
		{ familyId, goalId, kind: 'goal_changed', subjectId: goalId, actorUserId, params, dedupeKey },
		now
	);
}

export async function record(db: Executor, planId: string, actor: Actor, now: Date, entries: HistoryEntry[]): Promise<void> {
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
export async function ensurePlanRow(db: Executor, familyId: string, now: Date): Promise<PlanRow> {
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

/** Who made the newer change that a stale edit ran into, for the conflict page. */
async function nameOf(db: Executor, userId: string | null): Promise<string> {
	return (userId ? (await findUserById(db, userId))?.display_name : undefined) ?? '';
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
			throw new StaleEditError<PlanSummary>(
				{ goingWell: plan.going_well, worriedAbout: plan.worried_about, needsToHappen: plan.needs_to_happen },
				plan.version,
				await nameOf(trx, plan.updated_by_user_id),
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
		await tellAboutGoal(
			trx,
			await familyMemberRecipients(trx, input.familyId),
			{ familyId: input.familyId, goalId: id, kind: 'goal_new', subjectId: id, actorUserId: input.actor.userId, dedupeKey: `goal_new:${id}` },
			now
		);
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
			throw new StaleEditError<GoalText>(
				{
					title: goal.title,
					whyItMatters: goal.why_it_matters,
					howWeKnow: goal.how_we_know,
					outcomeArea: goal.outcome_area
				},
				goal.version,
				await nameOf(trx, goal.updated_by_user_id),
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
		if (changes.length > 0) {
			await tellWhoAgreed(
				trx,
				{ familyId: input.familyId, goalId: goal.id, actorUserId: input.actor.userId, params: { change: 'words' }, dedupeKey: `goal_changed:${goal.id}:${goal.version + 1}` },
				now
			);
		}
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
			const people = await listPeopleInPlan(trx, input.familyId);
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
		await tellWhoAgreed(
			trx,
			{ familyId: input.familyId, goalId: goal.id, actorUserId: input.actor.userId, params: { change: 'status', status }, dedupeKey: `goal_status:${goal.id}:${status}:${toTimestamp(now)}` },
			now
		);
	});
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
		const people = await listPeopleInPlan(trx, input.familyId);
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
		await tellAboutGoal(
			trx,
			[input.personUserId],
			{
				familyId: input.familyId,
				goalId: goal.id,
				kind: 'disagreement_reply',
				subjectId: goal.id,
				actorUserId: input.actor.userId,
				dedupeKey: `disagreement_reply:${goal.id}:${toTimestamp(now)}`
			},
			now
		);
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
			const people = await listPeopleInPlan(trx, input.familyId);
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
		if (!mayMarkActionDone(input.actor.role, input.actorWorkerId, action.owner_worker_id)) {
			throw new PlanRuleError('not_allowed');
		}
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
		if (input.doneOn) {
			await tellAboutGoal(
				trx,
				await familyMemberRecipients(trx, input.familyId),
				{
					familyId: input.familyId,
					goalId: goal.id,
					kind: 'action_done',
					subjectId: action.id,
					actorUserId: input.actor.userId,
					dedupeKey: `action_done:${action.id}:${input.doneOn}`
				},
				now
			);
		}
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
		const ownsAction =
			input.actor.role === 'team' &&
			input.actorWorkerId !== null &&
			(await workerOwnsActionInGoal(trx, goal.id, input.actorWorkerId));
		if (!mayCheckIn(input.actor.role, ownsAction)) throw new PlanRuleError('not_allowed');
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
