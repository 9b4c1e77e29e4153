import { error } from '@sveltejs/kit';
import { PlanRuleError, type PlanRole } from './plan-rules';

// Shared by the plan's routes: who is acting, and how the plans service's refusals become HTTP
// answers. Anything inside a family the person cannot see is 404, like the family itself.

export interface PlanActor {
	userId: string;
	role: PlanRole;
}

/** What the policy says about the viewer (its FamilyAccess), as much as the plan needs. */
interface Access {
	user: { id: string };
	relation: PlanRole | 'admin';
	workerId: string | null;
}

export function planActor(access: Access): PlanActor {
	if (access.relation === 'admin') error(403, 'forbidden');
	return { userId: access.user.id, role: access.relation };
}

/** What the page needs to know about the viewer to show the right forms (the server still checks). */
export interface PlanViewer {
	userId: string;
	relation: PlanRole;
	workerId: string | null;
	canEdit: boolean;
	isFamily: boolean;
}

export function planViewer(access: Access): PlanViewer {
	const actor = planActor(access);
	return {
		userId: actor.userId,
		relation: actor.role,
		workerId: access.workerId,
		canEdit: actor.role === 'member' || actor.role === 'lead',
		isFamily: actor.role === 'member'
	};
}

/** Not-found and not-allowed refusals as 404/403; any other error is passed on. */
export function rethrowAsHttp(err: unknown): never {
	if (err instanceof PlanRuleError) {
		if (err.code === 'not_found') error(404, 'not_found');
		if (err.code === 'not_allowed') error(403, 'forbidden');
	}
	throw err;
}
