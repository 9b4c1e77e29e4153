import { isHttpError } from '@sveltejs/kit';
import { sql } from 'kysely';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db';
import type { OutcomeArea, Position } from '$lib/server/db/schema';
import { seedDemo } from '$lib/server/demo/seed';
import { listAllFamilies } from '$lib/server/families/families.service';
import { newId, toTimestamp } from '$lib/server/ids';
import { addAction, addCheckin, changeGoalStatus, editGoal, recordPosition, replyToDisagreement, savePlanSummary, setActionDone, suggestGoal, type ActionOwner, type GoalText } from '$lib/server/plans/plans.service';
import { addAgendaItem, listPastReviews, noteAgendaItem, recordReviewDecisions, scheduleReview } from '$lib/server/plans/reviews.service';
import { getPlanHistory, getPlanView, listNeedsReply } from '$lib/server/plans/plan-view.service';
import { PlanRuleError, StaleEditError, type PlanGoal, type PlanView } from '$lib/server/plans/plan-rules';
import { requireFamilyAccess } from '$lib/server/policy';
import { findUserByUsername } from '$lib/server/users/users.repository';
import type { User } from '$lib/server/users/users.service';
import { DIALECTS, describeEachDatabase, useTestDatabase, type TestDatabase } from './support/databases';
import {
	addPlanFamily,
	databaseUrl,
	openDatabase,
	rejection,
	type PlanActor,
	type PlanFamily,
	localsFor
} from './support/fixtures';

// The family's plan: the rules from the issue, on every database. Each test gets a family of its
// own (parent and young person with accounts, a child without one, a lead worker, a team member
// and the lead's manager), so tests never see each other's plans.

const NOW = new Date('2026-03-10T12:00:00.000Z');
const TODAY = '2026-03-10';

/** `minutes` after NOW: changes made one after another get times in the same order. */
function at(minutes: number): Date {
	return new Date(NOW.getTime() + minutes * 60_000);
}

