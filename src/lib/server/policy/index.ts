import { error, redirect } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import type { Role, ServiceRatingRow, ServiceRow, YoungViewRow } from '../db/schema';
import type { ViewAudience } from '$lib/views/views';
import { RATER_ROLES, statusTakesRatings } from '$lib/ratings/ratings';
import { ukToday } from '../clock';
import {
	findFamily,
	findLeadServiceId,
	findMemberByUser,
	findStaffRelation,
	workerIsKnownToFamily
} from '../families/families.repository';
import { findService } from '../services/services.repository';
import type { User } from '../users/users.service';
import { findHandover } from '../handovers/handovers.repository';
import { findView } from '../views/views.repository';
import { findRating, serviceHasStaff } from '../ratings/ratings.repository';
import { findWorkerById, findWorkerByUser } from '../workers/workers.repository';
import { findOwnNewsItem, type OwnNewsItem } from '../news/news.repository';
import { findRequest, type RequestListRow } from '../requests/requests.repository';
import { ASKER_ROLES, memberSeesRequest, serviceSeesRequest, type RequestRoute } from '$lib/requests/requests';
import { getDirectoryEntry } from '../directory/directory.service';

// The one place that decides who may see or do what. Every load and every action calls it.
// Deny by default: anything not granted here is refused. A family (or anything inside one) that
// the person has no part in answers 404, so its existence does not leak.

export type FamilyRelation = 'member' | 'lead' | 'team' | 'manager' | 'admin';
export type FamilyPermission = 'read' | 'edit' | 'acknowledge' | 'administer' | 'see_access_log';

const FAMILY_GRANTS: Record<FamilyPermission, readonly FamilyRelation[]> = {
	read: ['member', 'lead', 'team', 'manager'],
	// The plan is written by the family and their lead worker. Team members and managers read it;
	// finer rules (a team member's own actions) live in the plans service.
	edit: ['member', 'lead'],
	// What only the family says for themselves, such as "I have read about our new worker".
	acknowledge: ['member'],
	administer: ['admin'],
	// Who looked at the family's record is the family's to know. Staff search the trail elsewhere.
	see_access_log: ['member']
};

export interface FamilyAccess {
	user: User;
	familyId: string;
	relation: FamilyRelation;
	/** The viewer's worker record when they are assigned to this family (lead or team). */
	workerId: string | null;
}

interface Relation {
	relation: FamilyRelation;
	workerId: string | null;
	/** Whether the family's record is under restriction, when the relation's query already told us. */
	restricted?: boolean;
}

/** The signed-in person, or a redirect to sign in. */
export function requireUser(locals: App.Locals): User {
	if (!locals.user) redirect(303, '/sign-in');
	return locals.user;
}

/**
 * The person whose own contact preference this is: always the signed-in person, for themselves.
 * Nobody (a parent, a worker, an admin) sets or reads another person's: a young person's details are
 * theirs alone. The route takes no id, so there is nothing else it could name.
 */
export function requireOwnContactPreference(locals: App.Locals): User {
	return requireUser(locals);
}

/** The signed-in person if their role is one of `roles`; 403 otherwise. */
export function requireRole(locals: App.Locals, roles: readonly Role[]): User {
	const user = requireUser(locals);
	if (!roles.includes(user.role)) error(403, 'forbidden');
	return user;
}

/** How a person is connected to a family, if at all. */
export async function familyRelation(
	db: App.Locals['db'],
	user: User,
	familyId: string
): Promise<FamilyRelation | null> {
	return (await findRelation(db, user, familyId))?.relation ?? null;
}

