import type { ExpressionBuilder } from 'kysely';
import type { Executor } from '../db';
import type { AuditAction, AuditEventRow, AuditKind, AuditOutcome, Database, NewAuditEvent, Role } from '../db/schema';

// The audit trail's queries. Rows are only ever inserted: the database refuses UPDATE and DELETE.

/** Where a page of the trail ends: rows strictly older than it (at, then id). */
export interface AuditCursor {
	at: string;
	id: string;
}

function olderThan(eb: ExpressionBuilder<Database, 'audit_event'>, { at, id }: AuditCursor) {
	return eb.or([eb('audit_event.at', '<', at), eb.and([eb('audit_event.at', '=', at), eb('audit_event.id', '<', id)])]);
}

/** The families a service supports or has supported (any assignment of its workers, past or present). */
function familiesOfService(db: Executor, serviceId: string) {
	return db
		.selectFrom('family_worker')
		.innerJoin('worker', 'worker.id', 'family_worker.worker_id')
		.select('family_worker.family_id')
		.where('worker.service_id', '=', serviceId);
}

/**
 * Writes the events in one statement. For staff, `staffUserId` fills in the service they work for
 * (so a manager can search by it) from within that statement, rather than by a query of its own
 * on every page a member of staff opens.
 */
export async function insertAuditEvents(db: Executor, events: readonly NewAuditEvent[], staffUserId: string | null): Promise<void> {
	if (events.length === 0) return;
	const serviceOf = (userId: string) => db.selectFrom('worker').select('service_id').where('user_id', '=', userId);
	await db
		.insertInto('audit_event')
		.values(events.map((event) => (staffUserId ? { ...event, actor_service_id: serviceOf(staffUserId) } : event)))
		.execute();
}

/** Each user's family (user id → family id), for those who are family members. */
export async function findFamiliesOfUsers(db: Executor, userIds: readonly string[]): Promise<Map<string, string>> {
	const rows = await db
		.selectFrom('family_member')
		.select(['user_id', 'family_id'])
		.where('user_id', 'in', [...userIds])
		.execute();
	return new Map(rows.flatMap((r) => (r.user_id ? [[r.user_id, r.family_id] as const] : [])));
}

export interface AuditEventWithNames extends AuditEventRow {
	actor_name: string | null;
	family_name: string | null;
	service_name: string | null;
}

/**
 * What staff did in one family that went through, newest first, with who did it. `before` pages
 * back: rows strictly older than it (at, then id).
 */
export async function listFamilyStaffEvents(
	db: Executor,
	familyId: string,
	options: { limit: number; before?: AuditCursor }
): Promise<AuditEventWithNames[]> {
	let query = db
		.selectFrom('audit_event')
		.leftJoin('app_user', 'app_user.id', 'audit_event.actor_user_id')
		.selectAll('audit_event')
		.leftJoin('service', 'service.id', 'audit_event.service_id')
		.select(['app_user.display_name as actor_name', 'service.name as service_name'])
		.select((eb) => eb.val<string | null>(null).as('family_name'))
		.where('audit_event.family_id', '=', familyId)
		.where('audit_event.outcome', '=', 'done')
		.where('audit_event.actor_role', 'in', ['worker', 'manager', 'admin']);
	const before = options.before;
	if (before) query = query.where((eb) => olderThan(eb, before));
	return query.orderBy('audit_event.at', 'desc').orderBy('audit_event.id', 'desc').limit(options.limit).execute();
}

export interface AuditSearch {
	/** Rows by this service's staff, or about the families it supports (now or before). */
	serviceId: string;
	actorUserId: string | null;
	familyId: string | null;
	kind: AuditKind | null;
	action: AuditAction | null;
	outcome: AuditOutcome | null;
	/** Inclusive ISO bounds. */
	fromAt: string | null;
	toAt: string | null;
	before: AuditCursor | null;
	limit: number;
}

export async function searchServiceEvents(db: Executor, search: AuditSearch): Promise<AuditEventWithNames[]> {
	let query = db
		.selectFrom('audit_event')
		.leftJoin('app_user', 'app_user.id', 'audit_event.actor_user_id')
		.leftJoin('family', 'family.id', 'audit_event.family_id')
		.leftJoin('service', 'service.id', 'audit_event.service_id')
		.selectAll('audit_event')
		.select(['app_user.display_name as actor_name', 'family.name as family_name', 'service.name as service_name'])
		.where((eb) =>
			eb.or([
				eb('audit_event.actor_service_id', '=', search.serviceId),
				eb('audit_event.family_id', 'in', familiesOfService(db, search.serviceId))
			])
		);
	if (search.actorUserId) query = query.where('audit_event.actor_user_id', '=', search.actorUserId);
	if (search.familyId) query = query.where('audit_event.family_id', '=', search.familyId);
	if (search.kind) query = query.where('audit_event.kind', '=', search.kind);
	if (search.action) query = query.where('audit_event.action', '=', search.action);
	if (search.outcome) query = query.where('audit_event.outcome', '=', search.outcome);
	if (search.fromAt) query = query.where('audit_event.at', '>=', search.fromAt);
	if (search.toAt) query = query.where('audit_event.at', '<=', search.toAt);
	const before = search.before;
	if (before) query = query.where((eb) => olderThan(eb, before));
	return query.orderBy('audit_event.at', 'desc').orderBy('audit_event.id', 'desc').limit(search.limit).execute();
}

export interface AuditPerson {
	user_id: string;
	display_name: string;
	role: Role;
}

/** The staff who appear in a service's audit (its own staff, and anyone who opened its families). */
export async function listServiceAuditActors(db: Executor, serviceId: string): Promise<AuditPerson[]> {
	return db
		.selectFrom('app_user')
		.select(['app_user.id as user_id', 'app_user.display_name', 'app_user.role'])
		.where((eb) =>
			eb.or([
				eb('app_user.id', 'in', eb.selectFrom('worker').select('worker.user_id').where('worker.service_id', '=', serviceId)),
				eb(
					'app_user.id',
					'in',
					eb
						.selectFrom('audit_event')
						.select('audit_event.actor_user_id')
						.where('audit_event.family_id', 'in', familiesOfService(db, serviceId))
				)
			])
		)
		.where('app_user.role', 'in', ['worker', 'manager', 'admin'])
		.orderBy('app_user.display_name')
		.orderBy('app_user.id')
		.execute();
}

/** The families a service supports or has supported, for the search form. */
export async function listServiceFamilies(db: Executor, serviceId: string): Promise<{ id: string; name: string }[]> {
	return db
		.selectFrom('family')
		.select(['family.id', 'family.name'])
		.where('family.id', 'in', familiesOfService(db, serviceId))
		.orderBy('family.name')
		.orderBy('family.id')
		.execute();
}
