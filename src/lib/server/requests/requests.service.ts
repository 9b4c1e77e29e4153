import type { Executor } from '../db';
import type { ServiceRequestShareTable, SharedSection as SharedSectionRow } from '../db/schema';
import { newId, toTimestamp } from '../ids';
import { findCurrentLead, findLeadName } from '../families/families.repository';
import { findWorkerById } from '../workers/workers.repository';
import { publishNews, type NewsInput } from '../news/news.service';
import {
	SERVICE_OPEN_STATUSES,
	daysBetween,
	memberSeesRequest,
	type AskInput,
	type RequestRoute,
	type RequestStatus,
	type SharedSection
} from '$lib/requests/requests';
import {
	deleteShares,
	findPlanForSharing,
	findRequest,
	insertRequest,
	insertShares,
	listActionRequests,
	listOpenActions,
	listOpenRequestsForLead,
	listRequestsForFamily,
	listRequestsForService,
	listShares,
	listWaitFigures,
	updateRequestIfVersion,
	type RequestListRow
} from './requests.repository';

// The rules of asking a service for help. Every change that the family or the service should hear
// about publishes its news in the same transaction as the change.

/** The request changed meanwhile (someone else answered first), or is not in a state for this. */
export class RequestRuleError extends Error {
	constructor(readonly reason: 'changed' | 'not_in_plan') {
		super(reason);
	}
}

export interface ServiceRequest {
	id: string;
	familyId: string;
	serviceId: string;
	serviceName: string;
	askerUserId: string;
	askerName: string;
	askerRole: string;
	route: RequestRoute;
	helpWanted: string;
	status: RequestStatus;
	declineReason: string | null;
	question: string | null;
	answer: string | null;
	actionId: string | null;
	createdAt: string;
	decidedAt: string | null;
	consentWithdrawn: boolean;
	/** When the lead worker passed it on to the service (route 'worker' only). */
	passedOnAt: string | null;
	/** The lead worker's note to the service, in their own words. */
	workerNote: string | null;
	version: number;
	/** Whole days it has waited since the family asked (time with their worker included): until it was decided, or until now. */
	daysWaited: number;
}

/** A request row (as the policy module found it) for the page: names, state and days waited. */
export function toRequest(row: RequestListRow, now: Date): ServiceRequest {
	return {
		id: row.id,
		familyId: row.family_id,
		serviceId: row.service_id,
		serviceName: row.service_name,
		askerUserId: row.asked_by_user_id,
		askerName: row.asker_name,
		askerRole: row.asker_role,
		route: row.route,
		helpWanted: row.help_wanted,
		status: row.status,
		declineReason: row.decline_reason,
		question: row.question,
		answer: row.answer,
		actionId: row.action_id,
		createdAt: row.created_at,
		decidedAt: row.decided_at,
		consentWithdrawn: row.consent_withdrawn_at !== null,
		passedOnAt: row.passed_on_at,
		workerNote: row.worker_note,
		version: Number(row.version),
		daysWaited: daysBetween(row.created_at, row.decided_at ?? toTimestamp(now))
	};
}

export function requestLink(familyId: string, requestId: string): string {
	return `/family/${familyId}/requests/${requestId}`;
}

/** What the family may choose to share, and the plan actions a request may carry out. */
export async function askChoices(db: Executor, familyId: string) {
	const [plan, actions, leadName] = await Promise.all([
		findPlanForSharing(db, familyId),
		listOpenActions(db, familyId),
		findLeadName(db, familyId)
	]);
	return {
		goals: (plan?.goals ?? []).map((g) => ({ id: g.id, title: g.title })),
		hasPlan: plan !== null,
		actions,
		leadName: leadName ?? null
	};
}

/** Records a family's request, with the parts of their plan they chose to share. */
export async function askForHelp(
	db: Executor,
	asker: { userId: string },
	familyId: string,
	serviceId: string,
	input: AskInput,
	now: Date
): Promise<string> {
	return db.transaction().execute(async (trx) => {
		const plan = await findPlanForSharing(trx, familyId);
		const goalIds = new Set((plan?.goals ?? []).map((g) => g.id));
		// A goal or action from someone else's plan is not a form this page made.
		if (input.goalIds.some((id) => !goalIds.has(id))) throw new RequestRuleError('not_in_plan');
		if (input.actionId && !(await listOpenActions(trx, familyId)).some((a) => a.id === input.actionId)) {
			throw new RequestRuleError('not_in_plan');
		}
		if (!plan && input.sections.length > 0) throw new RequestRuleError('not_in_plan');
		const id = newId();
		const at = toTimestamp(now);
		await insertRequest(trx, {
			id,
			family_id: familyId,
			service_id: serviceId,
			asked_by_user_id: asker.userId,
			route: input.route,
			// Asked through the worker: it waits with them, unseen by the service, until passed on.
			status: input.route === 'worker' ? 'with_worker' : 'waiting',
			help_wanted: input.helpWanted,
			action_id: input.actionId,
			created_at: at,
			updated_at: at
		});
		const shares: ServiceRequestShareTable[] = [
			...[...new Set(input.sections)].map((section) => ({ request_id: id, section: section as SharedSectionRow, goal_id: null })),
			...[...new Set(input.goalIds)].map((goalId) => ({ request_id: id, section: 'goal' as const, goal_id: goalId }))
		];
		await insertShares(trx, shares);
		return id;
	});
}

