import { ukToday } from '../clock';
import { isUniqueViolation, type DB, type Executor } from '../db';
import type { HandoverRow } from '../db/schema';
import {
	endAssignment,
	findCurrentLead,
	findFamily,
	insertAssignment,
	listAssignmentHistory
} from '../families/families.repository';
import { familyMemberRecipients, publishNews } from '../news/news.service';
import { newId, toTimestamp } from '../ids';
import { findWorkerById } from '../workers/workers.repository';
import {
	deletePendingHandover,
	findHandover,
	findHandoverToAnnounce,
	findHandoverWithNames,
	findPendingHandover,
	findPendingHandoverWithNames,
	insertHandover,
	insertSeen,
	listDueHandovers,
	listFamilyHandovers,
	listRecentHandoversForWorker,
	markApplied,
	updateNote,
	type HandoverWithNamesRow
} from './handovers.repository';

// A change of lead worker is never a silent swap: a manager plans it for a date, both workers can
// leave the family a note, and on that date the old lead's assignment ends and the new one's
// starts in one transaction, so the family is never without exactly one lead worker.

export type HandoverErrorCode =
	| 'no_lead'
	| 'same_worker'
	| 'worker_unknown'
	| 'other_service'
	| 'pending_exists'
	| 'changed_meanwhile'
	| 'family_closed';

export class HandoverRuleError extends Error {
	constructor(
		public readonly code: HandoverErrorCode,
		public readonly field: 'toWorkerId' | 'handoverOn'
	) {
		super(code);
		this.name = 'HandoverRuleError';
	}
}

export interface Handover {
	id: string;
	familyId: string;
	familyName: string;
	fromWorkerId: string;
	fromName: string;
	toWorkerId: string;
	toName: string;
	handoverOn: string;
	goodbyeNote: string | null;
	helloNote: string | null;
	happened: boolean;
}

function toHandover(row: HandoverWithNamesRow): Handover {
	return {
		id: row.id,
		familyId: row.family_id,
		familyName: row.family_name,
		fromWorkerId: row.from_worker_id,
		fromName: row.from_name,
		toWorkerId: row.to_worker_id,
		toName: row.to_name,
		handoverOn: row.handover_on,
		goodbyeNote: row.goodbye_note,
		helloNote: row.hello_note,
		happened: row.applied_at !== null
	};
}

export interface PlanHandoverInput {
	familyId: string;
	toWorkerId: string;
	handoverOn: string;
	/** A manager may only hand over to a worker in their own service; the admin to anyone (null). */
	withinServiceId: string | null;
}

/** Plans a change of lead worker. When the date is today or past it happens at once. */
export async function planHandover(db: DB, input: PlanHandoverInput, byUserId: string, now = new Date()): Promise<string> {
	try {
		return await db.transaction().execute(async (trx) => {
			const family = await findFamily(trx, input.familyId);
			if (!family) throw new Error('planHandover: no such family');
			if (family.status !== 'active') throw new HandoverRuleError('family_closed', 'toWorkerId');
			const lead = await findCurrentLead(trx, input.familyId);
			if (!lead) throw new HandoverRuleError('no_lead', 'toWorkerId');
			if (lead.worker_id === input.toWorkerId) throw new HandoverRuleError('same_worker', 'toWorkerId');
			const to = await findWorkerById(trx, input.toWorkerId);
			if (!to) throw new HandoverRuleError('worker_unknown', 'toWorkerId');
			if (input.withinServiceId && to.service_id !== input.withinServiceId) {
				throw new HandoverRuleError('other_service', 'toWorkerId');
			}
			if (await findPendingHandover(trx, input.familyId)) throw new HandoverRuleError('pending_exists', 'handoverOn');
			const handover: HandoverRow = {
				id: newId(),
				family_id: input.familyId,
				from_worker_id: lead.worker_id,
				to_worker_id: input.toWorkerId,
				handover_on: input.handoverOn,
				goodbye_note: null,
				goodbye_written_at: null,
				hello_note: null,
				hello_written_at: null,
				created_by_user_id: byUserId,
				created_at: toTimestamp(now),
				applied_at: null
			};
			await insertHandover(trx, handover);
			// The family is told in the same step: a change of worker is never a silent swap.
			const people = await familyMemberRecipients(trx, input.familyId);
			await publishNews(
				trx,
				people.map((userId) => ({
					userId,
					familyId: input.familyId,
					kind: 'handover' as const,
					subjectId: handover.id,
					link: `/family/${input.familyId}`,
					params: { date: input.handoverOn },
					dedupeKey: `handover:${handover.id}`
				})),
				now
			);
			if (input.handoverOn <= ukToday(now)) await applyHandover(trx, handover, now);
			return handover.id;
		});
	} catch (error) {
		// Two people changing the lead at once: the one-pending-handover and one-lead indexes decide.
		if (isUniqueViolation(error)) {
			const pendingNow = await findPendingHandover(db, input.familyId);
			throw new HandoverRuleError(pendingNow ? 'pending_exists' : 'changed_meanwhile', pendingNow ? 'handoverOn' : 'toWorkerId');
		}
		throw error;
	}
}

