import { error, fail, redirect } from '@sveltejs/kit';
import { planActor, planViewer, rethrowAsHttp } from '$lib/server/plans/plan-http';
import { NEXT_STATUSES, PlanRuleError, mayCheckIn, mayMarkActionDone, type GoalStatus, type Position } from '$lib/server/plans/plan-rules';
import { addAction, addCheckin, changeGoalStatus, recordPosition, replyToDisagreement, setActionDone, type ActionOwner } from '$lib/server/plans/plans.service';
import { getPlanView } from '$lib/server/plans/plan-view.service';
import { requireFamilyAccess, type FamilyAccess } from '$lib/server/policy';
import { LIMITS, hasErrors, textField } from '$lib/validation/forms';
import {
	parseAction,
	parseCheckin,
	parseDoneOn,
	parsePosition,
	parseRequiredText,
	parseStatus
} from '$lib/validation/plan';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await requireFamilyAccess(locals, params.familyId, 'read');
	const plan = await getPlanView(locals.db, params.familyId, { goalId: params.goalId });
	const goal = plan?.goals[0];
	if (!plan || !goal) error(404, 'not_found');
	// On hold (only the family reads it then), the goal is read only: none of its forms are offered.
	const restricted = plan.restricted;
	const viewer = { ...planViewer(access), canEdit: planViewer(access).canEdit && !restricted };
	const ownerWorker = (a: (typeof goal.actions)[number]) => (a.ownerKind === 'worker' ? a.ownerId : null);
	const ownsAnAction = viewer.workerId !== null && goal.actions.some((a) => ownerWorker(a) === viewer.workerId);
	return {
		familyId: plan.familyId,
		familyName: plan.familyName,
		restricted,
		goal,
		people: plan.people,
		today: plan.today,
		viewer,
		can: {
			recordPosition: !restricted && goal.positions.some((p) => p.userId === viewer.userId && p.userId !== ''),
			reply: !restricted && viewer.relation === 'lead',
			checkin: !restricted && mayCheckIn(viewer.relation, ownsAnAction),
			markDone: restricted
				? []
				: goal.actions.filter((a) => mayMarkActionDone(viewer.relation, viewer.workerId, ownerWorker(a))).map((a) => a.id),
			changeStatus: viewer.canEdit,
			nextStatuses: viewer.canEdit ? NEXT_STATUSES[goal.status] : []
		}
	};
};

/** Back to the goal after a change, with a note of what was saved and the part of the page it is in. */
const goalPath = (familyId: string, goalId: string, saved: string, section: string) =>
	`/family/${familyId}/plan/goals/${goalId}?saved=${saved}#${section}`;

/** Ticks an action off (or back on); who may is decided by the plans service. */
async function markAction(
	locals: App.Locals,
	access: FamilyAccess,
	params: { familyId: string; goalId: string },
	actionId: string,
	doneOn: string | null
): Promise<never> {
	try {
		await setActionDone(locals.db, {
			familyId: params.familyId,
			goalId: params.goalId,
			actionId,
			actor: planActor(access),
			actorWorkerId: access.workerId,
			doneOn
		});
	} catch (err) {
		rethrowAsHttp(err);
	}
	redirect(303, goalPath(params.familyId, params.goalId, 'action', 'actions'));
}

export const actions = {
	position: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'edit');
		const { values, errors } = parsePosition(await request.formData());
		if (hasErrors(errors)) return fail(400, { action: 'position', values, errors });
		try {
			await recordPosition(locals.db, {
				familyId: params.familyId,
				goalId: params.goalId,
				actor: planActor(access),
				position: values.position as Position,
				reason: values.reason || null
			});
		} catch (err) {
			rethrowAsHttp(err);
		}
		redirect(303, goalPath(params.familyId, params.goalId, 'position', 'positions'));
	},
	reply: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'edit');
		const form = await request.formData();
		const personUserId = textField(form, 'personUserId');
		const field = `reply-${personUserId}`;
		const { values, errors } = parseRequiredText(form, 'reply', field, 'plan:errors.reply', LIMITS.reason);
		if (hasErrors(errors)) return fail(400, { action: 'reply', values: { ...values, personUserId }, errors });
		try {
			await replyToDisagreement(locals.db, {
				familyId: params.familyId,
				goalId: params.goalId,
				actor: planActor(access),
				personUserId,
				reply: values.text
			});
		} catch (err) {
			if (err instanceof PlanRuleError && err.code === 'not_a_disagreement') {
				return fail(409, { action: 'reply', values: { ...values, personUserId }, errors: { [field]: 'plan:errors.no_longer_disagrees' } });
			}
			rethrowAsHttp(err);
		}
		redirect(303, goalPath(params.familyId, params.goalId, 'reply', 'positions'));
	},
	checkin: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'read');
		const { values, errors } = parseCheckin(await request.formData());
		if (hasErrors(errors)) return fail(400, { action: 'checkin', values, errors });
		try {
			await addCheckin(locals.db, {
				familyId: params.familyId,
				goalId: params.goalId,
				actor: planActor(access),
				actorWorkerId: access.workerId,
				score: Number(values.score),
				comment: values.comment || null
			});
		} catch (err) {
			rethrowAsHttp(err);
		}
		redirect(303, goalPath(params.familyId, params.goalId, 'checkin', 'progress'));
	},
	addAction: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'edit');
		const { values, errors } = parseAction(await request.formData());
		if (hasErrors(errors)) return fail(400, { action: 'addAction', values, errors });
		const [kind, id] = values.owner.split(':') as ['member' | 'worker' | 'service', string | undefined];
		const owner: ActionOwner = kind === 'service' ? { kind, name: values.serviceName } : { kind, id: id ?? '' };
		try {
			await addAction(locals.db, {
				familyId: params.familyId,
				goalId: params.goalId,
				actor: planActor(access),
				description: values.description,
				owner,
				dueDate: values.dueDate
			});
		} catch (err) {
			if (err instanceof PlanRuleError && err.code === 'owner_not_in_plan') {
				return fail(400, { action: 'addAction', values, errors: { owner: 'plan:errors.owner' } });
			}
			rethrowAsHttp(err);
		}
		redirect(303, goalPath(params.familyId, params.goalId, 'action', 'actions'));
	},
	actionDone: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'read');
		const form = await request.formData();
		const actionId = textField(form, 'actionId');
		const field = `doneOn-${actionId}`;
		const { values, errors } = parseDoneOn(form, field, new Date());
		if (hasErrors(errors)) return fail(400, { action: 'actionDone', values: { ...values, actionId }, errors });
		return markAction(locals, access, params, actionId, values.doneOn);
	},
	actionNotDone: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'read');
		return markAction(locals, access, params, textField(await request.formData(), 'actionId'), null);
	},
	status: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'edit');
		const { values, errors } = parseStatus(await request.formData());
		if (hasErrors(errors)) return fail(400, { action: 'status', values, errors });
		try {
			await changeGoalStatus(locals.db, {
				familyId: params.familyId,
				goalId: params.goalId,
				actor: planActor(access),
				status: values.status as GoalStatus,
				stoppedReason: values.status === 'stopped' ? values.stoppedReason : null
			});
		} catch (err) {
			if (err instanceof PlanRuleError && err.code === 'status_not_allowed') {
				return fail(409, { action: 'status', values, errors: { status: 'plan:errors.status_not_allowed' } });
			}
			rethrowAsHttp(err);
		}
		redirect(303, goalPath(params.familyId, params.goalId, 'status', 'status-section'));
	}
} satisfies Actions;
