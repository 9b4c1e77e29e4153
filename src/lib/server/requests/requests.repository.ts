import type { Insertable } from 'kysely';
import type { Executor } from '../db';
import { reusedQuery } from '../db/reused-query';
import type { RequestStatus, ServiceRequestRow, ServiceRequestShareTable, ServiceRequestTable } from '../db/schema';

// Families asking services for help: the requests, the parts of the plan shared with each, and
// the figures managers see. Queries only; the rules live in requests.service.ts.

/** A request as the lists show it, with the service's name and the asker's name and role. */
export type RequestListRow = ServiceRequestRow & {
	service_name: string;
	asker_name: string;
	asker_role: string;
};

export async function insertRequest(db: Executor, request: Insertable<ServiceRequestTable>): Promise<void> {
	await db.insertInto('service_request').values(request).execute();
}

export async function insertShares(db: Executor, shares: readonly ServiceRequestShareTable[]): Promise<void> {
	if (shares.length === 0) return;
	await db.insertInto('service_request_share').values([...shares]).execute();
}

export async function deleteShares(db: Executor, requestId: string): Promise<void> {
	await db.deleteFrom('service_request_share').where('request_id', '=', requestId).execute();
}

export async function listShares(db: Executor, requestId: string): Promise<ServiceRequestShareTable[]> {
	return db.selectFrom('service_request_share').selectAll().where('request_id', '=', requestId).execute();
}

function listQuery(db: Executor) {
	return db
		.selectFrom('service_request')
		.innerJoin('service', 'service.id', 'service_request.service_id')
		.innerJoin('app_user', 'app_user.id', 'service_request.asked_by_user_id')
		.selectAll('service_request')
		.select(['service.name as service_name', 'app_user.display_name as asker_name', 'app_user.role as asker_role']);
}

export async function findRequest(db: Executor, requestId: string): Promise<RequestListRow | undefined> {
	return listQuery(db).where('service_request.id', '=', requestId).executeTakeFirst();
}

export async function listRequestsForFamily(db: Executor, familyId: string): Promise<RequestListRow[]> {
	return listQuery(db)
		.where('service_request.family_id', '=', familyId)
		.orderBy('service_request.created_at', 'desc')
		.orderBy('service_request.id')
		.execute();
}

/** The service's requests, leaving out those still with the family's worker: not the service's yet. */
export async function listRequestsForService(db: Executor, serviceId: string): Promise<RequestListRow[]> {
	return listQuery(db)
		.where('service_request.service_id', '=', serviceId)
		.where('service_request.status', '!=', 'with_worker')
		.orderBy('service_request.created_at')
		.orderBy('service_request.id')
		.execute();
}

export type LeadRequestRow = RequestListRow & { family_name: string };

/** Requests not yet accepted or declined (including those waiting for them to pass on), of the families `userId` leads now. */
export async function listOpenRequestsForLead(db: Executor, userId: string): Promise<LeadRequestRow[]> {
	return listQuery(db)
		.innerJoin('family', 'family.id', 'service_request.family_id')
		.innerJoin('family_worker', 'family_worker.family_id', 'service_request.family_id')
		.innerJoin('worker', 'worker.id', 'family_worker.worker_id')
		.select('family.name as family_name')
		.where('worker.user_id', '=', userId)
		.where('family_worker.role', '=', 'lead')
		.where('family_worker.ended_at', 'is', null)
		.where('family.restricted_at', 'is', null)
		.where('service_request.status', 'in', ['with_worker', 'waiting', 'question'])
		.orderBy('service_request.created_at')
		.orderBy('service_request.id')
		.execute();
}

/** Changes a request only while it is still at `version` and in one of `from`; true if it did. */
export async function updateRequestIfVersion(
	db: Executor,
	requestId: string,
	version: number,
	from: readonly RequestStatus[],
	patch: Partial<Omit<ServiceRequestRow, 'id' | 'family_id' | 'service_id' | 'asked_by_user_id' | 'created_at' | 'version'>>
): Promise<boolean> {
	const result = await db
		.updateTable('service_request')
		.set({ ...patch, version: version + 1 })
		.where('id', '=', requestId)
		.where('version', '=', version)
		.where('status', 'in', [...from])
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** The plan's goals (id, title) and its three sections, to choose what to share or to show it. */
export async function findPlanForSharing(db: Executor, familyId: string) {
	const plan = await db
		.selectFrom('plan')
		.select(['id', 'going_well', 'worried_about', 'needs_to_happen'])
		.where('family_id', '=', familyId)
		.executeTakeFirst();
	if (!plan) return null;
	const goals = await db
		.selectFrom('goal')
		.select(['id', 'title', 'how_we_know', 'status'])
		.where('plan_id', '=', plan.id)
		.orderBy('created_at')
		.orderBy('id')
		.execute();
	return { ...plan, goals };
}

/** The plan's actions not yet done, to link a request to one. */
export async function listOpenActions(db: Executor, familyId: string) {
	return db
		.selectFrom('goal_action')
		.innerJoin('goal', 'goal.id', 'goal_action.goal_id')
		.innerJoin('plan', 'plan.id', 'goal.plan_id')
		.select(['goal_action.id', 'goal_action.description'])
		.where('plan.family_id', '=', familyId)
		.where('goal_action.done_on', 'is', null)
		.orderBy('goal_action.due_date')
		.orderBy('goal_action.id')
		.execute();
}

/** Requests linked to the family's plan actions, for the plan page (on every one, so reused: see reused-query.ts). */
export const listActionRequests = reusedQuery((db: Executor, familyId: string) =>
	db
		.selectFrom('service_request')
		.innerJoin('app_user', 'app_user.id', 'service_request.asked_by_user_id')
		.select(['service_request.id', 'service_request.action_id', 'service_request.status', 'service_request.asked_by_user_id', 'app_user.role as asker_role'])
		.where('service_request.family_id', '=', familyId)
		.where('service_request.action_id', 'is not', null)
);

/**
 * Every request to the service since `since`: when it was made and when it was decided. Those still
 * with the family's worker are left out, as the service does not know of them yet.
 */
export async function listWaitFigures(db: Executor, serviceId: string, since: string) {
	return db
		.selectFrom('service_request')
		.select(['created_at', 'decided_at'])
		.where('service_id', '=', serviceId)
		.where('status', '!=', 'with_worker')
		.where('created_at', '>=', since)
		.execute();
}