/** The family's requests that this member may see, newest first. */
export async function listFamilyRequests(
	db: Executor,
	familyId: string,
	viewer: { id: string; role: string } | null,
	now: Date
): Promise<ServiceRequest[]> {
	const rows = await listRequestsForFamily(db, familyId);
	return rows.filter((row) => viewer === null || memberSeesRequest(viewer, row)).map((row) => toRequest(row, now));
}

export async function getRequest(db: Executor, requestId: string, now: Date): Promise<ServiceRequest | null> {
	const row = await findRequest(db, requestId);
	return row ? toRequest(row, now) : null;
}

export interface SharedPlan {
	sections: { section: SharedSection; text: string }[];
	goals: { id: string; title: string; howWeKnow: string }[];
}

/** Exactly the parts of the plan the family chose to share with the service; nothing once withdrawn. */
export async function sharedPlanFor(db: Executor, request: Pick<ServiceRequest, 'id' | 'familyId' | 'consentWithdrawn'>): Promise<SharedPlan> {
	if (request.consentWithdrawn) return { sections: [], goals: [] };
	const [shares, plan] = await Promise.all([listShares(db, request.id), findPlanForSharing(db, request.familyId)]);
	if (!plan) return { sections: [], goals: [] };
	const sections = shares
		.filter((s) => s.section !== 'goal')
		.map((s) => ({ section: s.section as SharedSection, text: plan[s.section as SharedSection] }));
	const goalIds = new Set(shares.flatMap((s) => (s.goal_id ? [s.goal_id] : [])));
	const goals = plan.goals.filter((g) => goalIds.has(g.id)).map((g) => ({ id: g.id, title: g.title, howWeKnow: g.how_we_know }));
	return { sections, goals };
}

/** What the family chose to share, as the family's form names it ('going_well', 'goal:…'). */
export async function sharedParts(db: Executor, requestId: string): Promise<string[]> {
	return (await listShares(db, requestId)).map((s) => (s.goal_id ? `goal:${s.goal_id}` : s.section));
}

/** The family members (with accounts) who see this request, for its news. */
async function familyRecipients(db: Executor, request: ServiceRequest): Promise<string[]> {
	const members = await db
		.selectFrom('family_member')
		.innerJoin('app_user', 'app_user.id', 'family_member.user_id')
		.select(['app_user.id', 'app_user.role'])
		.where('family_member.family_id', '=', request.familyId)
		.execute();
	return members
		.filter((m) => memberSeesRequest(m, { asked_by_user_id: request.askerUserId, asker_role: request.askerRole }))
		.map((m) => m.id);
}

async function leadUserId(db: Executor, familyId: string): Promise<string | null> {
	const lead = await findCurrentLead(db, familyId);
	if (!lead) return null;
	return (await findWorkerById(db, lead.worker_id))?.user_id ?? null;
}

async function publishChange(
	trx: Executor,
	request: ServiceRequest,
	status: RequestStatus | 'answered',
	actorUserId: string,
	toLead: boolean,
	now: Date
): Promise<void> {
	const recipients = await familyRecipients(trx, request);
	if (toLead) {
		const lead = await leadUserId(trx, request.familyId);
		if (lead) recipients.push(lead);
	}
	const link = requestLink(request.familyId, request.id);
	const news: NewsInput[] = [...new Set(recipients)].map((userId) => ({
		userId,
		familyId: request.familyId,
		kind: 'request_update',
		subjectId: request.id,
		link,
		actorUserId,
		params: { status }
	}));
	await publishNews(trx, news, now);
}

export type StaffDecision =
	| { kind: 'accept' }
	| { kind: 'decline'; reason: string }
	| { kind: 'question'; question: string };

