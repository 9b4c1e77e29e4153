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
import { makeResetCode } from '$lib/server/auth/password-reset-http';
import { requireFamilyAccess, requireRestrictionAdministration } from '$lib/server/policy';
import {
	RESTRICTION_REASONS,
	liftRestriction,
	recordSupportEnded,
	restrictFamily,
	retainUntil,
	configuredRetentionYears,
	getRecordStatus,
	type RestrictionReason
} from '$lib/server/retention/retention.service';
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
	// The admin reads the family's page whether or not its record is restricted (this load also runs
	// after a refused restriction form is posted), so it asks the restriction policy, not 'administer'.
	await requireRestrictionAdministration(locals, params.familyId);
	const [overview, workers, record] = await Promise.all([
		getFamilyOverview(locals.db, params.familyId),
		listWorkers(locals.db),
		getRecordStatus(locals.db, params.familyId)
	]);
	if (!overview || !record) error(404, 'not_found');
	const years = configuredRetentionYears();
	const supportEndedOn = record.supportEndedOn;
	return {
		overview,
		workers,
		record,
		retention: { years, supportEndedOn, retainUntil: supportEndedOn ? retainUntil(supportEndedOn, years) : null }
	};
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
	// A new password is about the person's way in, not the family's record: the administrator can
	// make one while the record is on hold too, so the family can still read and download it.
	resetCode: async ({ locals, params, request }) => {
		const user = await requireRestrictionAdministration(locals, params.familyId);
		return makeResetCode(locals, request, params.familyId, user.id, { action: 'resetCode' });
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
	restrict: async ({ locals, params, request }) => {
		await requireRestrictionAdministration(locals, params.familyId);
		const values = { reason: textField(await request.formData(), 'reason') };
		const errors: FieldErrors = {};
		validateOneOf(errors, 'reason', values.reason, RESTRICTION_REASONS, 'admin:restriction.errors.reason');
		if (hasErrors(errors)) return fail(400, { action: 'restrict', values, errors });
		await restrictFamily(locals.db, params.familyId, values.reason as RestrictionReason);
		redirect(303, `/admin/families/${params.familyId}?added=restricted`);
	},
	liftRestriction: async ({ locals, params }) => {
		await requireRestrictionAdministration(locals, params.familyId);
		await liftRestriction(locals.db, params.familyId);
		redirect(303, `/admin/families/${params.familyId}?added=restriction_lifted`);
	},
	supportEnded: async ({ locals, params, request }) => {
		await requireRestrictionAdministration(locals, params.familyId);
		const values = { supportEndedOn: textField(await request.formData(), 'supportEndedOn') };
		const errors: FieldErrors = {};
		validatePastDate(errors, 'supportEndedOn', values.supportEndedOn);
		if (hasErrors(errors)) return fail(400, { action: 'supportEnded', values, errors });
		await recordSupportEnded(locals.db, params.familyId, values.supportEndedOn || null);
		redirect(303, `/admin/families/${params.familyId}?added=support_ended`);
	},
	endTeam: async ({ locals, params, request }) => {
		await requireFamilyAccess(locals, params.familyId, 'administer');
		const form = await request.formData();
		if (!(await endTeamAssignment(locals.db, params.familyId, textField(form, 'assignmentId')))) error(404, 'not_found');
		redirect(303, `/admin/families/${params.familyId}?added=team_ended`);
	}
} satisfies Actions;