// One query for family members and assigned workers (the common case on every plan page): a
// membership or assignment row can only exist for a family that exists.
async function findRelation(db: App.Locals['db'], user: User, familyId: string): Promise<Relation | null> {
	switch (user.role) {
		case 'admin': {
			const family = await findFamily(db, familyId);
			return family ? { relation: 'admin', workerId: null, restricted: family.restricted_at !== null } : null;
		}
		case 'parent_carer':
		case 'young_person': {
			const member = await findMemberByUser(db, user.id);
			return member?.family_id === familyId ? { relation: 'member', workerId: null } : null;
		}
		case 'worker':
		case 'manager': {
			const staff = await findStaffRelation(db, familyId, user.id);
			if (!staff) return null;
			const restricted = Boolean(staff.family_restricted);
			if (staff.role) return { relation: staff.role, workerId: staff.worker_id, restricted };
			// A manager oversees every family their service's workers support.
			return user.role === 'manager' && Boolean(staff.service_supports)
				? { relation: 'manager', workerId: null, restricted }
				: null;
		}
		default:
			return null;
	}
}

export async function requireFamilyAccess(
	locals: App.Locals,
	familyId: string,
	permission: FamilyPermission
): Promise<FamilyAccess> {
	const user = requireUser(locals);
	const found = await findRelation(locals.db, user, familyId);
	// Noted for the audit trail whether granted or not; the handle records how it ended.
	locals.audit.family(familyId, found?.relation ?? null);
	if (!found) error(404, 'not_found');
	if (!FAMILY_GRANTS[permission].includes(found.relation)) error(403, 'forbidden');
	await refuseWhileRestricted(locals.db, familyId, found, permission);
	return { user, familyId, relation: found.relation, workerId: found.workerId };
}

// A family's record under restriction (an erasure request waiting for the retention period to
// end, or a family contesting what it says): nobody changes anything in it, and staff no longer
// open it. The family still reads their plan and downloads their information; the admin reads it
// and lifts the restriction (requireRestrictionAdministration). One check, called wherever a
// family relation is resolved, so every action that writes to a family passes through it.
const STAFF_RELATIONS: readonly FamilyRelation[] = ['lead', 'team', 'manager'];

/** A form action or any other request that may change something (not GET or HEAD). */
function isChangeRequest(): boolean {
	try {
		const { method } = getRequestEvent().request;
		return method !== 'GET' && method !== 'HEAD';
	} catch {
		// Outside a request (a service test or the CLI): the permission alone says it is a change.
		return false;
	}
}

async function refuseWhileRestricted(
	db: App.Locals['db'],
	familyId: string,
	found: Relation,
	permission: FamilyPermission
): Promise<void> {
	const staff = STAFF_RELATIONS.includes(found.relation);
	const changing = permission === 'edit' || permission === 'acknowledge' || isChangeRequest();
	if (!staff && !changing) return;
	const restricted = found.restricted ?? (await findFamily(db, familyId))?.restricted_at != null;
	if (restricted) error(403, 'restricted');
}

/** Placing a family's record under restriction, lifting it, and recording when support ended: the admin. */
export async function requireRestrictionAdministration(locals: App.Locals, familyId: string): Promise<User> {
	const user = requireUser(locals);
	const found = await findRelation(locals.db, user, familyId);
	locals.audit.family(familyId, found?.relation ?? null);
	if (!found) error(404, 'not_found');
	if (found.relation !== 'admin') error(403, 'forbidden');
	return user;
}

/** Downloading one's own information: a parent, carer or young person in this family, restricted or not. */
export async function requireOwnInformation(locals: App.Locals, familyId: string): Promise<FamilyAccess> {
	const access = await requireFamilyAccess(locals, familyId, 'read');
	if (access.relation !== 'member') error(403, 'forbidden');
	return access;
}

/** What only the family's lead worker does on its page, such as making a member a password reset code. */
export async function requireLeadWorker(locals: App.Locals, familyId: string): Promise<FamilyAccess> {
	const access = await requireFamilyAccess(locals, familyId, 'read');
	if (access.relation !== 'lead') error(403, 'forbidden');
	return access;
}

/** Managers manage their own service; the admin manages every service. */
export async function requireServiceManagement(locals: App.Locals, serviceId: string): Promise<User> {
	const user = requireRole(locals, ['manager', 'admin']);
	const service = await findService(locals.db, serviceId);
	if (!service) error(404, 'not_found');
	if (user.role === 'admin') return user;
	const worker = await findWorkerByUser(locals.db, user.id);
	if (worker?.service_id !== serviceId) error(403, 'forbidden');
	return user;
}

