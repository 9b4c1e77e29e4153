import type { Insertable } from 'kysely';
import type { Executor } from '../db';
import { reusedQuery } from '../db/reused-query';
import type {
	AssignmentRole,
	FamilyMemberRow,
	FamilyRow,
	FamilyTable,
	FamilyWorkerRow
} from '../db/schema';

export async function findFamily(db: Executor, familyId: string): Promise<FamilyRow | undefined> {
	return db.selectFrom('family').selectAll().where('id', '=', familyId).executeTakeFirst();
}

export async function listFamilies(db: Executor): Promise<FamilyRow[]> {
	return db.selectFrom('family').selectAll().orderBy('name').orderBy('id').execute();
}

export async function insertFamily(db: Executor, family: Insertable<FamilyTable>): Promise<void> {
	await db.insertInto('family').values(family).execute();
}

// Asked on every page a family member opens (the policy's check), so reused: see reused-query.ts.
const memberByUserQuery = reusedQuery((db: Executor, userId: string) => db.selectFrom('family_member').selectAll().where('user_id', '=', userId));

export async function findMemberByUser(db: Executor, userId: string): Promise<FamilyMemberRow | undefined> {
	return (await memberByUserQuery(db, userId))[0];
}

export async function findMember(db: Executor, memberId: string): Promise<FamilyMemberRow | undefined> {
	return db.selectFrom('family_member').selectAll().where('id', '=', memberId).executeTakeFirst();
}

export interface MemberWithAccount extends FamilyMemberRow {
	username: string | null;
}

export async function listMembers(db: Executor, familyId: string): Promise<MemberWithAccount[]> {
	return db
		.selectFrom('family_member')
		.leftJoin('app_user', 'app_user.id', 'family_member.user_id')
		.selectAll('family_member')
		.select('app_user.username')
		.where('family_member.family_id', '=', familyId)
		.orderBy('family_member.member_type')
		// Explicit, because SQLite sorts NULL first and PostgreSQL last: unknown birth dates go last on both.
		.orderBy('family_member.date_of_birth', (ob) => ob.asc().nullsLast())
		.orderBy('family_member.display_name')
		.execute();
}

export async function insertMember(db: Executor, member: FamilyMemberRow): Promise<void> {
	await db.insertInto('family_member').values(member).execute();
}

export async function linkMemberToUser(db: Executor, memberId: string, userId: string): Promise<void> {
	await db.updateTable('family_member').set({ user_id: userId }).where('id', '=', memberId).execute();
}

export interface AssignedWorkerRow {
	assignment_id: string;
	family_id: string;
	family_name: string;
	role: AssignmentRole;
	part_in_plan: string | null;
	started_at: string;
	worker_id: string;
	user_id: string;
	display_name: string;
	job_title: string;
	phone: string | null;
	email: string | null;
	service_id: string;
	service_name: string;
	photo_updated_at: string | null;
	ended_at: string | null;
}

/** Every assignment, current or ended, with the worker's name, contact and service. */
function assignments(db: Executor) {
	return db
		.selectFrom('family_worker')
		.innerJoin('worker', 'worker.id', 'family_worker.worker_id')
		.innerJoin('app_user', 'app_user.id', 'worker.user_id')
		.innerJoin('service', 'service.id', 'worker.service_id')
		.innerJoin('family', 'family.id', 'family_worker.family_id')
		.leftJoin('worker_photo', 'worker_photo.worker_id', 'worker.id')
		.select([
			'family_worker.id as assignment_id',
			'family_worker.family_id',
			'family.name as family_name',
			'family_worker.role',
			'family_worker.part_in_plan',
			'family_worker.started_at',
			'worker.id as worker_id',
			'worker.user_id',
			'app_user.display_name',
			'worker.job_title',
			'worker.phone',
			'worker.email',
			'service.id as service_id',
			'service.name as service_name',
			'worker_photo.updated_at as photo_updated_at',
			'family_worker.ended_at'
		]);
}

function assignedWorkers(db: Executor) {
	return assignments(db).where('family_worker.ended_at', 'is', null);
}

/** Everyone who has supported the family, current and past, newest first. */
export async function listAssignmentHistory(db: Executor, familyId: string): Promise<AssignedWorkerRow[]> {
	return assignments(db)
		.where('family_worker.family_id', '=', familyId)
		.orderBy('family_worker.started_at', 'desc')
		.orderBy('family_worker.id')
		.execute();
}

