import { isUniqueViolation, type DB, type Executor } from '../db';
import type { AssignmentRole, FamilyStatus, MemberType } from '../db/schema';

export type { AssignmentRole, MemberType } from '../db/schema';
import { newId, toTimestamp } from '../ids';
import {
	findFamily,
	findMemberByUser,
	insertAssignment,
	insertFamily,
	insertMember,
	listCurrentWorkers,
	listFamilies,
	listFamiliesForWorkerUser,
	listMembers,
	type AssignedWorkerRow,
	type MemberWithAccount
} from './families.repository';

export interface Family {
	id: string;
	name: string;
	status: FamilyStatus;
}

export interface FamilyMember {
	id: string;
	displayName: string;
	memberType: MemberType;
	dateOfBirth: string | null;
	/** Whole years on `today`, when a date of birth is known. */
	age: number | null;
	hasAccount: boolean;
	username: string | null;
}

export interface AssignedWorker {
	assignmentId: string;
	workerId: string;
	role: AssignmentRole;
	partInPlan: string | null;
	userId: string;
	displayName: string;
	jobTitle: string;
	phone: string | null;
	email: string | null;
	serviceName: string;
	/** Changes whenever the photo does (for its cacheable address); null when there is none. */
	photoVersion: string | null;
}

export interface FamilyOverview {
	family: Family;
	members: FamilyMember[];
	lead: AssignedWorker | null;
	team: AssignedWorker[];
}

/** Thrown when a change would break a rule the family's data must keep. */
export class FamilyRuleError extends Error {
	constructor(public readonly code: 'lead_exists' | 'already_assigned' | 'not_found') {
		super(code);
		this.name = 'FamilyRuleError';
	}
}

export function ageOn(dateOfBirth: string, today: Date): number {
	const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
	let age = today.getUTCFullYear() - y;
	const beforeBirthday =
		today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
	if (beforeBirthday) age -= 1;
	return age;
}

function toMember(row: MemberWithAccount, today: Date): FamilyMember {
	return {
		id: row.id,
		displayName: row.display_name,
		memberType: row.member_type,
		dateOfBirth: row.date_of_birth,
		age: row.date_of_birth ? ageOn(row.date_of_birth, today) : null,
		hasAccount: row.user_id !== null,
		username: row.username
	};
}

function toAssignedWorker(row: AssignedWorkerRow): AssignedWorker {
	return {
		assignmentId: row.assignment_id,
		workerId: row.worker_id,
		role: row.role,
		partInPlan: row.part_in_plan,
		userId: row.user_id,
		displayName: row.display_name,
		jobTitle: row.job_title,
		phone: row.phone,
		email: row.email,
		serviceName: row.service_name,
		photoVersion: photoVersion(row.photo_updated_at)
	};
}

/** A version token for a photo's address: its upload time, digits only. */
export function photoVersion(updatedAt: string | null): string | null {
	return updatedAt ? updatedAt.replace(/\D/g, '') : null;
}

export async function getFamilyOverview(
	db: Executor,
	familyId: string,
	today = new Date()
): Promise<FamilyOverview | null> {
	const family = await findFamily(db, familyId);
	if (!family) return null;
	const [members, workers] = await Promise.all([
		listMembers(db, familyId),
		listCurrentWorkers(db, familyId)
	]);
	const assigned = workers.map(toAssignedWorker);
	return {
		family: { id: family.id, name: family.name, status: family.status },
		members: members.map((m) => toMember(m, today)),
		lead: assigned.find((w) => w.role === 'lead') ?? null,
		team: assigned.filter((w) => w.role === 'team')
	};
}

export async function listAllFamilies(db: Executor): Promise<Family[]> {
	const rows = await listFamilies(db);
	return rows.map((r) => ({ id: r.id, name: r.name, status: r.status }));
}

export interface WorkerFamily {
	id: string;
	name: string;
	role: AssignmentRole;
	since: string;
}