export interface HandoverManagement {
	user: User;
	/** The service a manager may hand over within; null for the admin, who may choose anyone. */
	withinServiceId: string | null;
}

/**
 * Handovers are made by the manager of the lead worker's service, or the admin. Workers and the
 * family read the family but may not change who leads it (403); anyone else gets 404.
 */
export async function requireHandoverManagement(locals: App.Locals, familyId: string): Promise<HandoverManagement> {
	const user = requireUser(locals);
	const found = await findRelation(locals.db, user, familyId);
	locals.audit.family(familyId, found?.relation ?? null);
	if (!found) error(404, 'not_found');
	await refuseWhileRestricted(locals.db, familyId, found, 'read');
	if (found.relation === 'admin') return { user, withinServiceId: null };
	if (user.role !== 'manager') error(403, 'forbidden');
	const [own, leadServiceId] = await Promise.all([
		findWorkerByUser(locals.db, user.id),
		findLeadServiceId(locals.db, familyId)
	]);
	if (!own || own.service_id !== leadServiceId) error(403, 'forbidden');
	return { user, withinServiceId: own.service_id };
}

export interface WorkerProfileAccess {
	user: User;
	/** The worker is changing their own profile. */
	self: boolean;
}

/**
 * A worker's profile (photo, contact, hours, time away) is kept by the worker themselves, their
 * service's manager, or the admin. Other staff get 403; families never see this page (404).
 */
export async function requireWorkerProfileAccess(locals: App.Locals, workerId: string): Promise<WorkerProfileAccess> {
	const user = requireUser(locals);
	if (user.role !== 'worker' && user.role !== 'manager' && user.role !== 'admin') error(404, 'not_found');
	const [worker, own] = await Promise.all([
		findWorkerById(locals.db, workerId),
		user.role === 'admin' ? undefined : findWorkerByUser(locals.db, user.id)
	]);
	if (!worker) error(404, 'not_found');
	if (user.role === 'admin') return { user, self: false };
	if (worker.user_id === user.id) return { user, self: true };
	if (user.role === 'manager' && own?.service_id === worker.service_id) return { user, self: false };
	error(403, 'forbidden');
}

/**
 * A handover's notes are written by its two workers only: the leaving one says goodbye, the new
 * one hello. Other staff get 404 (they have no part in it); families and the admin 403.
 */
export async function requireHandoverNoteAccess(
	locals: App.Locals,
	handoverId: string
): Promise<{ user: User; side: 'goodbye' | 'hello' }> {
	const user = requireRole(locals, ['worker', 'manager']);
	const [handover, own] = await Promise.all([
		findHandover(locals.db, handoverId),
		findWorkerByUser(locals.db, user.id)
	]);
	if (!handover || !own) error(404, 'not_found');
	locals.audit.family(handover.family_id, null);
	if ((await findFamily(locals.db, handover.family_id))?.restricted_at != null) error(403, 'restricted');
	if (own.id === handover.from_worker_id) return { user, side: 'goodbye' };
	if (own.id === handover.to_worker_id) return { user, side: 'hello' };
	error(404, 'not_found');
}

/**
 * Who may see a worker's photo: staff, and family members whose family knows the worker (as
 * their worker now or before, their next worker, or cover). Everyone else: 404.
 */
export async function requireWorkerPhotoAccess(locals: App.Locals, workerId: string): Promise<void> {
	const user = requireUser(locals);
	if (user.role === 'worker' || user.role === 'manager' || user.role === 'admin') return;
	const member = await findMemberByUser(locals.db, user.id);
	if (member && (await workerIsKnownToFamily(locals.db, member.family_id, workerId, ukToday()))) return;
	error(404, 'not_found');
}

// A young person's views. The young person who wrote one always sees it and alone decides who
// else does. "My worker" is the lead worker, whoever that is now; "my worker and my family" adds
// the family and the team around it. Managers and the admin see none: they were not told.
const VIEW_AUDIENCES_SEEN: Record<FamilyRelation, readonly ViewAudience[]> = {
	member: ['family'],
	lead: ['worker', 'family'],
	team: ['family'],
	manager: [],
	admin: []
};

