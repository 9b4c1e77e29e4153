import { error, fail, redirect } from '@sveltejs/kit';
import {
	FamilyRuleError,
	addFamilyMember,
	assignWorker,
	endTeamAssignment,
	getFamilyOverview,
	type AssignmentRole,
	type MemberType
} from '$lib/server/families/families.service';
import { InviteError, createInvite } from '$lib/server/invites/invites.service';
import { PasswordResetError, createPasswordReset } from '$lib/server/auth/password-reset.service';
import { requireFamilyAccess } from '$lib/server/policy';
import { listWorkers } from '$lib/server/workers/workers.service';
import {
	LIMITS,
	checkRequired,
	hasErrors,
	textField,
	validateOneOf,
	validatePastDate,
	type FieldErrors
} from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

const MEMBER_TYPES: readonly MemberType[] = ['adult', 'young_person'];
const ASSIGNMENT_ROLES: readonly AssignmentRole[] = ['lead', 'team'];

export const load: PageServerLoad = async ({ locals, params }) => {
	await requireFamilyAccess(locals, params.familyId, 'administer');
	const [overview, workers] = await Promise.all([
		getFamilyOverview(locals.db, params.familyId),
		listWorkers(locals.db)
	]);
	if (!overview) error(404, 'not_found');
	return { overview, workers };
};

export const actions = {
	addMember: async ({ locals, params, request }) => {
		await requireFamilyAccess(locals, params.familyId, 'administer');
		const form = await request.formData();
		const values = {
			displayName: textField(form, 'displayName'),
			memberType: textField(form, 'memberType'),
			dateOfBirth: textField(form, 'dateOfBirth')
		};
		const errors: FieldErrors = {};
		checkRequired(errors, 'displayName', values.displayName, 'admin:members.errors.display_name', LIMITS.name);
		validateOneOf(errors, 'memberType', values.memberType, MEMBER_TYPES, 'admin:members.errors.member_type');
		validatePastDate(errors, 'dateOfBirth', values.dateOfBirth);
		if (values.memberType === 'young_person' && !values.dateOfBirth && !errors.dateOfBirth) {
			errors.dateOfBirth = 'admin:members.errors.date_of_birth_required';
		}
		if (hasErrors(errors)) return fail(400, { action: 'addMember', values, errors });
		await addFamilyMember(locals.db, {
			familyId: params.familyId,
			displayName: values.displayName,
			memberType: values.memberType as MemberType,
			dateOfBirth: values.dateOfBirth || null
		});
		redirect(303, `/admin/families/${params.familyId}?added=member`);
	},
	invite: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'administer');
		const form = await request.formData();
		const memberId = textField(form, 'memberId');
		const overview = await getFamilyOverview(locals.db, params.familyId);
		const member = overview?.members.find((m) => m.id === memberId);
		if (!member) error(404, 'not_found');
		try {
			const invite = await createInvite(locals.db, { familyMemberId: member.id }, access.user.id);
			return { invite: { name: member.displayName, code: invite.code } };
		} catch (err) {
			if (err instanceof InviteError) {
				return fail(409, { action: 'invite', values: {}, errors: { [`invite-${member.id}`]: 'admin:members.errors.has_account' } });
			}
			throw err;
		}
	},
	/** A one-time code for a family member who has forgotten their password (many have no email). */
	resetCode: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'administer');
		const form = await request.formData();
		const memberId = textField(form, 'memberId');
		const overview = await getFamilyOverview(locals.db, params.familyId);
		const member = overview?.members.find((m) => m.id === memberId);
		if (!member) error(404, 'not_found');
		try {
			const reset = await createPasswordReset(locals.db, { familyId: params.familyId, memberId: member.id }, access.user.id);
			return { resetCode: { name: member.displayName, username: reset.username, code: reset.code } };
		} catch (err) {
			if (err instanceof PasswordResetError) {
				return fail(409, { action: 'resetCode', values: {}, errors: { [`reset-${member.id}`]: 'auth:reset_code.errors.no_account' } });
			}
			throw err;
		}
	},
	assign: async ({ locals, params, request }) => {
		await requireFamilyAccess(locals, params.familyId, 'administer');
		const form = await request.formData();
		const values = {
			workerId: textField(form, 'workerId'),
			role: textField(form, 'role'),
			partInPlan: textField(form, 'partInPlan')
		};
		const errors: FieldErrors = {};
		const workers = await listWorkers(locals.db);
		if (!workers.some((w) => w.id === values.workerId)) errors.workerId = 'admin:assign.errors.worker';
		validateOneOf(errors, 'assignRole', values.role, ASSIGNMENT_ROLES, 'admin:assign.errors.role');
		if (values.partInPlan.length > LIMITS.partInPlan) errors.partInPlan = 'admin:assign.errors.part_in_plan';
		if (hasErrors(errors)) return fail(400, { action: 'assign', values, errors });
		try {
			await assignWorker(locals.db, {
				familyId: params.familyId,
				workerId: values.workerId,
				role: values.role as AssignmentRole,
				partInPlan: values.partInPlan || null
			});
		} catch (err) {
			if (err instanceof FamilyRuleError) {
				const field = err.code === 'lead_exists' ? 'assignRole' : 'workerId';
				return fail(409, { action: 'assign', values, errors: { [field]: `admin:assign.errors.${err.code}` } });
			}
			throw err;
		}
		redirect(303, `/admin/families/${params.familyId}?added=worker`);
	},
	endTeam: async ({ locals, params, request }) => {
		await requireFamilyAccess(locals, params.familyId, 'administer');
		const form = await request.formData();
		if (!(await endTeamAssignment(locals.db, params.familyId, textField(form, 'assignmentId')))) error(404, 'not_found');
		redirect(303, `/admin/families/${params.familyId}?added=team_ended`);
	}
} satisfies Actions;
