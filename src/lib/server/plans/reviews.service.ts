import type { DB, Executor } from '../db';
import { newId, toTimestamp } from '../ids';
import {
	findNextReview,
	findPlanByFamily,
	insertAgendaItem,
	insertReview,
	listHeldReviews,
	markAgendaItemNoted,
	updateReview
} from './plans.repository';
import { PlanRuleError } from './plan-rules';
import { ensurePlan, record, type Actor } from './plans.service';

// Review meetings: the lead worker books them, the family adds what they want to talk about,
// and what was decided joins the plan's history.

export async function scheduleReview(
	db: DB,
	input: { familyId: string; actor: Actor; date: string; place: string },
	now = new Date()
): Promise<void> {
	if (input.actor.role !== 'lead') throw new PlanRuleError('not_allowed');
	await db.transaction().execute(async (trx) => {
		const planId = await ensurePlan(trx, input.familyId, now);
		const next = await findNextReview(trx, planId);
		if (next) {
			// Moving the meeting keeps its agenda.
			await updateReview(trx, next.id, { meeting_date: input.date, place: input.place });
			await record(trx, planId, input.actor, now, [
				{ kind: 'review_scheduled', oldValue: `${next.meeting_date} · ${next.place}`, newValue: `${input.date} · ${input.place}` }
			]);
			return;
		}
		await insertReview(trx, {
			id: newId(),
			plan_id: planId,
			meeting_date: input.date,
			place: input.place,
			decisions: null,
			held_at: null,
			recorded_by_user_id: null,
			created_at: toTimestamp(now)
		});
		await record(trx, planId, input.actor, now, [{ kind: 'review_scheduled', newValue: `${input.date} · ${input.place}` }]);
	});
}

/** Family members (young people included) and the lead worker add what they want to talk about. */
export async function addAgendaItem(
	db: DB,
	input: { familyId: string; actor: Actor; text: string },
	now = new Date()
): Promise<void> {
	if (input.actor.role !== 'member' && input.actor.role !== 'lead') throw new PlanRuleError('not_allowed');
	await db.transaction().execute(async (trx) => {
		const plan = await findPlanByFamily(trx, input.familyId);
		const next = plan ? await findNextReview(trx, plan.id) : undefined;
		if (!plan || !next) throw new PlanRuleError('no_review');
		await insertAgendaItem(trx, {
			id: newId(),
			review_id: next.id,
			text: input.text,
			added_by_user_id: input.actor.userId,
			created_at: toTimestamp(now),
			// The lead worker's own items need no acknowledging.
			noted_at: input.actor.role === 'lead' ? toTimestamp(now) : null
		});
		await record(trx, plan.id, input.actor, now, [{ kind: 'agenda_item_added', newValue: input.text }]);
	});
}

export async function noteAgendaItem(
	db: DB,
	input: { familyId: string; actor: Actor; itemId: string },
	now = new Date()
): Promise<void> {
	if (input.actor.role !== 'lead') throw new PlanRuleError('not_allowed');
	const plan = await findPlanByFamily(db, input.familyId);
	const next = plan ? await findNextReview(db, plan.id) : undefined;
	if (!next) throw new PlanRuleError('no_review');
	if (!(await markAgendaItemNoted(db, next.id, input.itemId, toTimestamp(now)))) {
		throw new PlanRuleError('not_found');
	}
}

/** After the meeting the lead worker writes what was decided; it joins the plan's history. */
export async function recordReviewDecisions(
	db: DB,
	input: { familyId: string; actor: Actor; decisions: string },
	now = new Date()
): Promise<void> {
	if (input.actor.role !== 'lead') throw new PlanRuleError('not_allowed');
	await db.transaction().execute(async (trx) => {
		const plan = await findPlanByFamily(trx, input.familyId);
		const next = plan ? await findNextReview(trx, plan.id) : undefined;
		if (!plan || !next) throw new PlanRuleError('no_review');
		await updateReview(trx, next.id, {
			decisions: input.decisions,
			held_at: toTimestamp(now),
			recorded_by_user_id: input.actor.userId
		});
		await record(trx, plan.id, input.actor, now, [
			{ kind: 'review_held', newValue: input.decisions, note: next.meeting_date }
		]);
	});
}

export interface HeldReview {
	id: string;
	date: string;
	place: string;
	decisions: string;
	recordedByName: string | null;
}

export async function listPastReviews(db: Executor, familyId: string): Promise<HeldReview[]> {
	const plan = await findPlanByFamily(db, familyId);
	if (!plan) return [];
	const rows = await listHeldReviews(db, plan.id);
	return rows.map((r) => ({
		id: r.id,
		date: r.meeting_date,
		place: r.place,
		decisions: r.decisions,
		recordedByName: r.recorded_by_name
	}));
}
