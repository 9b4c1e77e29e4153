import { ukToday } from '../clock';
import type { Executor } from '../db';
import { parseJsonArray } from '../db/json';
import type { MemberType, PlanHistoryKind } from '../db/schema';
import {
	findPlanByFamily,
	findPlanHeader,
	goalIsInPlan,
	listActionsOwnedByServiceWorkers,
	listActionsOwnedByWorkerUser,
	listGoalsWithDetails,
	listHistory,
	listNeedsReplyForLead,
	listPlanPeople,
	type ActionJson,
	type CheckinJson,
	type GoalWithDetailsRow,
	type PlanHeaderRow,
	type PlanPersonRow,
	type PositionJson
} from './plans.repository';
import {
	actionState,
	byPlanOrder,
	peopleWhoAgree,
	progressSeries,
	promisesKept,
	type ActionShown,
	type AgendaItem,
	type Checkin,
	type NextReview,
	type OwnerPromises,
	type PlanAction,
	type PlanGoal,
	type PlanPerson,
	type PlanView,
	type PositionEntry,
	type PositionShown,
	type PromisesKept
} from './plan-rules';

// Reading the plan and the lists built from it: the plan page, its history, what waits on a lead
// worker, and promises kept per worker.

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
function toNextReview(header: PlanHeaderRow): NextReview | null {
	if (!header.review_id || !header.meeting_date || header.place === null) return null;
	return {
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
	};
}

/**
 * The family's next review and its agenda, in one query (the plan header), for the review page,
 * which needs none of the goals. Undefined when there is no such family.
 */
export async function getNextReview(db: Executor, familyId: string): Promise<NextReview | null | undefined> {
	const header = await findPlanHeader(db, familyId);
	return header ? toNextReview(header) : undefined;
}

/** Everyone in the plan, in the order the plan shows them. */
export async function listPeopleInPlan(db: Executor, familyId: string): Promise<PlanPerson[]> {
	return (await listPlanPeople(db, familyId)).map(toPerson).sort(byPlanOrder);
}

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
		restricted: header.family_restricted_at !== null,
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
		review: toNextReview(header),
		promises: promisesKept(allActions, today),
		promisesByOwner: promisesByOwner(allActions, today),
		today
	};
}

/** A goal as the plan page shows it: no check-ins one by one, no record-keeping fields. */
export type PlanPageGoal = Pick<
	PlanGoal,
	'id' | 'title' | 'whyItMatters' | 'howWeKnow' | 'outcomeArea' | 'status' | 'stoppedReason' | 'suggestedByName' | 'hasUnansweredDisagreement' | 'progress'
> & { positions: PositionShown[]; actions: ActionShown[] };

/** The plan as its page shows it. */
export type PlanPageView = Pick<PlanView, 'familyId' | 'familyName' | 'restricted' | 'summary' | 'updatedAt' | 'updatedByName' | 'promises' | 'promisesByOwner'> & {
	review: { date: string; place: string; agenda: Pick<AgendaItem, 'id' | 'text' | 'addedByName'>[] } | null;
	goals: PlanPageGoal[];
};

/**
 * What the plan page sends to the browser. Everything a page loads is written into it a second
 * time for the browser's own rendering, so only what the page shows is kept: not the check-ins
 * (the goal's own page lists them; the plan page draws their progress), the people (named on
 * their goals and actions already), nor ids, versions and times the page never writes out.
 */
export function toPlanPage({ people: _people, planId: _planId, version: _version, today: _today, review, goals, ...plan }: PlanView): PlanPageView {
	return {
		...plan,
		review: review && { date: review.date, place: review.place, agenda: review.agenda.map(({ id, text, addedByName }) => ({ id, text, addedByName })) },
		goals: goals.map(({ checkins: _c, createdAt: _ca, updatedAt: _ua, updatedByName: _ub, version: _v, positions, actions, ...goal }) => ({
			...goal,
			positions: positions.map(({ isYoungPerson: _y, recordedAt: _r, ...shown }) => shown),
			actions: actions.map(({ ownerKind: _k, ownerId: _i, ...shown }) => shown)
		}))
	};
}

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

/** The plan's history, or one goal's; null when that goal is not in this family's plan. */
export async function getPlanHistory(
	db: Executor,
	familyId: string,
	goalId?: string
): Promise<HistoryEntryView[] | null> {
	const plan = await findPlanByFamily(db, familyId);
	if (!plan) return goalId ? null : [];
	if (goalId && !(await goalIsInPlan(db, plan.id, goalId))) return null;
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
	// Oldest first, as the query orders them.
	const rows = await listNeedsReplyForLead(db, userId);
	return rows.map((r) => ({
		familyId: r.family_id,
		familyName: r.family_name,
		kind: r.kind,
		goalId: r.goal_id,
		title: r.title,
		personName: r.person_name,
		waitingSince: r.waiting_since
	}));
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
