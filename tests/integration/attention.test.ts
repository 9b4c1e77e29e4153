import { describe, expect, it } from 'vitest';
import { countByFamily, listNeedsAttention, type AttentionItem, type FamilyAttentionItem } from '$lib/server/attention/attention.service';

const familyItems = (items: AttentionItem[]) => items.filter((i): i is FamilyAttentionItem => i.kind !== 'service_rating');
import { endTeamAssignment, getFamilyOverview } from '$lib/server/families/families.service';
import { applyDueHandovers, planHandover } from '$lib/server/handovers/handovers.service';
import { toTimestamp } from '$lib/server/ids';
import type { Actor } from '$lib/server/plans/plans.service';
import {
	addAction,
	changeGoalStatus,
	recordPosition,
	replyToDisagreement,
	setActionDone,
	suggestGoal
} from '$lib/server/plans/plans.service';
import { addAgendaItem, noteAgendaItem, scheduleReview } from '$lib/server/plans/reviews.service';
import { getPlanView } from '$lib/server/plans/plan-view.service';
import { describeEachDatabase } from './support/databases';
import { addPlanFamily, type PlanFamily } from './support/fixtures';
import { addNamedWorker, assignAt } from './support/worker-fixtures';

// One list of everything waiting on a worker: disagreements and review agenda items (for the lead
// worker), and their own promises that are past their date (for any worker still supporting the
// family). Oldest first; each item goes once it is answered.

const NOW = new Date('2026-11-23T12:00:00.000Z');

/** A moment on a November 2026 day, at `hour` UTC (UK time in winter). */
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, day, hour));

const GOAL = { whyItMatters: 'Why it matters', howWeKnow: 'How we will know', outcomeArea: 'being_healthy' as const };

