import { sql } from 'kysely';
import { isPostgres, type Executor } from '../db';
import { jsonArrayFor } from '../db/json';
import { reusedQuery } from '../db/reused-query';
import { familiesLedByUser } from '../families/families.repository';
import type {
	AgendaItemTable,
	GoalActionTable,
	GoalCheckinTable,
	GoalPositionTable,
	GoalRow,
	GoalTable,
	PlanHistoryTable,
	PlanRow,
	PlanTable,
	ReviewMeetingTable
} from '../db/schema';
import type { Insertable, Selectable, Updateable } from 'kysely';

// Queries for the family's plan. The plan page needs four: the header (family, plan, next review
// and its agenda), the people, the goals with everything under them, and (in the policy) how the
// viewer is connected to the family. Children come back as JSON arrays, never one query per goal.

export interface AgendaItemJson {
	id: string;
	text: string;
	added_by_user_id: string;
	added_by_name: string;
	created_at: string;
	noted_at: string | null;
}

export interface PlanHeaderRow {
	family_id: string;
	family_name: string;
	/** Set while the family's record is on hold: the plan is read, never changed. */
	family_restricted_at: string | null;
	plan_id: string | null;
	going_well: string | null;
	worried_about: string | null;
	needs_to_happen: string | null;
	version: number | null;
	updated_at: string | null;
	updated_by_name: string | null;
	review_id: string | null;
	meeting_date: string | null;
	place: string | null;
	agenda: AgendaItemJson[] | string;
}

// The plan page's queries are reused (built and compiled once, see reused-query.ts): they are the
// busiest in the portal and the largest to build.
const planHeaderQuery = reusedQuery((db: Executor, familyId: string) => {
	const jsonArrayFrom = jsonArrayFor(db);
	return db
		.selectFrom('family')
		.leftJoin('plan', 'plan.family_id', 'family.id')
		.leftJoin('app_user as updater', 'updater.id', 'plan.updated_by_user_id')
		.leftJoin('review_meeting', (join) =>
			join.onRef('review_meeting.plan_id', '=', 'plan.id').on('review_meeting.held_at', 'is', null)
		)
		.select((eb) => [
			'family.id as family_id',
			'family.name as family_name',
			'family.restricted_at as family_restricted_at',
			'plan.id as plan_id',
			'plan.going_well',
			'plan.worried_about',
			'plan.needs_to_happen',
			'plan.version',
			'plan.updated_at',
			'updater.display_name as updated_by_name',
			'review_meeting.id as review_id',
			'review_meeting.meeting_date',
			'review_meeting.place',
			jsonArrayFrom(
				eb
					.selectFrom('agenda_item')
					.innerJoin('app_user', 'app_user.id', 'agenda_item.added_by_user_id')
					.select([
						'agenda_item.id',
						'agenda_item.text',
						'agenda_item.added_by_user_id',
						'app_user.display_name as added_by_name',
						'agenda_item.created_at',
						'agenda_item.noted_at'
					])
					.whereRef('agenda_item.review_id', '=', 'review_meeting.id')
					.orderBy('agenda_item.created_at')
					.orderBy('agenda_item.id')
			).as('agenda')
		])
		.where('family.id', '=', familyId);
});

export async function findPlanHeader(db: Executor, familyId: string): Promise<PlanHeaderRow | undefined> {
	return (await planHeaderQuery(db, familyId))[0];
}

export async function findPlanByFamily(db: Executor, familyId: string): Promise<PlanRow | undefined> {
	return db.selectFrom('plan').selectAll().where('family_id', '=', familyId).executeTakeFirst();
}

/**
 * The plan, locked for the rest of the transaction on PostgreSQL so that two changes to it take
 * turns (SQLite already runs one writing transaction at a time).
 */
export async function findPlanByFamilyForUpdate(db: Executor, familyId: string): Promise<PlanRow | undefined> {
	const query = db.selectFrom('plan').selectAll().where('family_id', '=', familyId);
	return (isPostgres(db) ? query.forUpdate() : query).executeTakeFirst();
}