export async function listFamiliesForWorker(db: Executor, userId: string): Promise<WorkerFamily[]> {
	const rows = await listFamiliesForWorkerUser(db, userId);
	return rows.map((r) => ({ id: r.family_id, name: r.family_name, role: r.role, since: r.started_at }));
}

export async function createFamily(db: Executor, input: { name: string }, now = new Date()): Promise<Family> {
	const family: Family = { id: newId(), name: input.name, status: 'active' };
	await insertFamily(db, { ...family, created_at: toTimestamp(now) });
	return family;
}

/**
 * Opens a family with its lead worker in one step: an active family always has exactly one lead
 * worker, so there is no moment when it has none.
 */
export async function createFamilyWithLead(
	db: DB,
	input: { name: string; leadWorkerId: string },
	now = new Date()
): Promise<Family> {
	return db.transaction().execute(async (trx) => {
		const family = await createFamily(trx, { name: input.name }, now);
		await insertAssignment(trx, {
			id: newId(),
			family_id: family.id,
			worker_id: input.leadWorkerId,
			role: 'lead',
			part_in_plan: null,
			started_at: toTimestamp(now),
			ended_at: null
		});
		return family;
	});
}

/**
 * Someone in the team around the family steps back. The lead worker cannot be removed this way:
 * a new lead takes over through a handover.
 */
export async function endTeamAssignment(db: Executor, familyId: string, assignmentId: string, now = new Date()): Promise<boolean> {
	const result = await db
		.updateTable('family_worker')
		.set({ ended_at: toTimestamp(now) })
		.where('id', '=', assignmentId)
		.where('family_id', '=', familyId)
		.where('role', '=', 'team')
		.where('ended_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export interface NewMemberInput {
	familyId: string;
	displayName: string;
	memberType: MemberType;
	dateOfBirth: string | null;
	userId?: string | null;
}

export async function addFamilyMember(db: Executor, input: NewMemberInput, now = new Date()): Promise<string> {
	const id = newId();
	await insertMember(db, {
		id,
		family_id: input.familyId,
		user_id: input.userId ?? null,
		display_name: input.displayName,
		member_type: input.memberType,
		date_of_birth: input.dateOfBirth,
		created_at: toTimestamp(now)
	});
	return id;
}

export interface AssignWorkerInput {
	familyId: string;
	workerId: string;
	role: AssignmentRole;
	partInPlan: string | null;
}

/**
 * Adds a worker to the people supporting a family. The database refuses a second current lead;
 * that refusal is turned into a rule error the caller can explain.
 */
export async function assignWorker(db: DB, input: AssignWorkerInput, now = new Date()): Promise<void> {
	try {
		await insertAssignmentChecked(db, input, now);
	} catch (error) {
		// Two people assigning at once: the database's one-lead index is the final word.
		if (isUniqueViolation(error)) {
			throw new FamilyRuleError(input.role === 'lead' ? 'lead_exists' : 'already_assigned');
		}
		throw error;
	}
}

async function insertAssignmentChecked(db: DB, input: AssignWorkerInput, now: Date): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const current = await listCurrentWorkers(trx, input.familyId);
		if (current.some((w) => w.worker_id === input.workerId)) {
			throw new FamilyRuleError('already_assigned');
		}
		if (input.role === 'lead' && current.some((w) => w.role === 'lead')) {
			throw new FamilyRuleError('lead_exists');
		}
		await insertAssignment(trx, {
			id: newId(),
			family_id: input.familyId,
			worker_id: input.workerId,
			role: input.role,
			part_in_plan: input.partInPlan,
			started_at: toTimestamp(now),
			ended_at: null
		});
	});
}

/** The family a family member belongs to, if any. */
export async function findFamilyIdForMember(db: Executor, userId: string): Promise<string | null> {
	return (await findMemberByUser(db, userId))?.family_id ?? null;
}