describeEachDatabase('needs attention', (database) => {
	const db = () => database.db;

	const actor = (person: { userId: string; role: Actor['role'] }): Actor => ({ userId: person.userId, role: person.role });

	async function goal(f: PlanFamily, title: string, when = at(1)): Promise<string> {
		return suggestGoal(db(), { familyId: f.familyId, actor: actor(f.lead), goal: { title, ...GOAL } }, when);
	}

	async function promise(f: PlanFamily, goalId: string, description: string, workerId: string, dueDate: string): Promise<string> {
		return addAction(
			db(),
			{ familyId: f.familyId, goalId, actor: actor(f.lead), description, owner: { kind: 'worker', id: workerId }, dueDate },
			at(1)
		);
	}

	const list = async (userId: string, now = NOW) =>
		(await listNeedsAttention(db(), userId, now)).map((i) => [i.kind, i.title, i.waitingSince]);

	it('lists the lead worker’s disagreements, agenda items and overdue promises together, oldest first', async () => {
		const f = await addPlanFamily(db());
		const sleep = await goal(f, 'Sleep better');
		await promise(f, sleep, 'Ask the GP about sleep', f.lead.workerId, '2026-10-30');
		await promise(f, sleep, 'Visit at home', f.lead.workerId, '2026-11-10');
		await promise(f, sleep, 'Phone the school', f.lead.workerId, '2026-11-22');
		// Due today is not overdue yet; nor is a promise not yet due, or one kept.
		await promise(f, sleep, 'Send the letter', f.lead.workerId, '2026-11-23');
		await promise(f, sleep, 'Book the clinic', f.lead.workerId, '2026-12-01');
		const kept = await promise(f, sleep, 'Call Amira', f.lead.workerId, '2026-11-01');
		await setActionDone(
			db(),
			{ familyId: f.familyId, goalId: sleep, actionId: kept, actor: actor(f.lead), actorWorkerId: f.lead.workerId, doneOn: '2026-11-01' },
			at(1, 18)
		);
		// The team member's promise is on their own list, not the lead's.
		await promise(f, sleep, 'Check in at school', f.team.workerId, '2026-11-02');
		await recordPosition(
			db(),
			{ familyId: f.familyId, goalId: sleep, actor: actor(f.young), position: 'disagree', reason: 'I sleep fine' },
			at(5)
		);
		await scheduleReview(db(), { familyId: f.familyId, actor: actor(f.lead), date: '2026-12-15', place: 'At home' }, at(6));
		await addAgendaItem(db(), { familyId: f.familyId, actor: actor(f.young), text: 'Talk about football' }, at(12, 9));

		const items = familyItems(await listNeedsAttention(db(), f.lead.userId, NOW));
		expect(items.map((i) => [i.kind, i.title, i.waitingSince])).toEqual([
			['overdue_promise', 'Ask the GP about sleep', '2026-10-31'],
			['disagreement', 'Sleep better', toTimestamp(at(5))],
			['overdue_promise', 'Visit at home', '2026-11-11'],
			['agenda_item', 'Talk about football', toTimestamp(at(12, 9))],
			['overdue_promise', 'Phone the school', '2026-11-23']
		]);
		expect(items.every((i) => i.familyId === f.familyId)).toBe(true);
		expect(items.find((i) => i.kind === 'disagreement')).toMatchObject<Partial<FamilyAttentionItem>>({
			goalId: sleep,
			personName: f.young.user.displayName
		});
		expect(items.find((i) => i.kind === 'overdue_promise')).toMatchObject<Partial<FamilyAttentionItem>>({ goalId: sleep, personName: null });
		expect(countByFamily(items)).toEqual({ [f.familyId]: 5 });

		// The team member sees only their own overdue promise: disagreements and agenda items wait on the lead.
		expect(await list(f.team.userId)).toEqual([['overdue_promise', 'Check in at school', '2026-11-03']]);
		// Family members and managers have no list.
		expect(await list(f.parent.userId)).toEqual([]);
		expect(await list(f.manager.userId)).toEqual([]);
	});

	it('drops each item once it is answered: the promise kept, the disagreement replied to, the agenda item noted', async () => {
		const f = await addPlanFamily(db());
		const sleep = await goal(f, 'Sleep better');
		const action = await promise(f, sleep, 'Visit at home', f.lead.workerId, '2026-11-10');
		await recordPosition(
			db(),
			{ familyId: f.familyId, goalId: sleep, actor: actor(f.young), position: 'disagree', reason: 'I sleep fine' },
			at(5)
		);
		await scheduleReview(db(), { familyId: f.familyId, actor: actor(f.lead), date: '2026-12-15', place: 'At home' }, at(6));
		await addAgendaItem(db(), { familyId: f.familyId, actor: actor(f.parent), text: 'Money worries' }, at(7));
		expect((await list(f.lead.userId)).map(([kind]) => kind)).toEqual(['disagreement', 'agenda_item', 'overdue_promise']);

		await setActionDone(
			db(),
			{ familyId: f.familyId, goalId: sleep, actionId: action, actor: actor(f.parent), actorWorkerId: null, doneOn: '2026-11-20' },
			at(20)
		);
		expect((await list(f.lead.userId)).map(([kind]) => kind)).toEqual(['disagreement', 'agenda_item']);

		await replyToDisagreement(
			db(),
			{ familyId: f.familyId, goalId: sleep, actor: actor(f.lead), personUserId: f.young.userId, reply: 'Let’s try a week' },
			at(21)
		);
		expect((await list(f.lead.userId)).map(([kind]) => kind)).toEqual(['agenda_item']);

		const agendaId = (await getPlanView(db(), f.familyId, { now: NOW }))?.review?.agenda[0]?.id;
		expect(agendaId).toBeDefined();
		await noteAgendaItem(db(), { familyId: f.familyId, actor: actor(f.lead), itemId: agendaId! }, at(22));
		expect(await list(f.lead.userId)).toEqual([]);

		// Marked not done again, the promise is back.
		await setActionDone(
			db(),
			{ familyId: f.familyId, goalId: sleep, actionId: action, actor: actor(f.lead), actorWorkerId: f.lead.workerId, doneOn: null },
			at(22, 11)
		);
		expect(await list(f.lead.userId)).toEqual([['overdue_promise', 'Visit at home', '2026-11-11']]);
	});

	it('leaves out promises under goals that are done or stopped', async () => {
		const f = await addPlanFamily(db());
		const stopped = await goal(f, 'Move house');
		await promise(f, stopped, 'Ask about housing', f.team.workerId, '2026-11-01');
		expect(await list(f.team.userId)).toHaveLength(1);
		await changeGoalStatus(
			db(),
			{ familyId: f.familyId, goalId: stopped, actor: actor(f.lead), status: 'stopped', stoppedReason: 'Not now' },
			at(2)
		);
		expect(await list(f.team.userId)).toEqual([]);
	});

	it('counts items per family for a worker supporting several, and drops a family they no longer support', async () => {
		const a = await addPlanFamily(db());
		const b = await addPlanFamily(db());
		// A's team member also leads nothing but joins B's team.
		await assignAt(db(), b.familyId, a.team.workerId, 'team', at(1));
		const goalA = await goal(a, 'Goal A');
		const goalB = await goal(b, 'Goal B');
		await promise(a, goalA, 'A first', a.team.workerId, '2026-11-01');
		await promise(a, goalA, 'A second', a.team.workerId, '2026-11-15');
		await promise(b, goalB, 'B only', a.team.workerId, '2026-11-08');

		const items = familyItems(await listNeedsAttention(db(), a.team.userId, NOW));
		expect(items.map((i) => [i.familyId, i.title])).toEqual([
			[a.familyId, 'A first'],
			[b.familyId, 'B only'],
			[a.familyId, 'A second']
		]);
		expect(countByFamily(items)).toEqual({ [a.familyId]: 2, [b.familyId]: 1 });

		// They step back from family A: its promises leave their list, B's stays.
		const overview = await getFamilyOverview(db(), a.familyId, NOW);
		const assignment = overview?.team.find((w) => w.workerId === a.team.workerId)?.assignmentId;
		expect(await endTeamAssignment(db(), a.familyId, assignment!, NOW)).toBe(true);
		expect(await list(a.team.userId)).toEqual([['overdue_promise', 'B only', '2026-11-09']]);
	});

	it('moves the lead’s list to the new lead at a handover; the old lead’s own promises leave with them', async () => {
		const f = await addPlanFamily(db());
		const sleep = await goal(f, 'Sleep better');
		await promise(f, sleep, 'Visit at home', f.lead.workerId, '2026-11-10');
		await recordPosition(
			db(),
			{ familyId: f.familyId, goalId: sleep, actor: actor(f.young), position: 'disagree', reason: 'I sleep fine' },
			at(5)
		);
		const leadService = await db().selectFrom('worker').select('service_id').where('id', '=', f.lead.workerId).executeTakeFirstOrThrow();
		const next = await addNamedWorker(db(), leadService.service_id, 'Priya Sharma');
		await planHandover(
			db(),
			{ familyId: f.familyId, toWorkerId: next.id, handoverOn: '2026-11-30', withinServiceId: leadService.service_id },
			f.manager.userId,
			NOW
		);
		// Planned, not yet happened: nothing moves.
		expect((await list(f.lead.userId)).map(([kind]) => kind)).toEqual(['disagreement', 'overdue_promise']);
		expect(await list(next.userId)).toEqual([]);

		await applyDueHandovers(db(), new Date('2026-11-30T09:00:00.000Z'));
		expect(await list(f.lead.userId, new Date('2026-11-30T09:00:00.000Z'))).toEqual([]);
		expect(await list(next.userId, new Date('2026-11-30T09:00:00.000Z'))).toEqual([
			['disagreement', 'Sleep better', toTimestamp(at(5))]
		]);
	});

	it('is empty for someone with nothing waiting, or who is not a worker at all', async () => {
		const f = await addPlanFamily(db());
		expect(await listNeedsAttention(db(), f.lead.userId, NOW)).toEqual([]);
		expect(await listNeedsAttention(db(), 'no-such-user', NOW)).toEqual([]);
		expect(countByFamily([])).toEqual({});
	});
});

describe('countByFamily', () => {
	it('counts the items of each family', () => {
		const item = (familyId: string): FamilyAttentionItem => ({
			kind: 'overdue_promise',
			familyId,
			familyName: familyId,
			goalId: null,
			title: 't',
			personName: null,
			waitingSince: '2026-11-01'
		});
		expect(countByFamily([item('a'), item('b'), item('a')])).toEqual({ a: 2, b: 1 });
	});
});