/** Which audiences of other people's views someone connected to the family this way may read. */
export function viewAudiencesFor(relation: FamilyRelation): readonly ViewAudience[] {
	return VIEW_AUDIENCES_SEEN[relation];
}

/** The rule for one view: its author, or someone in an audience it was shared with. */
export function canReadView(
	relation: FamilyRelation,
	userId: string,
	view: Pick<YoungViewRow, 'author_user_id' | 'audience'>
): boolean {
	return view.author_user_id === userId || VIEW_AUDIENCES_SEEN[relation].includes(view.audience);
}

export interface ViewAccess {
	access: FamilyAccess;
	view: YoungViewRow;
	/** The young person who wrote it: the only one who may change it or who sees it. */
	isAuthor: boolean;
	/** The lead worker, who acknowledges it and replies. */
	isLead: boolean;
}

/** A view the person may read; 404 for any other (its existence does not leak). */
export async function requireViewAccess(locals: App.Locals, familyId: string, viewId: string): Promise<ViewAccess> {
	const access = await requireFamilyAccess(locals, familyId, 'read');
	const view = await findView(locals.db, viewId);
	if (!view || view.family_id !== familyId || !canReadView(access.relation, access.user.id, view)) {
		error(404, 'not_found');
	}
	// A view is its author's: they alone see in the family's log who read it.
	locals.audit.person(familyId, access.relation, view.author_user_id);
	return { access, view, isAuthor: view.author_user_id === access.user.id, isLead: access.relation === 'lead' };
}

/** Writing, finishing, sharing or un-sharing a view: its author alone. Anyone else who can see it: 403. */
export async function requireOwnView(locals: App.Locals, familyId: string, viewId: string): Promise<ViewAccess> {
	const found = await requireViewAccess(locals, familyId, viewId);
	if (!found.isAuthor) error(403, 'forbidden');
	return found;
}

/** Acknowledging and answering a view: the lead worker alone. */
export async function requireViewReply(locals: App.Locals, familyId: string, viewId: string): Promise<ViewAccess> {
	const found = await requireViewAccess(locals, familyId, viewId);
	if (!found.isLead) error(403, 'forbidden');
	return found;
}

/** Writing a new view: a young person in this family. Others who can see the family: 403. */
export async function requireViewAuthoring(locals: App.Locals, familyId: string): Promise<FamilyAccess> {
	const access = await requireFamilyAccess(locals, familyId, 'read');
	if (access.relation !== 'member' || access.user.role !== 'young_person') error(403, 'forbidden');
	return access;
}

// Services and what families say about them. The directory is public. Family members and young
// people rate a service that has someone here to answer; that service's own workers and manager
// reply and record what changed. Everyone signed in reads what families said, and who wrote an
// anonymous rating reaches nobody but its author (the ratings module never hands it out).

/** A service that exists, for anyone (the directory is public); 404 otherwise. */
export async function requireService(locals: App.Locals, serviceId: string): Promise<ServiceRow> {
	const service = await findService(locals.db, serviceId);
	if (!service) error(404, 'not_found');
	return service;
}

/** Rating a service: a family member or young person, and only where the service answers ratings. */
export async function requireRatingAuthoring(
	locals: App.Locals,
	serviceId: string
): Promise<{ user: User; service: ServiceRow }> {
	const user = requireRole(locals, RATER_ROLES);
	const service = await requireService(locals, serviceId);
	// A service that has closed, or that nobody here answers for, takes no ratings.
	if (!statusTakesRatings(service.status) || !(await serviceHasStaff(locals.db, serviceId))) {
		error(403, 'forbidden');
	}
	return { user, service };
}

/** Whether the person works for this service (as a worker or its manager). */
async function isServiceStaff(locals: App.Locals, user: User, serviceId: string): Promise<boolean> {
	if (user.role !== 'worker' && user.role !== 'manager') return false;
	return (await findWorkerByUser(locals.db, user.id))?.service_id === serviceId;
}