/** The service's staff accept, decline with a reason, or ask the family a question. */
export async function decideRequest(
	db: Executor,
	staffUserId: string,
	request: ServiceRequest,
	decision: StaffDecision,
	now: Date
): Promise<void> {
	const at = toTimestamp(now);
	await db.transaction().execute(async (trx) => {
		let changed: boolean;
		let status: RequestStatus;
		if (decision.kind === 'question') {
			status = 'question';
			changed = await updateRequestIfVersion(trx, request.id, request.version, SERVICE_OPEN_STATUSES, {
				status,
				question: decision.question,
				answer: null,
				updated_at: at
			});
		} else {
			status = decision.kind === 'accept' ? 'accepted' : 'declined';
			changed = await updateRequestIfVersion(trx, request.id, request.version, SERVICE_OPEN_STATUSES, {
				status,
				decline_reason: decision.kind === 'decline' ? decision.reason : null,
				decided_at: at,
				decided_by_user_id: staffUserId,
				updated_at: at
			});
		}
		if (!changed) throw new RequestRuleError('changed');
		await publishChange(trx, request, status, staffUserId, false, now);
	});
}

/**
 * The family's lead worker passes a request asked through them on to the service, with an optional
 * note. From now on the service's staff see it; the family hears it is with the service.
 */
export async function passOnRequest(
	db: Executor,
	leadUserId: string,
	request: ServiceRequest,
	note: string | null,
	now: Date
): Promise<void> {
	const at = toTimestamp(now);
	await db.transaction().execute(async (trx) => {
		const changed = await updateRequestIfVersion(trx, request.id, request.version, ['with_worker'], {
			status: 'waiting',
			passed_on_at: at,
			passed_on_by_user_id: leadUserId,
			worker_note: note,
			updated_at: at
		});
		if (!changed) throw new RequestRuleError('changed');
		await publishChange(trx, request, 'waiting', leadUserId, false, now);
	});
}

/** The family answers the service's question; the request waits for the service again. */
export async function answerQuestion(db: Executor, userId: string, request: ServiceRequest, answer: string, now: Date): Promise<void> {
	const at = toTimestamp(now);
	await db.transaction().execute(async (trx) => {
		const changed = await updateRequestIfVersion(trx, request.id, request.version, ['question'], {
			status: 'waiting',
			answer,
			updated_at: at
		});
		if (!changed) throw new RequestRuleError('changed');
		await publishChange(trx, request, 'answered', userId, true, now);
	});
}

/** The family takes back their consent: the service sees none of their plan from now on. */
export async function withdrawConsent(db: Executor, request: ServiceRequest, now: Date): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await deleteShares(trx, request.id);
		await trx
			.updateTable('service_request')
			.set({ consent_withdrawn_at: toTimestamp(now), updated_at: toTimestamp(now) })
			.where('id', '=', request.id)
			.where('consent_withdrawn_at', 'is', null)
			.execute();
	});
}

export async function listServiceRequests(db: Executor, serviceId: string, now: Date): Promise<ServiceRequest[]> {
	return (await listRequestsForService(db, serviceId)).map((row) => toRequest(row, now));
}

export type LeadRequest = ServiceRequest & { familyName: string };

export async function listLeadRequests(db: Executor, userId: string, now: Date): Promise<LeadRequest[]> {
	return (await listOpenRequestsForLead(db, userId)).map((row) => ({ ...toRequest(row, now), familyName: row.family_name }));
}

/** The request (if any) each plan action carries out, for those the viewer may see. */
export async function actionRequestStatuses(
	db: Executor,
	familyId: string,
	viewer: { id: string; role: string } | null
): Promise<Record<string, { id: string; status: RequestStatus }>> {
	const rows = await listActionRequests(db, familyId);
	const out: Record<string, { id: string; status: RequestStatus }> = {};
	for (const row of rows) {
		if (!row.action_id) continue;
		if (viewer && !memberSeesRequest(viewer, row)) continue;
		out[row.action_id] = { id: row.id, status: row.status };
	}
	return out;
}

export interface MonthOfWaits {
	/** YYYY-MM */
	month: string;
	count: number;
	medianDays: number;
	longestDays: number;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	const upper = sorted[mid] ?? 0;
	return sorted.length % 2 ? upper : Math.round(((sorted[mid - 1] ?? 0) + upper) / 2);
}

/**
 * Waits per month the requests were made in, for the last `months` months: median and longest
 * days until the service decided (or until now, for those still waiting).
 *
 * Measured from when the family asked, not from when a worker passed the request on: the figure
 * is the family's wait, and time spent with their worker is part of it.
 */
export async function waitingTimes(db: Executor, serviceId: string, now: Date, months = 6): Promise<MonthOfWaits[]> {
	const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
	const rows = await listWaitFigures(db, serviceId, toTimestamp(start));
	const nowAt = toTimestamp(now);
	const out: MonthOfWaits[] = [];
	for (let i = 0; i < months; i++) {
		const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1));
		const month = d.toISOString().slice(0, 7);
		const waits = rows.filter((r) => r.created_at.startsWith(month)).map((r) => daysBetween(r.created_at, r.decided_at ?? nowAt));
		out.push({
			month,
			count: waits.length,
			medianDays: waits.length ? median(waits) : 0,
			longestDays: waits.length ? Math.max(...waits) : 0
		});
	}
	return out;
}