/**
 * The moment of handover: the old lead steps back, the new one steps in (leaving the team if they
 * were in it). Does nothing if another process got there first.
 */
async function applyHandover(trx: Executor, handover: HandoverRow, now: Date): Promise<boolean> {
	const at = toTimestamp(now);
	if (!(await markApplied(trx, handover.id, at))) return false;
	await endAssignment(trx, handover.family_id, handover.from_worker_id, at);
	await endAssignment(trx, handover.family_id, handover.to_worker_id, at);
	await insertAssignment(trx, {
		id: newId(),
		family_id: handover.family_id,
		worker_id: handover.to_worker_id,
		role: 'lead',
		part_in_plan: null,
		started_at: at,
		ended_at: null
	});
	return true;
}

/** Carries out every planned handover whose day has come. Safe to run from several processes. */
export async function applyDueHandovers(db: DB, now = new Date()): Promise<number> {
	let applied = 0;
	for (const handover of await listDueHandovers(db, ukToday(now))) {
		try {
			if (await db.transaction().execute((trx) => applyHandover(trx, handover, now))) applied += 1;
		} catch (error) {
			// One handover that cannot happen (say, its new lead already leads through another
			// route) must not hold up every other family's: log it and carry on.
			console.error(`Handover ${handover.id} could not be applied`, error);
		}
	}
	return applied;
}

/** Calls off a handover that has not happened yet; false if there was none to cancel. */
export async function cancelHandover(db: Executor, familyId: string, handoverId: string): Promise<boolean> {
	return (await deletePendingHandover(db, familyId, handoverId)) > 0;
}

export async function getPendingHandover(db: Executor, familyId: string): Promise<Handover | null> {
	const row = await findPendingHandoverWithNames(db, familyId);
	return row ? toHandover(row) : null;
}

export async function getHandover(db: Executor, handoverId: string): Promise<Handover | null> {
	const row = await findHandoverWithNames(db, handoverId);
	return row ? toHandover(row) : null;
}

export async function writeHandoverNote(
	db: Executor,
	handover: Handover,
	side: 'goodbye' | 'hello',
	note: string,
	now = new Date()
): Promise<void> {
	await updateNote(db, handover.id, side, note || null, toTimestamp(now));
}

/** How many days after a handover the workers still see it on their list. */
const RECENT_DAYS = 60;

export async function listHandoversForWorker(db: Executor, workerId: string, now = new Date()): Promise<Handover[]> {
	const since = new Date(now.getTime() - RECENT_DAYS * 24 * 60 * 60 * 1000);
	return (await listRecentHandoversForWorker(db, workerId, ukToday(since))).map(toHandover);
}

export type HandoverNotice = { kind: 'coming' | 'new'; handover: Handover };

/** What the family's card says about a change of worker, for this reader. */
export async function handoverNoticeFor(db: Executor, familyId: string, userId: string): Promise<HandoverNotice | null> {
	const row = await findHandoverToAnnounce(db, familyId, userId);
	if (!row) return null;
	if (row.applied_at === null) return { kind: 'coming', handover: toHandover(row) };
	return row.seen ? null : { kind: 'new', handover: toHandover(row) };
}

export async function markHandoverSeen(db: Executor, familyId: string, handoverId: string, userId: string, now = new Date()): Promise<boolean> {
	const handover = await findHandover(db, handoverId);
	if (!handover || handover.family_id !== familyId || handover.applied_at === null) return false;
	await insertSeen(db, handoverId, userId, toTimestamp(now));
	return true;
}

export interface WorkerHistoryEntry {
	assignmentId: string;
	displayName: string;
	jobTitle: string;
	serviceName: string;
	role: 'lead' | 'team';
	partInPlan: string | null;
	from: string;
	until: string | null;
}

export interface FamilyWorkerHistory {
	workers: WorkerHistoryEntry[];
	handovers: Handover[];
}

/** Everyone who has supported the family, and every handover with its notes, newest first. */
export async function getFamilyWorkerHistory(db: Executor, familyId: string): Promise<FamilyWorkerHistory> {
	const [assignments, handovers] = await Promise.all([
		listAssignmentHistory(db, familyId),
		listFamilyHandovers(db, familyId)
	]);
	return {
		workers: assignments.map((a) => ({
			assignmentId: a.assignment_id,
			displayName: a.display_name,
			jobTitle: a.job_title,
			serviceName: a.service_name,
			role: a.role,
			partInPlan: a.part_in_plan,
			from: a.started_at,
			until: a.ended_at
		})),
		handovers: handovers.map(toHandover)
	};
}