/** Whoever is looking (signed in or not) works for this service. */
export async function isStaffOf(locals: App.Locals, serviceId: string): Promise<boolean> {
	return locals.user ? isServiceStaff(locals, locals.user, serviceId) : false;
}

/** Reading what families said about a service: anyone signed in. Says whether they are its staff. */
export async function requireFeedbackReading(
	locals: App.Locals,
	serviceId: string
): Promise<{ user: User; service: ServiceRow; isStaff: boolean }> {
	const user = requireUser(locals);
	const service = await requireService(locals, serviceId);
	locals.audit.feedback(serviceId, null);
	return { user, service, isStaff: await isServiceStaff(locals, user, serviceId) };
}

/** Replying to ratings and recording "You said, we did": the service's own workers and manager. */
export async function requireServiceStaff(locals: App.Locals, serviceId: string): Promise<{ user: User; service: ServiceRow }> {
	const { user, service, isStaff } = await requireFeedbackReading(locals, serviceId);
	if (!isStaff) error(403, 'forbidden');
	return { user, service };
}

/** A rating of this service that its staff may answer; 404 for any other. */
export async function requireRatingReply(
	locals: App.Locals,
	serviceId: string,
	ratingId: string
): Promise<{ user: User; service: ServiceRow; rating: ServiceRatingRow }> {
	const staff = await requireServiceStaff(locals, serviceId);
	const rating = await findRating(locals.db, ratingId);
	if (!rating || rating.service_id !== serviceId) error(404, 'not_found');
	// An anonymous rating stays the service's alone in the trail: nothing there says whose it is.
	locals.audit.feedback(serviceId, rating.anonymous ? null : rating.author_user_id);
	return { ...staff, rating };
}

/**
 * A line in "What's new": its owner's alone. Anyone else's answers 404, as if it did not exist.
 * The page it leads to checks access again as always.
 */
export async function requireOwnNewsItem(locals: App.Locals, newsId: string): Promise<{ user: User; item: OwnNewsItem }> {
	const user = requireUser(locals);
	const item = await findOwnNewsItem(locals.db, newsId, user.id);
	if (!item) error(404, 'not_found');
	return { user, item };
}

// Asking a service for help. A parent, carer or young person asks for their own family; the
// request is seen by whoever asked (and, for a parent's request, the other parents and carers),
// by the family's lead worker, and by the staff of the service asked, who see only the parts of
// the plan the family chose to share. Anyone else: 404.

export interface RequestAsking {
	access: FamilyAccess;
	service: ServiceRow;
	/** The ways this family may ask this service: themselves, or through their lead worker. */
	routes: RequestRoute[];
}

/** Asking a service for help: a family member, for a service that is open and has staff here. */
export async function requireRequestAsking(locals: App.Locals, serviceId: string): Promise<RequestAsking> {
	const user = requireRole(locals, ASKER_ROLES);
	const service = await requireService(locals, serviceId);
	const member = await findMemberByUser(locals.db, user.id);
	if (!member) error(403, 'forbidden');
	const access = await requireFamilyAccess(locals, member.family_id, 'edit');
	if (!statusTakesRatings(service.status) || !(await serviceHasStaff(locals.db, serviceId))) error(403, 'forbidden');
	const [entry, lead] = await Promise.all([getDirectoryEntry(locals.db, serviceId), findLeadServiceId(locals.db, member.family_id)]);
	const routes: RequestRoute[] = [];
	// A service that does not say how to ask takes families asking for themselves.
	if (!entry || entry.askRoutes.length === 0 || entry.askRoutes.includes('self')) routes.push('self');
	if (lead !== undefined && (!entry || entry.askRoutes.length === 0 || entry.askRoutes.includes('worker'))) routes.push('worker');
	if (routes.length === 0) error(403, 'forbidden');
	return { access, service, routes };
}

/**
 * Whose requests someone reading the family's record sees: a member sees the ones they may
 * (`memberSeesRequest`, so `viewer` is them), the lead worker every one (`viewer` null), anyone
 * else none (null). The family's request list, and each request beside its action on the plan.
 */