/** Creates the family's plan if it has none yet; two people starting it at once get the same one. */
export async function insertPlanIfMissing(db: Executor, plan: Insertable<PlanTable>): Promise<void> {
	await db
		.insertInto('plan')
		.values(plan)
		.onConflict((oc) => oc.column('family_id').doNothing())
		.execute();
}

/** Saves the summary only if nobody changed it since `version`; returns whether it did. */
export async function updatePlanSummaryIfVersion(
	db: Executor,
	planId: string,
	version: number,
	changes: Pick<Updateable<PlanTable>, 'going_well' | 'worried_about' | 'needs_to_happen' | 'updated_at' | 'updated_by_user_id'>
): Promise<boolean> {
	const result = await db
		.updateTable('plan')
		.set({ ...changes, version: version + 1 })
		.where('id', '=', planId)
		.where('version', '=', version)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export interface PlanPersonRow {
	kind: 'member' | 'worker';
	id: string;
	user_id: string | null;
	display_name: string;
	/** member_type for members; assignment role for workers. */
	detail: string;
	service_name: string | null;
}

/** Everyone in the plan: family members (with or without accounts) and current workers. */
const planPeopleQuery = reusedQuery((db: Executor, familyId: string) =>
	db
		.selectFrom('family_member')
		.select([
			sql<'member' | 'worker'>`'member'`.as('kind'),
			'family_member.id',
			'family_member.user_id',
			'family_member.display_name',
			sql<string>`family_member.member_type`.as('detail'),
			sql<string | null>`null`.as('service_name')
		])
		.where('family_member.family_id', '=', familyId)
		.unionAll(
			db
				.selectFrom('family_worker')
				.innerJoin('worker', 'worker.id', 'family_worker.worker_id')
				.innerJoin('app_user', 'app_user.id', 'worker.user_id')
				.innerJoin('service', 'service.id', 'worker.service_id')
				.select([
					sql<'member' | 'worker'>`'worker'`.as('kind'),
					'worker.id',
					'worker.user_id',
					'app_user.display_name',
					sql<string>`family_worker.role`.as('detail'),
					'service.name as service_name'
				])
				.where('family_worker.family_id', '=', familyId)
				.where('family_worker.ended_at', 'is', null)
		)
);

export async function listPlanPeople(db: Executor, familyId: string): Promise<PlanPersonRow[]> {
	return (await planPeopleQuery(db, familyId)) as PlanPersonRow[];
}

export interface PositionJson {
	user_id: string;
	display_name: string;
	position: GoalPositionTable['position'];
	reason: string | null;
	recorded_at: string;
	reply: string | null;
	reply_by_name: string | null;
	replied_at: string | null;
}

export interface ActionJson {
	id: string;
	description: string;
	owner_member_id: string | null;
	owner_worker_id: string | null;
	owner_service_name: string | null;
	owner_name: string | null;
	due_date: string;
	done_on: string | null;
	created_at: string;
}

export interface CheckinJson {
	id: string;
	user_id: string;
	display_name: string;
	side: GoalCheckinTable['side'];
	score: number;
	comment: string | null;
	checked_in_on: string;
	created_at: string;
}

export interface GoalWithDetailsRow extends GoalRow {
	suggested_by_name: string;
	updated_by_name: string;
	positions: PositionJson[] | string;
	actions: ActionJson[] | string;
	checkins: CheckinJson[] | string;
}

/** Goals with their positions, actions and check-ins, each as a JSON array. */
function goalsWithDetails(db: Executor) {
	const jsonArrayFrom = jsonArrayFor(db);
	return db
		.selectFrom('goal')
		.innerJoin('app_user as suggester', 'suggester.id', 'goal.suggested_by_user_id')
		.innerJoin('app_user as updater', 'updater.id', 'goal.updated_by_user_id')
		.selectAll('goal')
		.select((eb) => [
			'suggester.display_name as suggested_by_name',
			'updater.display_name as updated_by_name',
			jsonArrayFrom(
				eb
					.selectFrom('goal_position')
					.innerJoin('app_user', 'app_user.id', 'goal_position.user_id')
					.leftJoin('app_user as replier', 'replier.id', 'goal_position.reply_by_user_id')
					.select([
						'goal_position.user_id',
						'app_user.display_name',
						'goal_position.position',
						'goal_position.reason',
						'goal_position.recorded_at',
						'goal_position.reply',
						'replier.display_name as reply_by_name',
						'goal_position.replied_at'
					])
					.whereRef('goal_position.goal_id', '=', 'goal.id')
			).as('positions'),
			jsonArrayFrom(
				eb
					.selectFrom('goal_action')
					.leftJoin('family_member', 'family_member.id', 'goal_action.owner_member_id')
					.leftJoin('worker', 'worker.id', 'goal_action.owner_worker_id')
					.leftJoin('app_user as owner_user', 'owner_user.id', 'worker.user_id')
					.select((ab) => [
						'goal_action.id',
						'goal_action.description',
						'goal_action.owner_member_id',
						'goal_action.owner_worker_id',
						'goal_action.owner_service_name',
						ab.fn.coalesce('family_member.display_name', 'owner_user.display_name').as('owner_name'),
						'goal_action.due_date',
						'goal_action.done_on',
						'goal_action.created_at'
					])
					.whereRef('goal_action.goal_id', '=', 'goal.id')
					.orderBy('goal_action.due_date')
					.orderBy('goal_action.id')
			).as('actions'),
			jsonArrayFrom(
				eb
					.selectFrom('goal_checkin')
					.innerJoin('app_user', 'app_user.id', 'goal_checkin.user_id')
					.select([
						'goal_checkin.id',
						'goal_checkin.user_id',
						'app_user.display_name',
						'goal_checkin.side',
						'goal_checkin.score',
						'goal_checkin.comment',
						'goal_checkin.checked_in_on',
						'goal_checkin.created_at'
					])
					.whereRef('goal_checkin.goal_id', '=', 'goal.id')
					.orderBy('goal_checkin.checked_in_on')
					.orderBy('goal_checkin.created_at')
			).as('checkins')
		]);
}

const planGoalsQuery = reusedQuery((db: Executor, planId: string) =>
	goalsWithDetails(db).where('goal.plan_id', '=', planId).orderBy('goal.created_at').orderBy('goal.id')
);
const planGoalQuery = reusedQuery((db: Executor, planId: string, goalId: string) =>
	goalsWithDetails(db).where('goal.plan_id', '=', planId).where('goal.id', '=', goalId)
);

/** The plan's goals (or one of them) with positions, actions and check-ins, in one query. */
export async function listGoalsWithDetails(
	db: Executor,
	planId: string,
	goalId?: string
): Promise<GoalWithDetailsRow[]> {
	return goalId ? planGoalQuery(db, planId, goalId) : planGoalsQuery(db, planId);
}

/**
 * A goal, only if it belongs to this family's plan (so ids from another family are not found),
 * locked for the rest of the transaction on PostgreSQL: whoever changes a goal reads it as it is
 * and decides on that, while anyone else changing it at the same moment waits their turn.
 */
export async function findGoalInFamilyForUpdate(
	db: Executor,
	familyId: string,
	goalId: string
): Promise<(GoalRow & { family_id: string }) | undefined> {
	const query = db
		.selectFrom('goal')
		.innerJoin('plan', 'plan.id', 'goal.plan_id')
		.selectAll('goal')
		.select('plan.family_id')
		.where('goal.id', '=', goalId)
		.where('plan.family_id', '=', familyId);
	return (isPostgres(db) ? query.forUpdate('goal') : query).executeTakeFirst();
}

/** Whether this goal is in this plan (a read that takes no lock). */
export async function goalIsInPlan(db: Executor, planId: string, goalId: string): Promise<boolean> {
	const row = await db.selectFrom('goal').select('id').where('id', '=', goalId).where('plan_id', '=', planId).executeTakeFirst();
	return row !== undefined;
}

export async function insertGoal(db: Executor, goal: Insertable<GoalTable>): Promise<void> {
	await db.insertInto('goal').values(goal).execute();
}

/**
 * Changes a goal's status. Its wording, version and "last changed by" stay as they are: they are
 * about the words, which is what an editor can conflict with. The history records who moved it.
 */
export async function updateGoalStatus(
	db: Executor,
	goalId: string,
	changes: Pick<Updateable<GoalTable>, 'status' | 'stopped_reason'>
): Promise<void> {
	await db.updateTable('goal').set(changes).where('id', '=', goalId).execute();
}

/** Applies new wording only if the goal is still at `version`; returns whether it did. */
export async function updateGoalIfVersion(
	db: Executor,
	goalId: string,
	version: number,
	changes: Updateable<GoalTable>
): Promise<boolean> {
	const result = await db
		.updateTable('goal')
		.set({ ...changes, version: version + 1 })
		.where('id', '=', goalId)
		.where('version', '=', version)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function findPosition(
	db: Executor,
	goalId: string,
	userId: string
): Promise<GoalPositionTable | undefined> {
	return db
		.selectFrom('goal_position')
		.selectAll()
		.where('goal_id', '=', goalId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
}

export async function listPositions(db: Executor, goalId: string): Promise<GoalPositionTable[]> {
	return db.selectFrom('goal_position').selectAll().where('goal_id', '=', goalId).execute();
}

/** Records a person's position, replacing their earlier one (and any reply to it). */
export async function upsertPosition(db: Executor, row: Insertable<GoalPositionTable>): Promise<void> {
	await db
		.insertInto('goal_position')
		.values(row)
		.onConflict((oc) =>
			oc.columns(['goal_id', 'user_id']).doUpdateSet({
				position: row.position,
				reason: row.reason ?? null,
				recorded_at: row.recorded_at,
				reply: null,
				reply_by_user_id: null,
				replied_at: null
			})
		)
		.execute();
}

export async function setPositionReply(
	db: Executor,
	goalId: string,
	userId: string,
	reply: { reply: string; reply_by_user_id: string; replied_at: string }
): Promise<boolean> {
	const result = await db
		.updateTable('goal_position')
		.set(reply)
		.where('goal_id', '=', goalId)
		.where('user_id', '=', userId)
		.where('position', '=', 'disagree')
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function insertAction(db: Executor, action: Insertable<GoalActionTable>): Promise<void> {
	await db.insertInto('goal_action').values(action).execute();
}

export async function findActionInGoal(
	db: Executor,
	goalId: string,
	actionId: string
): Promise<Selectable<GoalActionTable> | undefined> {
	return db
		.selectFrom('goal_action')
		.selectAll()
		.where('id', '=', actionId)
		.where('goal_id', '=', goalId)
		.executeTakeFirst();
}

export async function setActionDoneOn(db: Executor, actionId: string, doneOn: string | null): Promise<void> {
	await db.updateTable('goal_action').set({ done_on: doneOn }).where('id', '=', actionId).execute();
}

/** Whether this worker owns any action under this goal (what lets a team member check in). */
export async function workerOwnsActionInGoal(db: Executor, goalId: string, workerId: string): Promise<boolean> {
	const row = await db
		.selectFrom('goal_action')
		.select('id')
		.where('goal_id', '=', goalId)
		.where('owner_worker_id', '=', workerId)
		.executeTakeFirst();
	return row !== undefined;
}

export async function insertCheckin(db: Executor, checkin: Insertable<GoalCheckinTable>): Promise<void> {
	await db.insertInto('goal_checkin').values(checkin).execute();
}

export async function findNextReview(
	db: Executor,
	planId: string
): Promise<Selectable<ReviewMeetingTable> | undefined> {
	return db
		.selectFrom('review_meeting')
		.selectAll()
		.where('plan_id', '=', planId)
		.where('held_at', 'is', null)
		.executeTakeFirst();
}

export async function insertReview(db: Executor, review: Insertable<ReviewMeetingTable>): Promise<void> {
	await db.insertInto('review_meeting').values(review).execute();
}

export async function updateReview(
	db: Executor,
	reviewId: string,
	changes: Updateable<ReviewMeetingTable>
): Promise<void> {
	await db.updateTable('review_meeting').set(changes).where('id', '=', reviewId).execute();
}

export interface HeldReviewRow {
	id: string;
	meeting_date: string;
	place: string;
	decisions: string;
	held_at: string;
	recorded_by_name: string | null;
}

export async function listHeldReviews(db: Executor, planId: string): Promise<HeldReviewRow[]> {
	return db
		.selectFrom('review_meeting')
		.leftJoin('app_user', 'app_user.id', 'review_meeting.recorded_by_user_id')
		.select([
			'review_meeting.id',
			'review_meeting.meeting_date',
			'review_meeting.place',
			'review_meeting.decisions',
			'review_meeting.held_at',
			'app_user.display_name as recorded_by_name'
		])
		.where('review_meeting.plan_id', '=', planId)
		.where('review_meeting.held_at', 'is not', null)
		.orderBy('review_meeting.meeting_date', 'desc')
		.execute() as Promise<HeldReviewRow[]>;
}

export async function insertAgendaItem(db: Executor, item: Insertable<AgendaItemTable>): Promise<void> {
	await db.insertInto('agenda_item').values(item).execute();
}

export async function markAgendaItemNoted(
	db: Executor,
	reviewId: string,
	itemId: string,
	notedAt: string
): Promise<boolean> {
	const result = await db
		.updateTable('agenda_item')
		.set({ noted_at: notedAt })
		.where('id', '=', itemId)
		.where('review_id', '=', reviewId)
		.where('noted_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function insertHistory(db: Executor, rows: Insertable<PlanHistoryTable>[]): Promise<void> {
	if (rows.length > 0) await db.insertInto('plan_history').values(rows).execute();
}

export interface HistoryRow {
	id: string;
	goal_id: string | null;
	goal_title: string | null;
	actor_name: string;
	happened_at: string;
	kind: PlanHistoryTable['kind'];
	field: string | null;
	old_value: string | null;
	new_value: string | null;
	note: string | null;
}

export async function listHistory(db: Executor, planId: string, goalId?: string): Promise<HistoryRow[]> {
	let query = db
		.selectFrom('plan_history')
		.innerJoin('app_user', 'app_user.id', 'plan_history.actor_user_id')
		.leftJoin('goal', 'goal.id', 'plan_history.goal_id')
		.select([
			'plan_history.id',
			'plan_history.goal_id',
			'goal.title as goal_title',
			'app_user.display_name as actor_name',
			'plan_history.happened_at',
			'plan_history.kind',
			'plan_history.field',
			'plan_history.old_value',
			'plan_history.new_value',
			'plan_history.note'
		])
		.where('plan_history.plan_id', '=', planId);
	if (goalId) query = query.where('plan_history.goal_id', '=', goalId);
	return query.orderBy('plan_history.happened_at', 'desc').orderBy('plan_history.id', 'desc').execute();
}

export interface NeedsReplyRow {
	family_id: string;
	family_name: string;
	kind: 'disagreement' | 'agenda_item';
	goal_id: string | null;
	title: string;
	person_name: string;
	waiting_since: string;
}

/**
 * What waits on a lead worker: disagreements nobody has answered and agenda items they have not
 * yet noted, in the families they currently lead.
 */
export async function listNeedsReplyForLead(db: Executor, userId: string): Promise<NeedsReplyRow[]> {
	const ledFamilies = familiesLedByUser(db, userId);
	return db
		.selectFrom('goal_position')
		.innerJoin('goal', 'goal.id', 'goal_position.goal_id')
		.innerJoin('plan', 'plan.id', 'goal.plan_id')
		.innerJoin('family', 'family.id', 'plan.family_id')
		.innerJoin('app_user', 'app_user.id', 'goal_position.user_id')
		.select([
			'family.id as family_id',
			'family.name as family_name',
			sql<'disagreement' | 'agenda_item'>`'disagreement'`.as('kind'),
			sql<string | null>`goal.id`.as('goal_id'),
			'goal.title as title',
			'app_user.display_name as person_name',
			'goal_position.recorded_at as waiting_since'
		])
		.where('goal_position.position', '=', 'disagree')
		.where('goal_position.replied_at', 'is', null)
		.where('plan.family_id', 'in', ledFamilies)
		.unionAll(
			db
				.selectFrom('agenda_item')
				.innerJoin('review_meeting', 'review_meeting.id', 'agenda_item.review_id')
				.innerJoin('plan', 'plan.id', 'review_meeting.plan_id')
				.innerJoin('family', 'family.id', 'plan.family_id')
				.innerJoin('app_user', 'app_user.id', 'agenda_item.added_by_user_id')
				.select([
					'family.id as family_id',
					'family.name as family_name',
					sql<'disagreement' | 'agenda_item'>`'agenda_item'`.as('kind'),
					sql<string | null>`null`.as('goal_id'),
					'agenda_item.text as title',
					'app_user.display_name as person_name',
					'agenda_item.created_at as waiting_since'
				])
				.where('agenda_item.noted_at', 'is', null)
				.where('review_meeting.held_at', 'is', null)
				.where('plan.family_id', 'in', ledFamilies)
		)
		.orderBy('waiting_since')
		.execute();
}

export interface OwnedActionRow {
	due_date: string;
	done_on: string | null;
}

/** Every action a worker owns, across the families they support, for "promises kept". */
export async function listActionsOwnedByWorkerUser(db: Executor, userId: string): Promise<OwnedActionRow[]> {
	return db
		.selectFrom('goal_action')
		.innerJoin('worker', 'worker.id', 'goal_action.owner_worker_id')
		.select(['goal_action.due_date', 'goal_action.done_on'])
		.where('worker.user_id', '=', userId)
		.execute();
}

export interface ServiceActionRow extends OwnedActionRow {
	owner_worker_id: string;
}

/** Every action owned by a worker of this service, for the manager's "promises kept" per worker. */
export async function listActionsOwnedByServiceWorkers(db: Executor, serviceId: string): Promise<ServiceActionRow[]> {
	return db
		.selectFrom('goal_action')
		.innerJoin('worker', 'worker.id', 'goal_action.owner_worker_id')
		.select(['goal_action.owner_worker_id as owner_worker_id', 'goal_action.due_date', 'goal_action.done_on'])
		.where('worker.service_id', '=', serviceId)
		.execute() as Promise<ServiceActionRow[]>;
}

/** Promises not yet done, on goals still in play (not done or stopped), with their goal and plan. */
function openActions(db: Executor) {
	return db
		.selectFrom('goal_action')
		.innerJoin('goal', 'goal.id', 'goal_action.goal_id')
		.innerJoin('plan', 'plan.id', 'goal.plan_id')
		.where('goal_action.done_on', 'is', null)
		.where('goal.status', 'not in', ['done', 'stopped']);
}

export interface OverdueActionRow {
	family_id: string;
	family_name: string;
	goal_id: string;
	description: string;
	due_date: string;
}

/**
 * Promises this worker made that are past their date and not done, in families they still
 * support, on goals still in play.
 */
export async function listOverdueActionsForWorkerUser(
	db: Executor,
	userId: string,
	today: string
): Promise<OverdueActionRow[]> {
	return openActions(db)
		.innerJoin('worker', 'worker.id', 'goal_action.owner_worker_id')
		.innerJoin('family', 'family.id', 'plan.family_id')
		.innerJoin('family_worker', (join) =>
			join
				.onRef('family_worker.family_id', '=', 'plan.family_id')
				.onRef('family_worker.worker_id', '=', 'worker.id')
				.on('family_worker.ended_at', 'is', null)
		)
		.select([
			'family.id as family_id',
			'family.name as family_name',
			'goal.id as goal_id',
			'goal_action.description',
			'goal_action.due_date'
		])
		.where('worker.user_id', '=', userId)
		.where('goal_action.due_date', '<', today)
		.orderBy('goal_action.due_date')
		.execute();
}

export interface WorkerActionRow {
	owner_worker_id: string;
	goal_id: string;
	description: string;
	due_date: string;
}

/** What each of these workers has promised in this family's plan and not yet done, soonest first. */
export async function listOpenActionsForWorkers(
	db: Executor,
	familyId: string,
	workerIds: readonly string[]
): Promise<WorkerActionRow[]> {
	if (workerIds.length === 0) return [];
	return openActions(db)
		.select([
			'goal_action.owner_worker_id as owner_worker_id',
			'goal.id as goal_id',
			'goal_action.description',
			'goal_action.due_date'
		])
		.where('plan.family_id', '=', familyId)
		.where('goal_action.owner_worker_id', 'in', workerIds)
		.orderBy('goal_action.due_date')
		.orderBy('goal_action.id')
		.execute() as Promise<WorkerActionRow[]>;
}
