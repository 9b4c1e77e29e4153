import type { CheckinSide, GoalStatus, MemberType, OutcomeArea, Position } from '../db/schema';

// The plan's rules and shapes, free of the database: what a goal may become, who has a say,
// what counts as a promise kept, how progress is drawn. The plan services build on these.

export type { CheckinSide, GoalStatus, OutcomeArea, Position } from '../db/schema';

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

/** What a list of positions shows of each (PositionList): the rest is record-keeping. */
export type PositionShown = Omit<PositionEntry, 'isYoungPerson' | 'recordedAt'>;

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

/** What a list of actions shows of each (ActionList): who owns it by name, not by id. */
export type ActionShown = Omit<PlanAction, 'ownerKind' | 'ownerId'>;

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
	/** The family's record is on hold: nobody may change the plan (the policy refuses it). */
	restricted: boolean;
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
// Pure rules

/**
 * Who may tick an action off (or back on): the family and the lead worker for any action; a team
 * member only for their own. The service enforces it; the goal page uses it to offer the button.
 */
export function mayMarkActionDone(role: PlanRole, actorWorkerId: string | null, ownerWorkerId: string | null): boolean {
	if (role === 'member' || role === 'lead') return true;
	return role === 'team' && actorWorkerId !== null && ownerWorkerId === actorWorkerId;
}

/** Who may score a goal: the family and the lead worker; a team member who owns a promise under it. */
export function mayCheckIn(role: PlanRole, ownsActionInGoal: boolean): boolean {
	if (role === 'member' || role === 'lead') return true;
	return role === 'team' && ownsActionInGoal;
}

const PERSON_ORDER = { adult: 0, young_person: 1, lead: 2, team: 3 } as const;

/** Family first (adults, then young people), then the lead worker, then the team; by name within. */
export function byPlanOrder(a: PlanPerson, b: PlanPerson): number {
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

export function actionState(dueDate: string, doneOn: string | null, today: string): ActionState {
	if (doneOn) return doneOn <= dueDate ? 'done_on_time' : 'done_late';
	return dueDate < today ? 'overdue' : 'to_do';
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