export function requestViewerFor(access: FamilyAccess): { viewer: User | null } | null {
	if (access.relation === 'member') return { viewer: access.user };
	if (access.relation === 'lead') return { viewer: null };
	return null;
}

/** The family's list of requests: its members and its lead worker. */
export async function requireFamilyRequests(
	locals: App.Locals,
	familyId: string
): Promise<{ access: FamilyAccess; viewer: User | null }> {
	const access = await requireFamilyAccess(locals, familyId, 'read');
	const sees = requestViewerFor(access);
	if (!sees) error(403, 'forbidden');
	return { access, viewer: sees.viewer };
}

/** Managers see how long families waited for their service; its workers see the requests only. */
export function seesWaitingTimes(user: User): boolean {
	return user.role === 'manager';
}

/** One request, for the family member who may see it or the lead worker; 404 for anyone else. */
export async function requireRequestAccess(
	locals: App.Locals,
	familyId: string,
	requestId: string
): Promise<{ access: FamilyAccess; request: RequestListRow }> {
	const access = await requireFamilyAccess(locals, familyId, 'read');
	const request = await findRequest(locals.db, requestId);
	const sees =
		request !== undefined &&
		request.family_id === familyId &&
		(access.relation === 'lead' || (access.relation === 'member' && memberSeesRequest(access.user, request)));
	if (!request || !sees) error(404, 'not_found');
	locals.audit.person(familyId, access.relation, request.asked_by_user_id);
	return { access, request };
}

/** Answering the service's question or withdrawing consent: the family member who sees it. */
export async function requireOwnRequest(
	locals: App.Locals,
	familyId: string,
	requestId: string
): Promise<{ access: FamilyAccess; request: RequestListRow }> {
	const found = await requireRequestAccess(locals, familyId, requestId);
	if (found.access.relation !== 'member') error(403, 'forbidden');
	return found;
}

/**
 * Passing a request asked through the worker on to the service: the family's lead worker only
 * (a member or anyone else who sees it: 403; anyone who does not: 404). A family under
 * restriction is refused, as for every other change a worker makes.
 */
export async function requireRequestPassOn(
	locals: App.Locals,
	familyId: string,
	requestId: string
): Promise<{ access: FamilyAccess; request: RequestListRow }> {
	const found = await requireRequestAccess(locals, familyId, requestId);
	if (found.access.relation !== 'lead') error(403, 'forbidden');
	return found;
}

/** The requests made to a service: its own workers and manager. */
export async function requireServiceRequests(locals: App.Locals, serviceId: string): Promise<{ user: User; service: ServiceRow }> {
	const user = requireUser(locals);
	const service = await requireService(locals, serviceId);
	if (!(await isServiceStaff(locals, user, serviceId))) error(403, 'forbidden');
	return { user, service };
}

/** One request to the service, for its staff to read and decide; 404 for any other. */
export async function requireServiceRequest(
	locals: App.Locals,
	serviceId: string,
	requestId: string
): Promise<{ user: User; service: ServiceRow; request: RequestListRow }> {
	const staff = await requireServiceRequests(locals, serviceId);
	const request = await findRequest(locals.db, requestId);
	// Still with the family's worker: not the service's to know of yet.
	if (!request || request.service_id !== serviceId || !serviceSeesRequest(request)) error(404, 'not_found');
	locals.audit.family(request.family_id, null);
	// A family's record under restriction is closed to staff, as everywhere else.
	if ((await findFamily(locals.db, request.family_id))?.restricted_at != null) error(403, 'restricted');
	return { ...staff, request };
}

/** Where each person lands after signing in. */
export async function homePath(db: App.Locals['db'], user: User): Promise<string> {
	switch (user.role) {
		case 'parent_carer':
		case 'young_person': {
			const member = await findMemberByUser(db, user.id);
			return member ? `/family/${member.family_id}` : '/welcome';
		}
		case 'worker':
			return '/my-families';
		case 'manager': {
			const worker = await findWorkerByUser(db, user.id);
			return worker ? `/service/${worker.service_id}` : '/welcome';
		}
		case 'admin':
			return '/admin';
		default:
			return '/welcome';
	}
}