/** A date `days` from TODAY. */
function day(days: number): string {
	return new Date(Date.parse(`${TODAY}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function goalText(title: string, outcomeArea: OutcomeArea = 'being_healthy'): GoalText {
	return { title, whyItMatters: `Why: ${title}`, howWeKnow: `How we know: ${title}`, outcomeArea };
}

/** The code of the PlanRuleError a promise rejects with (failing the test if it is anything else). */
async function ruleCode(promise: Promise<unknown>): Promise<string> {
	const error = await rejection(promise);
	expect(error).toBeInstanceOf(PlanRuleError);
	return (error as PlanRuleError).code;
}

function planHelpers(database: TestDatabase) {
	const db = () => database.db;
	const plan = async (familyId: string, now = NOW): Promise<PlanView> => {
		const view = await getPlanView(db(), familyId, { now });
		if (!view) throw new Error(`No family ${familyId}`);
		return view;
	};
	const goal = async (familyId: string, goalId: string, now = NOW): Promise<PlanGoal> => {
		const view = await getPlanView(db(), familyId, { goalId, now });
		const found = view?.goals[0];
		if (!found) throw new Error(`No goal ${goalId}`);
		return found;
	};
	const history = async (familyId: string, goalId?: string) => {
		const rows = await getPlanHistory(db(), familyId, goalId);
		if (!rows) throw new Error(`No goal ${goalId} in this family's plan`);
		return rows;
	};
	/** Rows under one goal (the file's tests share a database, so whole tables are no use). */
	const rowsUnder = async (table: 'goal_position' | 'goal_action' | 'goal_checkin', goalId: string) => {
		const row = await db()
			.selectFrom(table)
			.select((eb) => eb.fn.countAll<number>().as('count'))
			.where('goal_id', '=', goalId)
			.executeTakeFirstOrThrow();
		return Number(row.count);
	};
	const reviewsOf = async (familyId: string) => {
		const row = await db()
			.selectFrom('review_meeting')
			.innerJoin('plan', 'plan.id', 'review_meeting.plan_id')
			.select((eb) => eb.fn.countAll<number>().as('count'))
			.where('plan.family_id', '=', familyId)
			.executeTakeFirstOrThrow();
		return Number(row.count);
	};
	return { db, plan, goal, history, rowsUnder, reviewsOf };
}

describeEachDatabase('family plan', (database) => {
	const { db, plan, goal, history, rowsUnder, reviewsOf } = planHelpers(database);
	let f: PlanFamily;

	beforeEach(async () => {
		f = await addPlanFamily(database.db);
	});

	const suggest = (by: PlanActor, title: string, now = NOW, family = f) =>
		suggestGoal(db(), { familyId: family.familyId, actor: by, goal: goalText(title) }, now);
	const say = (goalId: string, who: PlanActor, position: Position, reason: string | null = null, now = NOW) =>
		recordPosition(db(), { familyId: f.familyId, goalId, actor: who, position, reason }, now);
	/** A goal everyone with a say has agreed to. */
	const agreedGoal = async (title: string) => {
		const id = await suggest(f.parent, title, at(0));
		for (const [i, who] of [f.parent, f.young, f.lead].entries()) await say(id, who, 'agree', null, at(1 + i));
		return id;
	};
	const addActionFor = (goalId: string, owner: ActionOwner, dueDate = day(7), description = 'Do the thing') =>
		addAction(db(), { familyId: f.familyId, goalId, actor: f.lead, description, owner, dueDate }, NOW);

	describe('the plan summary', () => {
		it('is empty, at version 0 and without goals, for a family that has not started a plan', async () => {
			const view = await plan(f.familyId);
			expect(view).toMatchObject({
				familyId: f.familyId,
				planId: null,
				summary: { goingWell: '', worriedAbout: '', needsToHappen: '' },
				version: 0,
				updatedAt: null,
				updatedByName: null,
				goals: [],
				review: null,
				promises: { kept: 0, due: 0 },
				promisesByOwner: [],
				today: TODAY
			});
			// Everyone in the family and both workers are in the plan, the child without an account too.
			expect(view.people.map((p) => p.id).sort()).toEqual(
				[f.parent.memberId, f.young.memberId, f.child.memberId, f.lead.workerId, f.team.workerId].sort()
			);
			expect(await getPlanView(db(), 'no-such-family')).toBeNull();
		});

		it('is created by the first save from version 0, with a history row for each field changed', async () => {
			await savePlanSummary(
				db(),
				{
					familyId: f.familyId,
					actor: f.parent,
					version: 0,
					summary: { goingWell: 'We laugh a lot', worriedAbout: 'Money', needsToHappen: '' }
				},
				at(1)
			);
			const view = await plan(f.familyId);
			expect(view.planId).toEqual(expect.any(String));
			expect(view).toMatchObject({
				summary: { goingWell: 'We laugh a lot', worriedAbout: 'Money', needsToHappen: '' },
				version: 1,
				updatedAt: toTimestamp(at(1)),
				updatedByName: f.parent.user.displayName
			});
			const rows = (await history(f.familyId)).filter((h) => h.kind === 'summary_changed');
			expect(rows.map((h) => [h.field, h.oldValue, h.newValue, h.actorName]).sort()).toEqual([
				['going_well', '', 'We laugh a lot', f.parent.user.displayName],
				['worried_about', '', 'Money', f.parent.user.displayName]
			]);
		});

		it('refuses a save from an old version, returning the current text and who changed it, and loses nothing', async () => {
			const first = { goingWell: 'School is going better', worriedAbout: 'Damp', needsToHappen: 'Repairs' };
			await savePlanSummary(db(), { familyId: f.familyId, actor: f.parent, version: 0, summary: first }, at(1));
			const historyBefore = await history(f.familyId);

			const error = await rejection(
				savePlanSummary(
					db(),
					{
						familyId: f.familyId,
						actor: f.lead,
						version: 0,
						summary: { goingWell: 'Overwritten?', worriedAbout: '', needsToHappen: '' }
					},
					at(2)
				)
			);
			expect(error).toBeInstanceOf(StaleEditError);
			expect(error).toMatchObject({
				current: first,
				currentVersion: 1,
				changedByName: f.parent.user.displayName,
				changedAt: toTimestamp(at(1))
			});
			expect(await plan(f.familyId)).toMatchObject({ summary: first, version: 1 });
			expect(await history(f.familyId)).toEqual(historyBefore);

			// Saved again from the version they were shown, it goes in, recording old and new text.
			await savePlanSummary(
				db(),
				{ familyId: f.familyId, actor: f.lead, version: 1, summary: { ...first, worriedAbout: 'Damp and money' } },
				at(3)
			);
			expect(await plan(f.familyId)).toMatchObject({
				summary: { ...first, worriedAbout: 'Damp and money' },
				version: 2,
				updatedByName: f.lead.user.displayName
			});
			const latest = (await history(f.familyId)).filter((h) => h.kind === 'summary_changed' && h.actorName === f.lead.user.displayName);
			expect(latest.map((h) => [h.field, h.oldValue, h.newValue])).toEqual([['worried_about', 'Damp', 'Damp and money']]);
		});
	});

	describe('goals', () => {
		it('start as suggested, recording who suggested them', async () => {
			const id = await suggest(f.young, 'I want to go to football', at(1));
			const g = await goal(f.familyId, id);
			expect(g).toMatchObject({
				title: 'I want to go to football',
				whyItMatters: 'Why: I want to go to football',
				howWeKnow: 'How we know: I want to go to football',
				outcomeArea: 'being_healthy',
				status: 'suggested',
				stoppedReason: null,
				suggestedByName: f.young.user.displayName,
				updatedByName: f.young.user.displayName,
				createdAt: toTimestamp(at(1)),
				version: 1,
				actions: [],
				checkins: [],
				progress: [],
				hasUnansweredDisagreement: false
			});
			// Everyone with a say is listed, nobody has said anything yet.
			expect(g.positions.map((p) => [p.name, p.position])).toEqual([
				[f.parent.name, null],
				[f.young.name, null],
				[f.lead.name, null]
			]);
			const rows = await history(f.familyId, id);
			expect(rows.map((h) => [h.kind, h.newValue, h.actorName])).toEqual([
				['goal_suggested', 'I want to go to football', f.young.user.displayName]
			]);
		});

		it('refuses an edit from a stale version, returning the current goal, and writes nothing', async () => {
			const id = await suggest(f.parent, 'Original', at(0));
			await editGoal(
				db(),
				{ familyId: f.familyId, goalId: id, actor: f.parent, version: 1, goal: goalText('Parent’s words', 'staying_safe') },
				at(1)
			);
			const before = await goal(f.familyId, id);
			const historyBefore = await history(f.familyId);

			const error = await rejection(
				editGoal(db(), { familyId: f.familyId, goalId: id, actor: f.lead, version: 1, goal: goalText('Lead’s words') }, at(2))
			);
			expect(error).toBeInstanceOf(StaleEditError);
			expect(error).toMatchObject({
				current: goalText('Parent’s words', 'staying_safe'),
				currentVersion: 2,
				changedByName: f.parent.user.displayName,
				changedAt: toTimestamp(at(1))
			});
			expect(await goal(f.familyId, id)).toEqual(before);
			expect(await history(f.familyId)).toEqual(historyBefore);
		});

		it('saves an edit from the current version, with a history row for each field changed', async () => {
			const id = await suggest(f.parent, 'Sleep better', at(0));
			const edited = { ...goalText('Sleep better'), title: 'Sleep 8 hours', howWeKnow: 'A sleep diary' };
			await editGoal(db(), { familyId: f.familyId, goalId: id, actor: f.lead, version: 1, goal: edited }, at(1));
			expect(await goal(f.familyId, id)).toMatchObject({
				title: 'Sleep 8 hours',
				whyItMatters: 'Why: Sleep better',
				howWeKnow: 'A sleep diary',
				version: 2,
				updatedAt: toTimestamp(at(1)),
				updatedByName: f.lead.user.displayName,
				suggestedByName: f.parent.user.displayName
			});
			const rows = (await history(f.familyId, id)).filter((h) => h.kind === 'goal_changed');
			expect(rows.map((h) => [h.field, h.oldValue, h.newValue, h.actorName]).sort()).toEqual([
				['how_we_know', 'How we know: Sleep better', 'A sleep diary', f.lead.user.displayName],
				['title', 'Sleep better', 'Sleep 8 hours', f.lead.user.displayName]
			]);
		});

		it('lets exactly one of two edits made at once from the same version win', async () => {
			const id = await suggest(f.parent, 'Original', at(0));
			const edit = (actor: PlanActor, title: string, minutes: number) =>
				editGoal(db(), { familyId: f.familyId, goalId: id, actor, version: 1, goal: goalText(title) }, at(minutes));
			const results = await Promise.allSettled([edit(f.parent, 'Parent’s title', 1), edit(f.lead, 'Lead’s title', 2)]);

			expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
			const loser = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
			expect(loser?.reason).toBeInstanceOf(StaleEditError);
			const winnerTitle = results[0]!.status === 'fulfilled' ? 'Parent’s title' : 'Lead’s title';
			const saved = await goal(f.familyId, id);
			expect(saved).toMatchObject({ title: winnerTitle, version: 2 });
			// Only the winner's change is in the history; the other wrote nothing.
			const rows = (await history(f.familyId, id)).filter((h) => h.kind === 'goal_changed');
			// (Newest first: written in field order, so the last field comes first.)
			expect(rows.map((h) => [h.field, h.newValue])).toEqual([
				['how_we_know', `How we know: ${winnerTitle}`],
				['why_it_matters', `Why: ${winnerTitle}`],
				['title', winnerTitle]
			]);
		});
	});

	describe('agreeing a goal', () => {
		it('lets only family members with an account and the lead worker record a position', async () => {
			const id = await suggest(f.parent, 'Tidy room');
			expect(await ruleCode(say(id, f.team, 'agree'))).toBe('not_allowed');
			expect(await ruleCode(say(id, f.manager, 'agree'))).toBe('not_allowed');
			expect(await rowsUnder('goal_position', id)).toBe(0);

			for (const who of [f.parent, f.young, f.lead]) await say(id, who, 'not_sure');
			const positions = (await goal(f.familyId, id)).positions;
			expect(positions.map((p) => [p.userId, p.position, p.isYoungPerson, p.isLeadWorker])).toEqual([
				[f.parent.userId, 'not_sure', false, false],
				[f.young.userId, 'not_sure', true, false],
				[f.lead.userId, 'not_sure', false, true]
			]);
		});

		it('becomes agreed only once every family member with an account and the lead worker agree', async () => {
			const id = await suggest(f.parent, 'Eat breakfast');
			expect(await say(id, f.parent, 'agree', null, at(1))).toBe('suggested');
			expect(await say(id, f.lead, 'agree', null, at(2))).toBe('suggested');
			expect((await goal(f.familyId, id)).status).toBe('suggested');
			// The child without an account and the team member have no say, so the young person's
			// agreement is the last one needed.
			expect(await say(id, f.young, 'agree', null, at(3))).toBe('agreed');
			expect((await goal(f.familyId, id)).status).toBe('agreed');
			const changes = (await history(f.familyId, id)).filter((h) => h.kind === 'status_changed');
			expect(changes.map((h) => [h.oldValue, h.newValue, h.actorName])).toEqual([
				['suggested', 'agreed', f.young.user.displayName]
			]);
			const recorded = (await history(f.familyId, id)).filter((h) => h.kind === 'position_recorded');
			expect(recorded).toHaveLength(3);
		});

		it('stays suggested while a young person disagrees, showing their reason', async () => {
			const id = await suggest(f.parent, 'Home by 9pm');
			await say(id, f.parent, 'agree', null, at(1));
			await say(id, f.lead, 'agree', null, at(2));
			expect(await say(id, f.young, 'disagree', 'Training ends at 8.30', at(3))).toBe('suggested');
			const g = await goal(f.familyId, id);
			expect(g.status).toBe('suggested');
			expect(g.hasUnansweredDisagreement).toBe(true);
			expect(g.positions.find((p) => p.userId === f.young.userId)).toMatchObject({
				name: f.young.name,
				isYoungPerson: true,
				position: 'disagree',
				reason: 'Training ends at 8.30',
				recordedAt: toTimestamp(at(3)),
				reply: null
			});
		});

		it('goes back from agreed to suggested when someone becomes not sure or disagrees', async () => {
			const id = await agreedGoal('Walk the dog');
			expect((await goal(f.familyId, id)).status).toBe('agreed');
			expect(await say(id, f.parent, 'not_sure', null, at(10))).toBe('suggested');
			expect(await say(id, f.parent, 'agree', null, at(11))).toBe('agreed');
			expect(await say(id, f.lead, 'disagree', 'Not safe yet', at(12))).toBe('suggested');
			expect((await goal(f.familyId, id)).status).toBe('suggested');
			const changes = (await history(f.familyId, id)).filter((h) => h.kind === 'status_changed');
			expect(changes.map((h) => [h.oldValue, h.newValue]).reverse()).toEqual([
				['suggested', 'agreed'],
				['agreed', 'suggested'],
				['suggested', 'agreed'],
				['agreed', 'suggested']
			]);
		});

		it('is refused by the database when someone disagrees without a reason', async () => {
			const id = await suggest(f.parent, 'Homework club');
			await expect(say(id, f.young, 'disagree', null)).rejects.toThrow();
			await expect(
				db()
					.insertInto('goal_position')
					.values({ goal_id: id, user_id: f.young.userId, position: 'disagree', reason: null, recorded_at: toTimestamp(NOW) })
					.execute()
			).rejects.toThrow();
			expect(await rowsUnder('goal_position', id)).toBe(0);
			expect((await history(f.familyId, id)).map((h) => h.kind)).toEqual(['goal_suggested']);
		});

		it('puts a disagreement in the lead worker’s list until they answer it, and shows the answer', async () => {
			const id = await suggest(f.parent, 'No phone after 10pm');
			await say(id, f.young, 'disagree', 'My alarm is on my phone', at(1));
			expect(await listNeedsReply(db(), f.lead.userId)).toEqual([
				{
					familyId: f.familyId,
					familyName: expect.any(String),
					kind: 'disagreement',
					goalId: id,
					title: 'No phone after 10pm',
					personName: f.young.user.displayName,
					waitingSince: toTimestamp(at(1))
				}
			]);
			// It waits on the lead, nobody else.
			expect(await listNeedsReply(db(), f.team.userId)).toEqual([]);
			expect(await listNeedsReply(db(), f.parent.userId)).toEqual([]);

			await replyToDisagreement(
				db(),
				{ familyId: f.familyId, goalId: id, actor: f.lead, personUserId: f.young.userId, reply: 'Let’s get you an alarm clock' },
				at(2)
			);
			expect(await listNeedsReply(db(), f.lead.userId)).toEqual([]);
			const g = await goal(f.familyId, id);
			expect(g.hasUnansweredDisagreement).toBe(false);
			expect(g.positions.find((p) => p.userId === f.young.userId)).toMatchObject({
				position: 'disagree',
				reason: 'My alarm is on my phone',
				reply: 'Let’s get you an alarm clock',
				replyByName: f.lead.user.displayName,
				repliedAt: toTimestamp(at(2))
			});
			const answered = (await history(f.familyId, id)).filter((h) => h.kind === 'disagreement_answered');
			expect(answered.map((h) => [h.newValue, h.actorName])).toEqual([['Let’s get you an alarm clock', f.lead.user.displayName]]);
		});

		it('lets only the lead worker answer, and only a disagreement', async () => {
			const id = await suggest(f.parent, 'Cook together');
			await say(id, f.young, 'disagree', 'I hate cooking', at(1));
			await say(id, f.parent, 'agree', null, at(2));
			const reply = (actor: PlanActor, personUserId: string) =>
				replyToDisagreement(db(), { familyId: f.familyId, goalId: id, actor, personUserId, reply: 'Noted' }, at(3));
			for (const actor of [f.parent, f.young, f.team, f.manager]) {
				expect(await ruleCode(reply(actor, f.young.userId))).toBe('not_allowed');
			}
			expect(await ruleCode(reply(f.lead, f.parent.userId))).toBe('not_a_disagreement');
			expect(await ruleCode(reply(f.lead, f.team.userId))).toBe('not_a_disagreement');
			expect((await goal(f.familyId, id)).positions.every((p) => p.reply === null)).toBe(true);
			expect(await listNeedsReply(db(), f.lead.userId)).toHaveLength(1);
		});

		it('clears the answer when the person changes their position: a new disagreement needs a new answer', async () => {
			const id = await suggest(f.parent, 'Weekend job');
			await say(id, f.young, 'disagree', 'Too tired', at(1));
			await replyToDisagreement(
				db(),
				{ familyId: f.familyId, goalId: id, actor: f.lead, personUserId: f.young.userId, reply: 'Just Saturdays?' },
				at(2)
			);
			await say(id, f.young, 'disagree', 'Saturdays are football', at(3));
			const g = await goal(f.familyId, id);
			expect(g.positions.find((p) => p.userId === f.young.userId)).toMatchObject({
				reason: 'Saturdays are football',
				reply: null,
				replyByName: null,
				repliedAt: null
			});
			expect(g.hasUnansweredDisagreement).toBe(true);
			expect((await listNeedsReply(db(), f.lead.userId)).map((r) => [r.kind, r.goalId, r.waitingSince])).toEqual([
				['disagreement', id, toTimestamp(at(3))]
			]);

			// Agreeing also clears an answer that no longer goes with anything.
			await replyToDisagreement(
				db(),
				{ familyId: f.familyId, goalId: id, actor: f.lead, personUserId: f.young.userId, reply: 'Sundays then' },
				at(4)
			);
			await say(id, f.young, 'agree', null, at(5));
			expect((await goal(f.familyId, id)).positions.find((p) => p.userId === f.young.userId)).toMatchObject({
				position: 'agree',
				reason: null,
				reply: null
			});
		});
	});

	describe('goal status', () => {
		const move = (goalId: string, status: PlanGoal['status'], stoppedReason: string | null = null, now = NOW) =>
			changeGoalStatus(db(), { familyId: f.familyId, goalId, actor: f.lead, status, stoppedReason }, now);

		it('moves only to the next statuses allowed', async () => {
			const id = await suggest(f.parent, 'Get a bike');
			for (const status of ['agreed', 'working_on', 'done', 'suggested'] as const) {
				expect(await ruleCode(move(id, status))).toBe('status_not_allowed');
			}
			for (const who of [f.parent, f.young, f.lead]) await say(id, who, 'agree', null, at(1));
			expect(await ruleCode(move(id, 'agreed'))).toBe('status_not_allowed');
			expect(await ruleCode(move(id, 'suggested'))).toBe('status_not_allowed');
			await move(id, 'working_on', null, at(2));
			expect(await ruleCode(move(id, 'working_on'))).toBe('status_not_allowed');
			await move(id, 'done', null, at(3));
			expect(await ruleCode(move(id, 'stopped', 'Too late'))).toBe('status_not_allowed');
			await move(id, 'working_on', null, at(4));
			await move(id, 'stopped', 'Bike was stolen', at(5));
			expect(await ruleCode(move(id, 'working_on'))).toBe('status_not_allowed');
			// Started again: everyone still agrees, so it is agreed at once.
			await move(id, 'suggested', null, at(6));
			expect((await goal(f.familyId, id)).status).toBe('agreed');
			const changes = (await history(f.familyId, id)).filter((h) => h.kind === 'status_changed');
			expect(changes.map((h) => [h.oldValue, h.newValue]).reverse()).toEqual([
				['suggested', 'agreed'],
				['agreed', 'working_on'],
				['working_on', 'done'],
				['done', 'working_on'],
				['working_on', 'stopped'],
				['stopped', 'agreed']
			]);
		});

		it('stops a goal only with a reason: the service keeps it, the database refuses none', async () => {
			const id = await suggest(f.parent, 'Join a choir');
			await expect(move(id, 'stopped', null)).rejects.toThrow();
			expect((await goal(f.familyId, id)).status).toBe('suggested');
			await expect(
				db().updateTable('goal').set({ status: 'stopped', stopped_reason: null }).where('id', '=', id).execute()
			).rejects.toThrow();

			await move(id, 'stopped', 'The choir closed', at(1));
			expect(await goal(f.familyId, id)).toMatchObject({ status: 'stopped', stoppedReason: 'The choir closed' });
			const [stopped] = (await history(f.familyId, id)).filter((h) => h.kind === 'status_changed');
			expect(stopped).toMatchObject({ oldValue: 'suggested', newValue: 'stopped', note: 'The choir closed' });

			// Started again (nobody has agreed yet, so suggested): the reason goes with the stop.
			await move(id, 'suggested', null, at(2));
			expect(await goal(f.familyId, id)).toMatchObject({ status: 'suggested', stoppedReason: null });
		});
	});

	describe('actions', () => {
		it('belong to a member or worker of this family, or to a service named in words', async () => {
			const other = await addPlanFamily(db());
			const id = await suggest(f.parent, 'Warm home');
			await addActionFor(id, { kind: 'member', id: f.child.memberId }, day(1), 'Child’s job');
			await addActionFor(id, { kind: 'member', id: f.parent.memberId }, day(2), 'Parent’s job');
			await addActionFor(id, { kind: 'worker', id: f.lead.workerId }, day(3), 'Lead’s job');
			await addActionFor(id, { kind: 'worker', id: f.team.workerId }, day(4), 'Team’s job');
			await addActionFor(id, { kind: 'service', name: 'Citizens Advice' }, day(5), 'Advice');

			const refused: ActionOwner[] = [
				{ kind: 'member', id: other.parent.memberId },
				{ kind: 'worker', id: other.lead.workerId },
				// The manager supports the lead but is not in this family's plan.
				{ kind: 'worker', id: f.manager.workerId },
				// A member's id given as a worker's.
				{ kind: 'worker', id: f.parent.memberId },
				{ kind: 'member', id: 'no-such-member' }
			];
			for (const owner of refused) expect(await ruleCode(addActionFor(id, owner))).toBe('owner_not_in_plan');

			const actions = (await goal(f.familyId, id)).actions;
			expect(actions.map((a) => [a.description, a.ownerKind, a.ownerId, a.ownerName, a.dueDate])).toEqual([
				['Child’s job', 'member', f.child.memberId, f.child.name, day(1)],
				['Parent’s job', 'member', f.parent.memberId, f.parent.name, day(2)],
				['Lead’s job', 'worker', f.lead.workerId, f.lead.name, day(3)],
				['Team’s job', 'worker', f.team.workerId, f.team.name, day(4)],
				['Advice', 'service', null, 'Citizens Advice', day(5)]
			]);
			const added = (await history(f.familyId, id)).filter((h) => h.kind === 'action_added');
			expect(added).toHaveLength(5);
		});

		it('are refused by the database with two owners or none', async () => {
			const id = await suggest(f.parent, 'Pay the bills');
			const row = {
				goal_id: id,
				description: 'Who does this?',
				due_date: day(1),
				done_on: null,
				created_at: toTimestamp(NOW),
				created_by_user_id: f.lead.userId
			};
			const insert = (owners: { owner_member_id?: string; owner_worker_id?: string; owner_service_name?: string }) =>
				db()
					.insertInto('goal_action')
					.values({ id: newId(), owner_member_id: null, owner_worker_id: null, owner_service_name: null, ...row, ...owners })
					.execute();
			await expect(insert({})).rejects.toThrow();
			await expect(insert({ owner_member_id: f.parent.memberId, owner_service_name: 'Citizens Advice' })).rejects.toThrow();
			await expect(insert({ owner_member_id: f.parent.memberId, owner_worker_id: f.lead.workerId })).rejects.toThrow();
			expect(await rowsUnder('goal_action', id)).toBe(0);
			// One owner is fine.
			await insert({ owner_service_name: 'Citizens Advice' });
			expect(await rowsUnder('goal_action', id)).toBe(1);
		});

		it('can be ticked off by a team member only when they own them', async () => {
			const id = await suggest(f.parent, 'Settle at school');
			const teamAction = await addActionFor(id, { kind: 'worker', id: f.team.workerId }, day(1), 'Team’s');
			const leadAction = await addActionFor(id, { kind: 'worker', id: f.lead.workerId }, day(1), 'Lead’s');
			const memberAction = await addActionFor(id, { kind: 'member', id: f.parent.memberId }, day(1), 'Parent’s');
			const done = (actionId: string, actor: PlanActor, actorWorkerId: string | null, doneOn: string | null = TODAY) =>
				setActionDone(db(), { familyId: f.familyId, goalId: id, actionId, actor, actorWorkerId, doneOn }, NOW);

			expect(await ruleCode(done(leadAction, f.team, f.team.workerId))).toBe('not_allowed');
			expect(await ruleCode(done(memberAction, f.team, f.team.workerId))).toBe('not_allowed');
			expect(await ruleCode(done(teamAction, f.team, null))).toBe('not_allowed');
			expect(await ruleCode(done(teamAction, f.manager, null))).toBe('not_allowed');
			expect((await goal(f.familyId, id)).actions.every((a) => a.doneOn === null)).toBe(true);

			await done(teamAction, f.team, f.team.workerId);
			await done(leadAction, f.parent, null);
			await done(memberAction, f.lead, f.lead.workerId);
			expect((await goal(f.familyId, id)).actions.map((a) => [a.description, a.doneOn])).toEqual(
				expect.arrayContaining([
					['Team’s', TODAY],
					['Lead’s', TODAY],
					['Parent’s', TODAY]
				])
			);
			// …and not done again.
			await done(teamAction, f.team, f.team.workerId, null);
			const rows = await history(f.familyId, id);
			expect(rows.filter((h) => h.kind === 'action_done').map((h) => h.actorName).sort()).toEqual(
				[f.team.user.displayName, f.parent.user.displayName, f.lead.user.displayName].sort()
			);
			expect(rows.filter((h) => h.kind === 'action_reopened').map((h) => [h.oldValue, h.newValue, h.note])).toEqual([
				[TODAY, null, 'Team’s']
			]);
		});

		it('are done on time, done late, overdue or to do, and count as promises kept, against the clock given', async () => {
			const id = await suggest(f.parent, 'Keep promises');
			const make = async (description: string, due: number, done: number | null, owner: ActionOwner) => {
				const actionId = await addActionFor(id, owner, day(due), description);
				if (done !== null) {
					await setActionDone(
						db(),
						{ familyId: f.familyId, goalId: id, actionId, actor: f.lead, actorWorkerId: f.lead.workerId, doneOn: day(done) },
						NOW
					);
				}
			};
			const lead: ActionOwner = { kind: 'worker', id: f.lead.workerId };
			const parent: ActionOwner = { kind: 'member', id: f.parent.memberId };
			await make('early', -5, -6, lead);
			await make('on the day', -4, -4, parent);
			await make('late', -3, -1, lead);
			await make('overdue', -2, null, parent);
			await make('due today', 0, null, lead);
			await make('next week', 7, null, parent);

			const states = (view: PlanView) => Object.fromEntries(view.goals[0]!.actions.map((a) => [a.description, a.state]));
			const now = await plan(f.familyId, NOW);
			expect(states(now)).toEqual({
				early: 'done_on_time',
				'on the day': 'done_on_time',
				late: 'done_late',
				overdue: 'overdue',
				'due today': 'to_do',
				'next week': 'to_do'
			});
			expect(now.promises).toEqual({ kept: 2, due: 4 });
			expect(now.promisesByOwner).toEqual([
				{ ownerKind: 'worker', ownerName: f.lead.name, kept: 1, due: 2 },
				{ ownerKind: 'member', ownerName: f.parent.name, kept: 1, due: 2 }
			].sort((a, b) => a.ownerName.localeCompare(b.ownerName)));

			// Eight days on, what was still to do is overdue.
			const later = await plan(f.familyId, new Date(NOW.getTime() + 8 * 86_400_000));
			expect(later.today).toBe(day(8));
			expect(states(later)).toMatchObject({ 'due today': 'overdue', 'next week': 'overdue' });
			expect(later.promises).toEqual({ kept: 2, due: 6 });
		});
	});

	describe('check-ins', () => {
		const checkIn = (goalId: string, actor: PlanActor, score: number, date: string, actorWorkerId: string | null = null) =>
			addCheckin(db(), { familyId: f.familyId, goalId, actor, actorWorkerId, score, comment: `${actor.name} says ${score}`, date }, NOW);

		it('are the family’s from a family member and the worker’s from the lead, and never replace each other', async () => {
			const id = await suggest(f.parent, 'Feel calmer');
			await checkIn(id, f.parent, 3, day(-7));
			await checkIn(id, f.lead, 5, day(-7), f.lead.workerId);
			await checkIn(id, f.young, 4, day(-7));
			await checkIn(id, f.parent, 6, day(0));
			await checkIn(id, f.lead, 5, day(0), f.lead.workerId);

			const g = await goal(f.familyId, id);
			expect(g.checkins).toHaveLength(5);
			expect(g.checkins.map((c) => [c.name, c.side, c.score, c.date])).toEqual(
				expect.arrayContaining([
					[f.parent.name, 'family', 3, day(-7)],
					[f.young.name, 'family', 4, day(-7)],
					[f.lead.name, 'worker', 5, day(-7)],
					[f.parent.name, 'family', 6, day(0)],
					[f.lead.name, 'worker', 5, day(0)]
				])
			);
			// One line each: the family's first (by name: "… Parent" before "… Young"), then the worker's.
			expect(g.progress.map((s) => [s.name, s.side, s.points, s.first.score, s.latest.score])).toEqual([
				[f.parent.name, 'family', [{ date: day(-7), score: 3 }, { date: day(0), score: 6 }], 3, 6],
				[f.young.name, 'family', [{ date: day(-7), score: 4 }], 4, 4],
				[f.lead.name, 'worker', [{ date: day(-7), score: 5 }, { date: day(0), score: 5 }], 5, 5]
			]);
			expect(g.progress[0]?.latest).toEqual({ date: day(0), score: 6, comment: `${f.parent.name} says 6` });
			expect((await history(f.familyId, id)).filter((h) => h.kind === 'checkin_added')).toHaveLength(5);
		});

		it('come from a team member only on a goal where they own an action, and never from a manager', async () => {
			const id = await suggest(f.parent, 'Go to school');
			expect(await ruleCode(checkIn(id, f.team, 5, TODAY, f.team.workerId))).toBe('not_allowed');
			expect(await ruleCode(checkIn(id, f.manager, 5, TODAY))).toBe('not_allowed');
			await addActionFor(id, { kind: 'worker', id: f.lead.workerId });
			expect(await ruleCode(checkIn(id, f.team, 5, TODAY, f.team.workerId))).toBe('not_allowed');
			expect(await rowsUnder('goal_checkin', id)).toBe(0);

			await addActionFor(id, { kind: 'worker', id: f.team.workerId });
			await checkIn(id, f.team, 7, TODAY, f.team.workerId);
			expect(await ruleCode(checkIn(id, f.manager, 5, TODAY))).toBe('not_allowed');
			expect((await goal(f.familyId, id)).checkins.map((c) => [c.userId, c.side, c.score])).toEqual([
				[f.team.userId, 'worker', 7]
			]);
		});

		it('are refused by the database with a score above 10 or below 0', async () => {
			const id = await suggest(f.parent, 'Feel better');
			await expect(checkIn(id, f.parent, 11, TODAY)).rejects.toThrow();
			await expect(checkIn(id, f.parent, -1, TODAY)).rejects.toThrow();
			expect(await rowsUnder('goal_checkin', id)).toBe(0);
			expect((await history(f.familyId, id)).filter((h) => h.kind === 'checkin_added')).toEqual([]);
			await checkIn(id, f.parent, 0, day(-1));
			await checkIn(id, f.parent, 10, TODAY);
			expect((await goal(f.familyId, id)).checkins.map((c) => c.score)).toEqual([0, 10]);
		});
	});

	describe('reviews', () => {
		const schedule = (actor: PlanActor, date: string, place: string, now = NOW) =>
			scheduleReview(db(), { familyId: f.familyId, actor, date, place }, now);
		const addItem = (actor: PlanActor, text: string, now = NOW) =>
			addAgendaItem(db(), { familyId: f.familyId, actor, text }, now);

		it('are scheduled by the lead worker only; scheduling again moves the same meeting and keeps its agenda', async () => {
			for (const actor of [f.parent, f.young, f.team, f.manager]) {
				expect(await ruleCode(schedule(actor, day(30), 'Family centre'))).toBe('not_allowed');
			}
			expect(await reviewsOf(f.familyId)).toBe(0);

			await schedule(f.lead, day(30), 'Family centre', at(1));
			await addItem(f.young, 'Tuesdays', at(2));
			const first = (await plan(f.familyId)).review;
			expect(first).toMatchObject({ date: day(30), place: 'Family centre' });

			await schedule(f.lead, day(35), 'At home', at(3));
			const moved = (await plan(f.familyId)).review;
			expect(moved).toMatchObject({ id: first?.id, date: day(35), place: 'At home' });
			expect(moved?.agenda.map((a) => [a.text, a.addedByName, a.addedByUserId])).toEqual([
				['Tuesdays', f.young.user.displayName, f.young.userId]
			]);
			expect(await reviewsOf(f.familyId)).toBe(1);
			const scheduled = (await history(f.familyId)).filter((h) => h.kind === 'review_scheduled');
			expect(scheduled.map((h) => [h.oldValue, h.newValue])).toEqual([
				[`${day(30)} · Family centre`, `${day(35)} · At home`],
				[null, `${day(30)} · Family centre`]
			]);
		});

		it('are one waiting to happen per plan, as the database insists', async () => {
			await schedule(f.lead, day(30), 'Family centre');
			const planId = (await plan(f.familyId)).planId!;
			const review = (extra: { decisions: string | null; held_at: string | null }) =>
				db()
					.insertInto('review_meeting')
					.values({
						id: newId(),
						plan_id: planId,
						meeting_date: day(40),
						place: 'Elsewhere',
						recorded_by_user_id: null,
						created_at: toTimestamp(NOW),
						...extra
					})
					.execute();
			await expect(review({ decisions: null, held_at: null })).rejects.toThrow();
			// Meetings already held are kept, as many as there were.
			await review({ decisions: 'We met', held_at: toTimestamp(NOW) });
			await review({ decisions: 'We met again', held_at: toTimestamp(NOW) });
			expect(await reviewsOf(f.familyId)).toBe(3);
		});

		it('take agenda items from the family; a young person’s waits for the lead until noted', async () => {
			expect(await ruleCode(addItem(f.young, 'Too early'))).toBe('no_review');
			await schedule(f.lead, day(30), 'Family centre', at(0));
			expect(await ruleCode(addItem(f.team, 'From the team'))).toBe('not_allowed');
			expect(await ruleCode(addItem(f.manager, 'From the manager'))).toBe('not_allowed');

			await addItem(f.young, 'Can I stay out till 9.30?', at(1));
			await addItem(f.lead, 'Check the repairs', at(2));
			const waiting = await listNeedsReply(db(), f.lead.userId);
			expect(waiting).toEqual([
				{
					familyId: f.familyId,
					familyName: expect.any(String),
					kind: 'agenda_item',
					goalId: null,
					title: 'Can I stay out till 9.30?',
					personName: f.young.user.displayName,
					waitingSince: toTimestamp(at(1))
				}
			]);
			const agenda = (await plan(f.familyId)).review?.agenda ?? [];
			expect(agenda.map((a) => [a.text, a.notedAt])).toEqual([
				['Can I stay out till 9.30?', null],
				['Check the repairs', toTimestamp(at(2))]
			]);

			const youngItem = agenda[0]!.id;
			const note = (actor: PlanActor, itemId: string) =>
				noteAgendaItem(db(), { familyId: f.familyId, actor, itemId }, at(3));
			expect(await ruleCode(note(f.parent, youngItem))).toBe('not_allowed');
			expect(await listNeedsReply(db(), f.lead.userId)).toHaveLength(1);
			await note(f.lead, youngItem);
			expect(await listNeedsReply(db(), f.lead.userId)).toEqual([]);
			expect((await plan(f.familyId)).review?.agenda[0]?.notedAt).toBe(toTimestamp(at(3)));
			expect(await ruleCode(note(f.lead, youngItem))).toBe('not_found');
		});

		it('are marked held when the lead records the decisions, which join the history and the past reviews', async () => {
			await schedule(f.lead, day(-1), 'Family centre', at(0));
			await addItem(f.young, 'Never noted', at(1));
			for (const actor of [f.parent, f.young, f.team]) {
				expect(
					await ruleCode(recordReviewDecisions(db(), { familyId: f.familyId, actor, decisions: 'Nope' }, at(2)))
				).toBe('not_allowed');
			}
			await recordReviewDecisions(db(), { familyId: f.familyId, actor: f.lead, decisions: 'Home by 9.30 on Tuesdays' }, at(3));

			expect((await plan(f.familyId)).review).toBeNull();
			expect(await listPastReviews(db(), f.familyId)).toEqual([
				{
					id: expect.any(String),
					date: day(-1),
					place: 'Family centre',
					decisions: 'Home by 9.30 on Tuesdays',
					recordedByName: f.lead.user.displayName
				}
			]);
			const held = (await history(f.familyId)).filter((h) => h.kind === 'review_held');
			expect(held.map((h) => [h.newValue, h.note, h.actorName])).toEqual([
				['Home by 9.30 on Tuesdays', day(-1), f.lead.user.displayName]
			]);
			// The meeting has happened: its agenda no longer waits on anyone.
			expect(await listNeedsReply(db(), f.lead.userId)).toEqual([]);
			expect(
				await ruleCode(recordReviewDecisions(db(), { familyId: f.familyId, actor: f.lead, decisions: 'Again' }, at(4)))
			).toBe('no_review');

			// The next one can be planned.
			await schedule(f.lead, day(60), 'At home', at(5));
			expect((await plan(f.familyId)).review).toMatchObject({ date: day(60), agenda: [] });
			expect(await listPastReviews(db(), f.familyId)).toHaveLength(1);
		});
	});

	describe('keeping families apart', () => {
		it('has no history for another family’s goal (or no goal at all) through this family', async () => {
			const other = await addPlanFamily(db());
			await suggest(f.parent, 'Our goal');
			const theirs = await suggestGoal(
				db(),
				{ familyId: other.familyId, actor: other.parent, goal: goalText('Their goal') },
				NOW
			);
			expect(await getPlanHistory(db(), f.familyId, theirs)).toBeNull();
			expect(await getPlanHistory(db(), f.familyId, 'no-such-goal')).toBeNull();
			expect(await getPlanHistory(db(), other.familyId, theirs)).toHaveLength(1);
		});

		it('does not find another family’s goal through this family', async () => {
			const other = await addPlanFamily(db());
			await suggest(f.parent, 'Our goal');
			const theirs = await suggestGoal(
				db(),
				{ familyId: other.familyId, actor: other.parent, goal: goalText('Their goal') },
				NOW
			);
			const theirAction = await addAction(
				db(),
				{
					familyId: other.familyId,
					goalId: theirs,
					actor: other.lead,
					description: 'Their action',
					owner: { kind: 'member', id: other.parent.memberId },
					dueDate: day(1)
				},
				NOW
			);
			await recordPosition(
				db(),
				{ familyId: other.familyId, goalId: theirs, actor: other.young, position: 'disagree', reason: 'No' },
				NOW
			);
			const theirHistory = await history(other.familyId);
			const familyId = f.familyId;

			// Each is started only when its turn comes, so none is left rejecting unwatched.
			const attempts: (() => Promise<unknown>)[] = [
				() => editGoal(db(), { familyId, goalId: theirs, actor: f.parent, version: 1, goal: goalText('Taken over') }),
				() => recordPosition(db(), { familyId, goalId: theirs, actor: f.parent, position: 'agree', reason: null }),
				() =>
					addAction(db(), {
						familyId,
						goalId: theirs,
						actor: f.lead,
						description: 'Sneaky',
						owner: { kind: 'service', name: 'Anyone' },
						dueDate: day(1)
					}),
				() => addCheckin(db(), { familyId, goalId: theirs, actor: f.parent, actorWorkerId: null, score: 5, comment: null }),
				() =>
					setActionDone(db(), {
						familyId,
						goalId: theirs,
						actionId: theirAction,
						actor: f.parent,
						actorWorkerId: null,
						doneOn: TODAY
					}),
				() =>
					changeGoalStatus(db(), { familyId, goalId: theirs, actor: f.lead, status: 'stopped', stoppedReason: 'Gone' }),
				() =>
					replyToDisagreement(db(), {
						familyId,
						goalId: theirs,
						actor: f.lead,
						personUserId: other.young.userId,
						reply: 'Hello'
					})
			];
			for (const attempt of attempts) expect(await ruleCode(attempt())).toBe('not_found');

			expect((await getPlanView(db(), familyId, { goalId: theirs, now: NOW }))?.goals).toEqual([]);
			expect(await history(other.familyId)).toEqual(theirHistory);
			expect(await goal(other.familyId, theirs)).toMatchObject({ title: 'Their goal', version: 1, checkins: [] });
		});

		it('does not tick off an action through another goal of the same family', async () => {
			const one = await suggest(f.parent, 'One');
			const two = await suggest(f.parent, 'Two');
			const actionId = await addActionFor(one, { kind: 'member', id: f.parent.memberId });
			expect(
				await ruleCode(
					setActionDone(db(), {
						familyId: f.familyId,
						goalId: two,
						actionId,
						actor: f.parent,
						actorWorkerId: null,
						doneOn: TODAY
					})
				)
			).toBe('not_found');
			expect((await goal(f.familyId, one)).actions[0]?.doneOn).toBeNull();
		});

		it('lets the family and the lead edit the plan, the team and the manager only read it, and nobody else see it', async () => {
			const other = await addPlanFamily(db());
			const access = (user: User, permission: 'read' | 'edit', familyId = f.familyId) =>
				requireFamilyAccess(localsFor(db(), user), familyId, permission);

			for (const outsider of [other.parent, other.young, other.lead, other.team]) {
				const error = await rejection(access(outsider.user, 'edit'));
				expect(isHttpError(error, 404)).toBe(true);
				expect(isHttpError(await rejection(access(outsider.user, 'read')), 404)).toBe(true);
			}
			for (const reader of [f.team, f.manager]) {
				const error = await rejection(access(reader.user, 'edit'));
				expect(isHttpError(error, 403)).toBe(true);
			}
			expect(await access(f.parent.user, 'edit')).toMatchObject({ relation: 'member', workerId: null });
			expect(await access(f.young.user, 'edit')).toMatchObject({ relation: 'member', workerId: null });
			expect(await access(f.lead.user, 'edit')).toMatchObject({ relation: 'lead', workerId: f.lead.workerId });
			expect(await access(f.team.user, 'read')).toMatchObject({ relation: 'team', workerId: f.team.workerId });
			expect(await access(f.manager.user, 'read')).toMatchObject({ relation: 'manager', workerId: null });
		});
	});
});

// ---------------------------------------------------------------------------------------------
// Two people changing the plan at the same moment. SQLite runs one transaction at a time, so
// these overlaps can only happen on PostgreSQL: one transaction is held open just before it
// commits (its changes made, its row locks held) while the other runs.

/** Resolves when `promise` has settled or is waiting for a lock another transaction holds. */
async function settledOrWaitingForLock(db: DB, promise: Promise<unknown>, timeoutMs = 5_000): Promise<void> {
	let settled = false;
	promise.then(
		() => (settled = true),
		() => (settled = true)
	);
	const deadline = Date.now() + timeoutMs;
	while (!settled && Date.now() < deadline) {
		const { rows } = await sql<{ waiting: number }>`
			select count(*)::int as waiting from pg_stat_activity
			where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
		if ((rows[0]?.waiting ?? 0) > 0) return;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

interface HeldCommit {
	/** A connection whose first transaction to commit waits until `release()`. */
	db: DB;
	/** Resolves when that transaction has done its work and is waiting to commit. */
	waiting: Promise<void>;
	release(): void;
}

for (const dialect of DIALECTS.filter((d) => d === 'postgres')) {
	describe(`family plan, two people at once [${dialect}]`, () => {
		const database = useTestDatabase(dialect);
		const { db, plan, goal, history } = planHelpers(database);
		let url: string;
		let held: HeldCommit | undefined;
		let f: PlanFamily;

		beforeAll(async () => {
			url = await databaseUrl(database.db);
		});

		beforeEach(async () => {
			f = await addPlanFamily(database.db);
			let reached!: () => void;
			let release!: () => void;
			const waiting = new Promise<void>((resolve) => (reached = resolve));
			const released = new Promise<void>((resolve) => (release = resolve));
			let first = true;
			const heldDb = openDatabase(url, {
				beforeCommit: async () => {
					if (!first) return;
					first = false;
					reached();
					await released;
				}
			});
			held = { db: heldDb, waiting, release };
		});

		afterEach(async () => {
			held?.release();
			await held?.db.destroy();
			held = undefined;
		});

		/** Runs `first` on the held connection and `second` while it waits to commit; then lets it commit. */
		async function overlap<A, B>(
			first: (db: DB) => Promise<A>,
			second: (db: DB) => Promise<B>
		): Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]> {
			const h = held!;
			const one = first(h.db);
			await Promise.race([h.waiting, one.then(() => undefined, () => undefined)]);
			const two = second(db());
			await settledOrWaitingForLock(db(), two);
			h.release();
			return Promise.allSettled([one, two]) as Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]>;
		}

		it('gives the editor who lost the current goal and version, not the one they started from', async () => {
			const id = await suggestGoal(db(), { familyId: f.familyId, actor: f.parent, goal: goalText('Original') }, at(0));
			const [won, lost] = await overlap(
				(d) =>
					editGoal(d, { familyId: f.familyId, goalId: id, actor: f.parent, version: 1, goal: goalText('Parent’s words') }, at(1)),
				(d) => editGoal(d, { familyId: f.familyId, goalId: id, actor: f.lead, version: 1, goal: goalText('Lead’s words') }, at(2))
			);
			expect(won.status).toBe('fulfilled');
			expect(lost.status).toBe('rejected');
			const error = (lost as PromiseRejectedResult).reason;
			expect(error).toBeInstanceOf(StaleEditError);
			expect(await goal(f.familyId, id)).toMatchObject({ title: 'Parent’s words', version: 2 });
			// What the loser is shown to choose from must be what is saved now.
			expect(error).toMatchObject({
				current: goalText('Parent’s words'),
				currentVersion: 2,
				changedByName: f.parent.user.displayName,
				changedAt: toTimestamp(at(1))
			});
		});

		it('gives the summary editor who lost the current text and version, not the one they started from', async () => {
			const start = { goingWell: 'Start', worriedAbout: 'Start', needsToHappen: 'Start' };
			await savePlanSummary(db(), { familyId: f.familyId, actor: f.parent, version: 0, summary: start }, at(0));
			const parents = { ...start, goingWell: 'Parent’s words' };
			const [won, lost] = await overlap(
				(d) => savePlanSummary(d, { familyId: f.familyId, actor: f.parent, version: 1, summary: parents }, at(1)),
				(d) =>
					savePlanSummary(
						d,
						{ familyId: f.familyId, actor: f.lead, version: 1, summary: { ...start, worriedAbout: 'Lead’s words' } },
						at(2)
					)
			);
			expect(won.status).toBe('fulfilled');
			expect(lost.status).toBe('rejected');
			const error = (lost as PromiseRejectedResult).reason;
			expect(error).toBeInstanceOf(StaleEditError);
			expect(await plan(f.familyId)).toMatchObject({ summary: parents, version: 2 });
			expect(error).toMatchObject({ current: parents, currentVersion: 2, changedByName: f.parent.user.displayName });
		});

		it('does not record a status change that an edit made at the same time kept out of the goal', async () => {
			const id = await suggestGoal(db(), { familyId: f.familyId, actor: f.parent, goal: goalText('Original') }, at(0));
			for (const who of [f.parent, f.young, f.lead]) {
				await recordPosition(db(), { familyId: f.familyId, goalId: id, actor: who, position: 'agree', reason: null }, at(1));
			}
			const version = (await goal(f.familyId, id)).version;
			const [edited, moved] = await overlap(
				(d) => editGoal(d, { familyId: f.familyId, goalId: id, actor: f.parent, version, goal: goalText('New words') }, at(2)),
				(d) =>
					changeGoalStatus(d, { familyId: f.familyId, goalId: id, actor: f.lead, status: 'working_on', stoppedReason: null }, at(3))
			);
			expect(edited.status).toBe('fulfilled');
			const saved = await goal(f.familyId, id);
			expect(saved.title).toBe('New words');
			// Either the status change went in after the edit, or it was refused and left no trace:
			// never a history entry for a change the goal does not have.
			const applied = saved.status === 'working_on';
			const recorded = (await history(f.familyId, id)).filter((h) => h.kind === 'status_changed' && h.newValue === 'working_on');
			expect({ status: saved.status, recorded: recorded.length, outcome: moved.status }).toEqual(
				applied
					? { status: 'working_on', recorded: 1, outcome: 'fulfilled' }
					: { status: 'agreed', recorded: 0, outcome: 'rejected' }
			);
		});

		it('agrees a goal when the last two people agree at the same moment', async () => {
			const id = await suggestGoal(db(), { familyId: f.familyId, actor: f.parent, goal: goalText('Original') }, at(0));
			await recordPosition(db(), { familyId: f.familyId, goalId: id, actor: f.young, position: 'agree', reason: null }, at(1));
			const [parent, lead] = await overlap(
				(d) => recordPosition(d, { familyId: f.familyId, goalId: id, actor: f.parent, position: 'agree', reason: null }, at(2)),
				(d) => recordPosition(d, { familyId: f.familyId, goalId: id, actor: f.lead, position: 'agree', reason: null }, at(3))
			);
			expect([parent.status, lead.status]).toEqual(['fulfilled', 'fulfilled']);
			const saved = await goal(f.familyId, id);
			expect(saved.positions.map((p) => p.position)).toEqual(['agree', 'agree', 'agree']);
			expect(saved.status).toBe('agreed');
		});
	});
}

// ---------------------------------------------------------------------------------------------
// The demo families' plans

describeEachDatabase('demo plans', (database) => {
	const SEEDED_AT = new Date('2026-05-20T12:00:00.000Z');
	const DAY_MS = 86_400_000;
	let hassan: PlanView;
	let kowalski: PlanView;
	let ids: Record<'amira' | 'leo' | 'jo', string>;

	beforeAll(async () => {
		const db = database.db;
		await seedDemo(db, SEEDED_AT);
		const families = await listAllFamilies(db);
		const view = async (name: string) => {
			const family = families.find((x) => x.name === name);
			const result = family ? await getPlanView(db, family.id, { now: SEEDED_AT }) : null;
			if (!result) throw new Error(`No ${name} plan in the demo data`);
			return result;
		};
		hassan = await view('Hassan');
		kowalski = await view('Kowalski');
		const userId = async (username: string) => {
			const row = await findUserByUsername(db, username);
			if (!row) throw new Error(`No ${username} in the demo data`);
			return row.id;
		};
		ids = { amira: await userId('amira'), leo: await userId('leo'), jo: await userId('jo') };
	});

	const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;

	it('gives the Hassans a summary and 4–6 goals across at least 3 outcome areas', () => {
		expect(hassan.version).toBeGreaterThan(0);
		expect(hassan.summary.goingWell).not.toBe('');
		expect(hassan.summary.worriedAbout).not.toBe('');
		expect(hassan.summary.needsToHappen).not.toBe('');
		expect(hassan.goals.length).toBeGreaterThanOrEqual(4);
		expect(hassan.goals.length).toBeLessThanOrEqual(6);
		expect(new Set(hassan.goals.map((g) => g.outcomeArea)).size).toBeGreaterThanOrEqual(3);
	});

	it('has a goal Leo disagrees with, saying why, that Jo has answered', async () => {
		const disagreed = hassan.goals.filter((g) =>
			g.positions.some((p) => p.userId === ids.leo && p.position === 'disagree' && p.reason && p.reply)
		);
		expect(disagreed).toHaveLength(1);
		const leo = disagreed[0]!.positions.find((p) => p.userId === ids.leo);
		expect(leo).toMatchObject({ isYoungPerson: true, replyByName: 'Jo Bennett' });
		expect(leo?.reason?.length).toBeGreaterThan(10);
		expect(disagreed[0]!.status).toBe('suggested');
		expect(disagreed[0]!.hasUnansweredDisagreement).toBe(false);
		// Answered, so it does not wait in Jo's list.
		expect((await listNeedsReply(database.db, ids.jo)).filter((r) => r.kind === 'disagreement')).toEqual([]);
	});

	it('has a goal Amira is not sure about', () => {
		const notSure = hassan.goals.filter((g) => g.positions.some((p) => p.userId === ids.amira && p.position === 'not_sure'));
		expect(notSure).toHaveLength(1);
		expect(notSure[0]!.status).toBe('suggested');
	});

	it('has about twenty promises: some done on time, one done late, one overdue', () => {
		const actions = hassan.goals.flatMap((g) => g.actions);
		expect(actions.length).toBeGreaterThanOrEqual(18);
		expect(actions.length).toBeLessThanOrEqual(22);
		const count = (state: string) => actions.filter((a) => a.state === state).length;
		expect(count('done_on_time')).toBeGreaterThanOrEqual(1);
		expect(count('done_late')).toBeGreaterThanOrEqual(1);
		expect(count('overdue')).toBeGreaterThanOrEqual(1);
		expect(count('to_do')).toBeGreaterThanOrEqual(1);
		expect(new Set(actions.map((a) => a.ownerKind))).toEqual(new Set(['member', 'worker', 'service']));
		expect(hassan.promises.due).toBeGreaterThan(hassan.promises.kept);
		expect(hassan.promises.kept).toBeGreaterThan(0);
	});

	it('has eight weeks of check-ins from each of Amira, Leo and Jo', () => {
		const checkins = hassan.goals.flatMap((g) => g.checkins);
		for (const userId of [ids.amira, ids.leo, ids.jo]) {
			const dates = checkins.filter((c) => c.userId === userId).map((c) => c.date).sort();
			expect(dates.length).toBeGreaterThanOrEqual(8);
			expect(daysBetween(dates[0]!, dates[dates.length - 1]!)).toBeGreaterThanOrEqual(49);
			expect(dates[dates.length - 1]! <= hassan.today).toBe(true);
		}
		expect(checkins.filter((c) => c.userId === ids.jo).every((c) => c.side === 'worker')).toBe(true);
		expect(checkins.filter((c) => c.userId !== ids.jo).every((c) => c.side === 'family')).toBe(true);
	});

	it('has the next review in about a month, with an agenda item from Leo waiting for Jo', async () => {
		expect(hassan.review).not.toBeNull();
		const ahead = daysBetween(hassan.today, hassan.review!.date);
		expect(ahead).toBeGreaterThanOrEqual(25);
		expect(ahead).toBeLessThanOrEqual(35);
		expect(hassan.review!.place).not.toBe('');
		const fromLeo = hassan.review!.agenda.filter((a) => a.addedByUserId === ids.leo);
		expect(fromLeo).toHaveLength(1);
		expect(await listNeedsReply(database.db, ids.jo)).toEqual([
			expect.objectContaining({ kind: 'agenda_item', title: fromLeo[0]!.text, familyId: hassan.familyId })
		]);
	});

	it('wrote the Hassan plan through the services, so its history is real', async () => {
		const rows = (await getPlanHistory(database.db, hassan.familyId)) ?? [];
		expect(rows.filter((h) => h.kind === 'goal_suggested')).toHaveLength(hassan.goals.length);
		expect(rows.filter((h) => h.kind === 'checkin_added')).toHaveLength(hassan.goals.flatMap((g) => g.checkins).length);
		expect(rows.some((h) => h.kind === 'disagreement_answered')).toBe(true);
	});

	it('gives the Kowalskis a smaller plan of their own', () => {
		expect(kowalski.goals.length).toBeGreaterThanOrEqual(1);
		expect(kowalski.goals.length).toBeLessThan(hassan.goals.length);
		const actions = (view: PlanView) => view.goals.flatMap((g) => g.actions).length;
		expect(actions(kowalski)).toBeGreaterThanOrEqual(1);
		expect(actions(kowalski)).toBeLessThan(actions(hassan));
		expect(kowalski.summary.goingWell).not.toBe('');
		expect(kowalski.goals.flatMap((g) => g.checkins).length).toBeGreaterThan(0);
		expect(kowalski.familyId).not.toBe(hassan.familyId);
	});
});
