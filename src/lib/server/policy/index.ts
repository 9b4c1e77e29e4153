import { error, redirect } from '@sveltejs/kit';
import type { Role } from '../db/schema';
import { findFamily, findMemberByUser, findStaffRelation } from '../families/families.repository';
import { findService } from '../services/services.repository';
import type { User } from '../users/users.service';
import { findWorkerByUser } from '../workers/workers.repository';

// The one place that decides who may see or do what. Every load and every action calls it.
// Deny by default: anything not granted here is refused. A family (or anything inside one) that
// the person has no part in answers 404, so its existence does not leak.

export type FamilyRelation = 'member' | 'lead' | 'team' | 'manager' | 'admin';
export type FamilyPermission = 'read' | 'edit' | 'administer';

const FAMILY_GRANTS: Record<FamilyPermission, readonly FamilyRelation[]> = {
	read: ['member', 'lead', 'team', 'manager'],
	// The plan is written by the family and their lead worker. Team members and managers read it;
	// finer rules (a team member's own actions) live in the plans service.
	edit: ['member', 'lead'],
	administer: ['admin']
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
}

/** The signed-in person, or a redirect to sign in. */
export function requireUser(locals: App.Locals): User {
	if (!locals.user) redirect(303, '/sign-in');
	return locals.user;
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
		case 'admin':
			return (await findFamily(db, familyId)) ? { relation: 'admin', workerId: null } : null;
		case 'parent_carer':
		case 'young_person': {
			const member = await findMemberByUser(db, user.id);
			return member?.family_id === familyId ? { relation: 'member', workerId: null } : null;
		}
		case 'worker':
		case 'manager': {
			const staff = await findStaffRelation(db, familyId, user.id);
			if (!staff) return null;
			if (staff.role) return { relation: staff.role, workerId: staff.worker_id };
			// A manager oversees every family their service's workers support.
			return user.role === 'manager' && Boolean(staff.service_supports) ? { relation: 'manager', workerId: null } : null;
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
	if (!found) error(404, 'not_found');
	if (!FAMILY_GRANTS[permission].includes(found.relation)) error(403, 'forbidden');
	return { user, familyId, relation: found.relation, workerId: found.workerId };
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