/** Ends a worker's current assignment to a family; returns how many rows it ended (0 or 1). */
export async function endAssignment(db: Executor, familyId: string, workerId: string, at: string): Promise<number> {
	const result = await db
		.updateTable('family_worker')
		.set({ ended_at: at })
		.where('family_id', '=', familyId)
		.where('worker_id', '=', workerId)
		.where('ended_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

/** The workers currently supporting a family, lead first. */
export async function listCurrentWorkers(db: Executor, familyId: string): Promise<AssignedWorkerRow[]> {
	return assignedWorkers(db)
		.where('family_worker.family_id', '=', familyId)
		.orderBy('family_worker.role')
		.orderBy('app_user.display_name')
		.execute();
}

export interface StaffRelationRow {
	worker_id: string;
	/** Their current role in this family, if assigned. */
	role: AssignmentRole | null;
	/** Whether any worker of their service currently supports this family (what a manager needs). */
	service_supports: number | boolean;
	/** Whether the family's record is under restriction (staff may not open it then). */
	family_restricted: number | boolean;
}

// Asked on every page staff open about a family (the policy's check), so reused: see reused-query.ts.
const staffRelationQuery = reusedQuery((db: Executor, familyId: string, userId: string) =>
	db
		.selectFrom('worker')
		.leftJoin('family_worker', (join) =>
			join
				.onRef('family_worker.worker_id', '=', 'worker.id')
				.on('family_worker.family_id', '=', familyId)
				.on('family_worker.ended_at', 'is', null)
		)
		.select((eb) => [
			'worker.id as worker_id',
			'family_worker.role',
			eb
				.exists(
					eb
						.selectFrom('family_worker as fw')
						.innerJoin('worker as colleague', 'colleague.id', 'fw.worker_id')
						.select('fw.id')
						.where('fw.family_id', '=', familyId)
						.where('fw.ended_at', 'is', null)
						.whereRef('colleague.service_id', '=', 'worker.service_id')
				)
				.as('service_supports'),
			// In the same query, so that checking a restriction costs staff's page loads nothing.
			eb
				.exists(
					eb
						.selectFrom('family as restricted')
						.select('restricted.id')
						.where('restricted.id', '=', familyId)
						.where('restricted.restricted_at', 'is not', null)
				)
				.as('family_restricted')
		])
		.where('worker.user_id', '=', userId)
);

/** How a member of staff is connected to a family, in one query. */
export async function findStaffRelation(
	db: Executor,
	familyId: string,
	userId: string
): Promise<StaffRelationRow | undefined> {
	return (await staffRelationQuery(db, familyId, userId))[0];
}

export interface WorkerFamilyRow {
	family_id: string;
	family_name: string;
	status: FamilyRow['status'];
	role: AssignmentRole;
	started_at: string;
}

/** The ids of the families a worker leads right now, as a subquery. */
export function familiesLedByUser(db: Executor, userId: string) {
	return db
		.selectFrom('family_worker')
		.innerJoin('worker', 'worker.id', 'family_worker.worker_id')
		.select('family_worker.family_id')
		.where('worker.user_id', '=', userId)
		.where('family_worker.role', '=', 'lead')
		.where('family_worker.ended_at', 'is', null);
}

export async function listFamiliesForWorkerUser(db: Executor, userId: string): Promise<WorkerFamilyRow[]> {
	return db
		.selectFrom('family_worker')
		.innerJoin('worker', 'worker.id', 'family_worker.worker_id')
		.innerJoin('family', 'family.id', 'family_worker.family_id')
		.select([
			'family.id as family_id',
			'family.name as family_name',
			'family.status',
			'family_worker.role',
			'family_worker.started_at'
		])
		.where('worker.user_id', '=', userId)
		.where('family_worker.ended_at', 'is', null)
		.orderBy('family_worker.role')
		.orderBy('family.name')
		.execute();
}

export async function listAssignmentsForService(db: Executor, serviceId: string): Promise<AssignedWorkerRow[]> {
	return assignedWorkers(db)
		.where('service.id', '=', serviceId)
		.orderBy('app_user.display_name')
		.orderBy('family.name')
		.execute();
}

export async function insertAssignment(db: Executor, assignment: FamilyWorkerRow): Promise<void> {
	await db.insertInto('family_worker').values(assignment).execute();
}

export async function findCurrentLead(db: Executor, familyId: string): Promise<FamilyWorkerRow | undefined> {
	return db
		.selectFrom('family_worker')
		.selectAll()
		.where('family_id', '=', familyId)
		.where('role', '=', 'lead')
		.where('ended_at', 'is', null)
		.executeTakeFirst();
}

/** The family's current lead worker's assignment and worker row, to select what a caller needs from. */
export function currentLeadWorker(db: Executor, familyId: string) {
	return db
		.selectFrom('family_worker')
		.innerJoin('worker', 'worker.id', 'family_worker.worker_id')
		.where('family_worker.family_id', '=', familyId)
		.where('family_worker.role', '=', 'lead')
		.where('family_worker.ended_at', 'is', null);
}

/** The name of the family's current lead worker, if it has one. */
export async function findLeadName(db: Executor, familyId: string): Promise<string | undefined> {
	const row = await currentLeadWorker(db, familyId)
		.innerJoin('app_user', 'app_user.id', 'worker.user_id')
		.select('app_user.display_name')
		.executeTakeFirst();
	return row?.display_name;
}

/** The service of the family's current lead worker, whose manager makes handovers. */
export async function findLeadServiceId(db: Executor, familyId: string): Promise<string | undefined> {
	const row = await currentLeadWorker(db, familyId).select('worker.service_id').executeTakeFirst();
	return row?.service_id;
}

/**
 * Whether a family has reason to know this worker: they support or supported the family, are
 * about to become its lead worker, or cover for one of its workers now or soon.
 */
export async function workerIsKnownToFamily(
	db: Executor,
	familyId: string,
	workerId: string,
	today: string
): Promise<boolean> {
	const row = await db
		.selectNoFrom((eb) => [
			eb
				.or([
					eb.exists(
						eb
							.selectFrom('family_worker')
							.select('family_worker.id')
							.where('family_worker.family_id', '=', familyId)
							.where('family_worker.worker_id', '=', workerId)
					),
					eb.exists(
						eb
							.selectFrom('handover')
							.select('handover.id')
							.where('handover.family_id', '=', familyId)
							.where('handover.to_worker_id', '=', workerId)
					),
					eb.exists(
						eb
							.selectFrom('worker_absence')
							.innerJoin('family_worker', 'family_worker.worker_id', 'worker_absence.worker_id')
							.select('worker_absence.id')
							.where('family_worker.family_id', '=', familyId)
							.where('family_worker.ended_at', 'is', null)
							.where('worker_absence.cover_worker_id', '=', workerId)
							.where('worker_absence.ends_on', '>=', today)
					)
				])
				.as('known')
		])
		.executeTakeFirstOrThrow();
	return Boolean(row.known);
}
