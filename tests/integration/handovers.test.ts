import { beforeEach, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '$lib/server/db';
import type { HandoverRow } from '$lib/server/db/schema';
import {
	createFamilyWithLead,
	endTeamAssignment,
	getFamilyOverview
} from '$lib/server/families/families.service';
import {
	HandoverRuleError,
	applyDueHandovers,
	cancelHandover,
	getFamilyWorkerHistory,
	getHandover,
	getPendingHandover,
	handoverNoticeFor,
	listHandoversForWorker,
	markHandoverSeen,
	planHandover,
	writeHandoverNote,
	type Handover
} from '$lib/server/handovers/handovers.service';
import { newId, toTimestamp } from '$lib/server/ids';
import type { User } from '$lib/server/users/users.service';
import { requireHandoverNoteAccess } from '$lib/server/policy';
import type { Worker } from '$lib/server/workers/workers.service';
import { describeEachDatabase } from './support/databases';
import { addFamily, addService, databaseUrl, openDatabase, rejection, uniqueName } from './support/fixtures';
import {
	STARTED,
	addFamilyUser,
	addNamedWorker,
	assignAt,
	asUser,
	assignmentRows,
	currentLeads,
	localsFor,
	gate,
	waitForLockWait
} from './support/worker-fixtures';

// Changing a family's lead worker: planned by a manager for a date, applied on that date (by the
// server's timer, here called with `now`), announced to each family member until they have seen
// it, with both workers' notes and the family's history kept.

/** The manager plans on this day (UK), at noon. */
const NOW = new Date('2026-11-23T12:00:00.000Z');
const TODAY = '2026-11-23';
const NEXT_WEEK = '2026-11-30';

/** A moment on a UK date (mid-morning; in winter UK time is UTC). */
const on = (date: string) => new Date(`${date}T10:00:00.000Z`);

interface Setup {
	familyId: string;
	serviceId: string;
	otherServiceId: string;
	lead: Worker;
	colleague: Worker;
	team: Worker;
	outsider: Worker;
	manager: Worker;
	amira: User;
	leo: User;
}

describeEachDatabase('handovers', (database) => {
	const db = () => database.db;

	/**
	 * A family led by `lead` (service A), with `team` (service B) in the team; `colleague` works
	 * in service A, `outsider` in service B; `manager` runs service A. Amira and Leo have accounts.
	 */
	async function setup(): Promise<Setup> {
		const serviceId = (await addService(db())).id;
		const otherServiceId = (await addService(db())).id;
		const familyId = (await addFamily(db(), uniqueName('Family'))).id;
		const lead = await addNamedWorker(db(), serviceId, 'Chris Doyle');
		const colleague = await addNamedWorker(db(), serviceId, 'Priya Sharma');
		const team = await addNamedWorker(db(), otherServiceId, 'Sam Taylor');
		const outsider = await addNamedWorker(db(), otherServiceId, 'Olu Outsider');
		const manager = await addNamedWorker(db(), serviceId, 'Morgan Ellis', { role: 'manager' });
		await assignAt(db(), familyId, lead.id, 'lead');
		await assignAt(db(), familyId, team.id, 'team', STARTED, 'Checks in at school');
		const amira = await addFamilyUser(db(), familyId, 'Amira');
		const leo = await addFamilyUser(db(), familyId, 'Leo', 'young_person');
		return { familyId, serviceId, otherServiceId, lead, colleague, team, outsider, manager, amira, leo };
	}

	async function plan(s: Setup, toWorkerId: string, handoverOn: string, now = NOW, withinServiceId: string | null = s.serviceId) {
		return planHandover(db(), { familyId: s.familyId, toWorkerId, handoverOn, withinServiceId }, s.manager.userId, now);
	}

	async function handover(id: string): Promise<Handover> {
		const found = await getHandover(db(), id);
		if (!found) throw new Error(`No handover ${id}`);
		return found;
	}

	async function ruleCode(promise: Promise<unknown>): Promise<string> {
		const error = await rejection(promise);
		expect(error).toBeInstanceOf(HandoverRuleError);
		return (error as HandoverRuleError).code;
	}

	const notice = async (s: Setup, user: User) => {
		const found = await handoverNoticeFor(db(), s.familyId, user.id);
		return found ? [found.kind, found.handover.toName] : null;
	};

	const handoverRows = (familyId: string) =>
		db().selectFrom('handover').selectAll().where('family_id', '=', familyId).execute();

	// The file's tests share one database, and applyDueHandovers works on every family in it: each
	// test starts with no handover waiting anywhere, so the counts it sees are its own.
	beforeEach(async () => {
		await db().deleteFrom('handover').where('applied_at', 'is', null).execute();
	});

	describe('the database', () => {
		function handoverRow(familyId: string, from: string, to: string): HandoverRow {
			return {
				id: newId(),
				family_id: familyId,
				from_worker_id: from,
				to_worker_id: to,
				handover_on: NEXT_WEEK,
				goodbye_note: null,
				goodbye_written_at: null,
				hello_note: null,
				hello_written_at: null,
				created_by_user_id: from,
				created_at: toTimestamp(NOW),
				applied_at: null
			};
		}

		it('refuses a second handover waiting for the same family, written straight to the table', async () => {
			const s = await setup();
			const first = { ...handoverRow(s.familyId, s.lead.id, s.colleague.id), created_by_user_id: s.manager.userId };
			await db().insertInto('handover').values(first).execute();
			const second = { ...handoverRow(s.familyId, s.lead.id, s.outsider.id), created_by_user_id: s.manager.userId };
			const error = await rejection(db().insertInto('handover').values(second).execute());
			expect(isUniqueViolation(error)).toBe(true);

			// Once the first has happened, the next one may be planned.
			await db().updateTable('handover').set({ applied_at: toTimestamp(NOW) }).where('id', '=', first.id).execute();
			await db().insertInto('handover').values(second).execute();
			expect((await handoverRows(s.familyId)).map((h) => [h.to_worker_id, h.applied_at === null])).toEqual(
				expect.arrayContaining([
					[s.colleague.id, false],
					[s.outsider.id, true]
				])
			);
		});

		it('allows one waiting handover in each of two families', async () => {
			const a = await setup();
			const b = await setup();
			await db()
				.insertInto('handover')
				.values([
					{ ...handoverRow(a.familyId, a.lead.id, a.colleague.id), created_by_user_id: a.manager.userId },
					{ ...handoverRow(b.familyId, b.lead.id, b.colleague.id), created_by_user_id: b.manager.userId }
				])
				.execute();
			expect((await handoverRows(a.familyId)).length + (await handoverRows(b.familyId)).length).toBe(2);
		});

		it('refuses a handover from a worker to themselves', async () => {
			const s = await setup();
			const row = { ...handoverRow(s.familyId, s.lead.id, s.lead.id), created_by_user_id: s.manager.userId };
			await expect(db().insertInto('handover').values(row).execute()).rejects.toThrow();
			expect(await handoverRows(s.familyId)).toEqual([]);
			// The same row to someone else goes in.
			await db().insertInto('handover').values({ ...row, to_worker_id: s.colleague.id }).execute();
			expect(await handoverRows(s.familyId)).toHaveLength(1);
		});
	});

	describe('planning', () => {
		it('changes nothing for a date still to come, and shows it as waiting', async () => {
			const s = await setup();
			const before = await getFamilyOverview(db(), s.familyId, NOW);
			const id = await plan(s, s.colleague.id, NEXT_WEEK);

			expect(await getFamilyOverview(db(), s.familyId, NOW)).toEqual(before);
			expect(await currentLeads(db(), s.familyId)).toEqual([s.lead.id]);
			expect(await getPendingHandover(db(), s.familyId)).toEqual({
				id,
				familyId: s.familyId,
				familyName: expect.any(String),
				fromWorkerId: s.lead.id,
				fromName: 'Chris Doyle',
				toWorkerId: s.colleague.id,
				toName: 'Priya Sharma',
				handoverOn: NEXT_WEEK,
				goodbyeNote: null,
				helloNote: null,
				happened: false
			});
		});

		it('happens at once when planned for today, or a day already past', async () => {
			for (const date of [TODAY, '2026-11-01']) {
				const s = await setup();
				const id = await plan(s, s.colleague.id, date);
				expect(await currentLeads(db(), s.familyId)).toEqual([s.colleague.id]);
				expect((await handover(id)).happened).toBe(true);
				expect(await getPendingHandover(db(), s.familyId)).toBeNull();
				expect(await applyDueHandovers(db(), NOW)).toBe(0);
			}
		});

		it('refuses what cannot be done, writing nothing', async () => {
			const s = await setup();
			const other = await setup();
			const noLead = (await addFamily(db())).id;
			const closed = await setup();
			await db().updateTable('family').set({ status: 'closed' }).where('id', '=', closed.familyId).execute();

			expect(await ruleCode(plan(s, s.lead.id, NEXT_WEEK))).toBe('same_worker');
			expect(await ruleCode(plan(s, 'no-such-worker', NEXT_WEEK))).toBe('worker_unknown');
			// A manager hands over within their own service only…
			expect(await ruleCode(plan(s, s.outsider.id, NEXT_WEEK))).toBe('other_service');
			expect(await ruleCode(plan(s, other.colleague.id, NEXT_WEEK, NOW, s.serviceId))).toBe('other_service');
			expect(
				await ruleCode(
					planHandover(db(), { familyId: noLead, toWorkerId: s.colleague.id, handoverOn: NEXT_WEEK, withinServiceId: null }, s.manager.userId, NOW)
				)
			).toBe('no_lead');
			expect(await ruleCode(plan(closed, closed.colleague.id, NEXT_WEEK))).toBe('family_closed');
			expect(await handoverRows(s.familyId)).toEqual([]);
			expect(await handoverRows(noLead)).toEqual([]);
			expect(await handoverRows(closed.familyId)).toEqual([]);
			expect(await currentLeads(db(), s.familyId)).toEqual([s.lead.id]);
		});

		it('lets the admin (no service limit) hand over to a worker of any service', async () => {
			const s = await setup();
			await plan(s, s.outsider.id, TODAY, NOW, null);
			expect(await currentLeads(db(), s.familyId)).toEqual([s.outsider.id]);
		});

		it('refuses a second handover while one is waiting', async () => {
			const s = await setup();
			await plan(s, s.colleague.id, NEXT_WEEK);
			const another = await addNamedWorker(db(), s.serviceId, 'Jo Bennett');
			expect(await ruleCode(plan(s, another.id, '2026-12-07'))).toBe('pending_exists');
			// …even one for today, which would otherwise happen at once.
			expect(await ruleCode(plan(s, another.id, TODAY))).toBe('pending_exists');
			expect((await handoverRows(s.familyId)).map((h) => h.to_worker_id)).toEqual([s.colleague.id]);
			expect(await currentLeads(db(), s.familyId)).toEqual([s.lead.id]);
		});

		it('lets exactly one of two managers planning at the same moment succeed', async () => {
			const s = await setup();
			const another = await addNamedWorker(db(), s.serviceId, 'Jo Bennett');
			const results = await Promise.allSettled([plan(s, s.colleague.id, NEXT_WEEK), plan(s, another.id, NEXT_WEEK)]);
			expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
			const refused = results.find((r) => r.status === 'rejected');
			expect(refused?.reason).toBeInstanceOf(HandoverRuleError);
			expect(refused?.reason).toMatchObject({ code: 'pending_exists' });
			expect(await handoverRows(s.familyId)).toHaveLength(1);
		});

		// Two managers hand the same family over for today, on two servers: the first has already
		// swapped the lead in its transaction when the second starts. (PostgreSQL only, as above.)
		if (database.dialect === 'postgres') {
			it('keeps one lead when two handovers for today overlap, refusing the second', async () => {
				const s = await setup();
				const another = await addNamedWorker(db(), s.serviceId, 'Jo Bennett');
				const atCommit = gate();
				const release = gate();
				const slow = openDatabase(await databaseUrl(db()), {
					beforeCommit: async () => {
						atCommit.open();
						await release.opened;
					}
				});
				try {
					const first = planHandover(
						slow,
						{ familyId: s.familyId, toWorkerId: s.colleague.id, handoverOn: TODAY, withinServiceId: s.serviceId },
						s.manager.userId,
						NOW
					);
					await atCommit.opened;
					const second = rejection(plan(s, another.id, TODAY));
					await waitForLockWait(db());
					release.open();
					expect(await first).toEqual(expect.any(String));
					const refused = await second;
					expect(refused).toBeInstanceOf(HandoverRuleError);
					// Nothing is pending any more: the lead changed under the second manager's feet.
					expect(refused).toMatchObject({ code: 'changed_meanwhile' });
				} finally {
					release.open();
					await slow.destroy();
				}
				expect(await currentLeads(db(), s.familyId)).toEqual([s.colleague.id]);
				expect((await handoverRows(s.familyId)).map((h) => h.to_worker_id)).toEqual([s.colleague.id]);
			});
		}

		it('can be called off before it happens, and not after', async () => {
			const s = await setup();
			const id = await plan(s, s.colleague.id, NEXT_WEEK);
			const other = await setup();
			expect(await cancelHandover(db(), other.familyId, id)).toBe(false);
			expect(await cancelHandover(db(), s.familyId, id)).toBe(true);
			expect(await cancelHandover(db(), s.familyId, id)).toBe(false);
			expect(await getPendingHandover(db(), s.familyId)).toBeNull();
			expect(await notice(s, s.amira)).toBeNull();
			expect(await applyDueHandovers(db(), on(NEXT_WEEK))).toBe(0);
			expect(await currentLeads(db(), s.familyId)).toEqual([s.lead.id]);

			const done = await plan(s, s.colleague.id, TODAY);
			expect(await cancelHandover(db(), s.familyId, done)).toBe(false);
			expect((await handover(done)).happened).toBe(true);
		});
	});

	describe('applying on the day', () => {
		it('waits until the handover’s day (in the UK), then swaps the lead in one step', async () => {
			const s = await setup();
			const id = await plan(s, s.colleague.id, NEXT_WEEK);

			expect(await applyDueHandovers(db(), on('2026-11-29'))).toBe(0);
			// 23:59 UTC on the 29th is still the 29th in the UK in winter.
			expect(await applyDueHandovers(db(), new Date('2026-11-29T23:59:59.000Z'))).toBe(0);
			expect(await currentLeads(db(), s.familyId)).toEqual([s.lead.id]);
			expect((await handover(id)).happened).toBe(false);

			expect(await applyDueHandovers(db(), new Date('2026-11-30T00:00:01.000Z'))).toBe(1);
			expect(await currentLeads(db(), s.familyId)).toEqual([s.colleague.id]);
			expect((await handover(id)).happened).toBe(true);
			const overview = await getFamilyOverview(db(), s.familyId, on(NEXT_WEEK));
			expect(overview?.lead?.workerId).toBe(s.colleague.id);
			expect(overview?.team.map((w) => w.workerId)).toEqual([s.team.id]);
		});

		it('goes by the UK date in summer: a handover on 1 July happens at 23:30 UTC on 30 June', async () => {
			const s = await setup();
			await plan(s, s.colleague.id, '2026-07-01', new Date('2026-06-01T12:00:00.000Z'));
			expect(await applyDueHandovers(db(), new Date('2026-06-30T22:59:00.000Z'))).toBe(0);
			expect(await applyDueHandovers(db(), new Date('2026-06-30T23:30:00.000Z'))).toBe(1);
			expect(await currentLeads(db(), s.familyId)).toEqual([s.colleague.id]);
		});

		it('applies once however often it runs afterwards', async () => {
			const s = await setup();
			const id = await plan(s, s.colleague.id, NEXT_WEEK);
			expect(await applyDueHandovers(db(), on(NEXT_WEEK))).toBe(1);
			expect(await applyDueHandovers(db(), on(NEXT_WEEK))).toBe(0);
			expect(await applyDueHandovers(db(), on('2026-12-25'))).toBe(0);

			expect(await assignmentRows(db(), s.familyId)).toEqual([
				[s.lead.id, 'lead', false],
				[s.team.id, 'team', true],
				[s.colleague.id, 'lead', true]
			]);
			const row = await db().selectFrom('handover').select('applied_at').where('id', '=', id).executeTakeFirstOrThrow();
			expect(row.applied_at).toBe(toTimestamp(on(NEXT_WEEK)));
		});

		it('applies once when several runs start at the same moment', async () => {
			const s = await setup();
			await plan(s, s.colleague.id, NEXT_WEEK);
			const counts = await Promise.all([1, 2, 3, 4].map(() => applyDueHandovers(db(), on(NEXT_WEEK))));
			expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
			expect(await currentLeads(db(), s.familyId)).toEqual([s.colleague.id]);
			expect((await assignmentRows(db(), s.familyId)).filter(([, role]) => role === 'lead')).toHaveLength(2);
		});

		// Two servers on one PostgreSQL database: the second waits for the first's lock on the
		// handover, then finds it done. (SQLite has one writer per process, so this cannot happen there.)
		if (database.dialect === 'postgres') {
			it('applies once when a second server runs while the first is still committing', async () => {
				const s = await setup();
				await plan(s, s.colleague.id, NEXT_WEEK);
				const atCommit = gate();
				const release = gate();
				const slow = openDatabase(await databaseUrl(db()), {
					beforeCommit: async () => {
						atCommit.open();
						await release.opened;
					}
				});
				try {
					const first = applyDueHandovers(slow, on(NEXT_WEEK));
					await atCommit.opened;
					const second = applyDueHandovers(db(), on(NEXT_WEEK));
					await waitForLockWait(db());
					release.open();
					expect([await first, await second]).toEqual([1, 0]);
				} finally {
					release.open();
					await slow.destroy();
				}
				expect(await currentLeads(db(), s.familyId)).toEqual([s.colleague.id]);
			});
		}

		it('makes a team member the lead without leaving them in the team as well', async () => {
			const s = await setup();
			await plan(s, s.team.id, NEXT_WEEK, NOW, null);
			expect(await currentLeads(db(), s.familyId)).toEqual([s.lead.id]);
			await applyDueHandovers(db(), on(NEXT_WEEK));

			expect(await currentLeads(db(), s.familyId)).toEqual([s.team.id]);
			const overview = await getFamilyOverview(db(), s.familyId, on(NEXT_WEEK));
			expect(overview?.lead?.workerId).toBe(s.team.id);
			expect(overview?.team).toEqual([]);
			expect(await assignmentRows(db(), s.familyId)).toEqual([
				[s.lead.id, 'lead', false],
				[s.team.id, 'team', false],
				[s.team.id, 'lead', true]
			]);
		});

		it('never leaves a family with no lead or two leads, handover after handover', async () => {
			const s = await setup();
			const third = await addNamedWorker(db(), s.serviceId, 'Jo Bennett');
			const chain: [Worker, string][] = [
				[s.colleague, '2026-12-01'],
				[s.team, '2026-12-08'],
				[third, '2026-12-15'],
				[s.lead, '2026-12-22']
			];
			let expected = s.lead.id;
			for (const [to, date] of chain) {
				await plan(s, to.id, date, NOW, null);
				expect(await currentLeads(db(), s.familyId)).toEqual([expected]);
				expect(await applyDueHandovers(db(), on(date))).toBe(1);
				expected = to.id;
				expect(await currentLeads(db(), s.familyId)).toEqual([expected]);
				// The same worker is never assigned twice at once.
				const current = (await assignmentRows(db(), s.familyId)).filter(([, , now]) => now).map(([w]) => w);
				expect(new Set(current).size).toBe(current.length);
			}
			expect((await getFamilyWorkerHistory(db(), s.familyId)).handovers.map((h) => h.toName)).toEqual([
				'Chris Doyle',
				'Jo Bennett',
				'Sam Taylor',
				'Priya Sharma'
			]);
		});
	});

	describe('telling the family', () => {
		it('says "coming", then "new" to each member until that member has seen it', async () => {
			const s = await setup();
			const id = await plan(s, s.colleague.id, NEXT_WEEK);
			expect(await notice(s, s.amira)).toEqual(['coming', 'Priya Sharma']);
			expect(await notice(s, s.leo)).toEqual(['coming', 'Priya Sharma']);
			// Nothing to mark seen before it has happened.
			expect(await markHandoverSeen(db(), s.familyId, id, s.amira.id, NOW)).toBe(false);

			await applyDueHandovers(db(), on(NEXT_WEEK));
			expect(await notice(s, s.amira)).toEqual(['new', 'Priya Sharma']);
			expect(await notice(s, s.leo)).toEqual(['new', 'Priya Sharma']);

			expect(await markHandoverSeen(db(), s.familyId, id, s.amira.id, on(NEXT_WEEK))).toBe(true);
			expect(await notice(s, s.amira)).toBeNull();
			// Amira having seen it does not hide it from Leo.
			expect(await notice(s, s.leo)).toEqual(['new', 'Priya Sharma']);
			// Saying so twice is fine and records it once.
			expect(await markHandoverSeen(db(), s.familyId, id, s.amira.id, on(NEXT_WEEK))).toBe(true);
			const seen = await db().selectFrom('handover_seen').select('user_id').where('handover_id', '=', id).execute();
			expect(seen).toEqual([{ user_id: s.amira.id }]);

			expect(await markHandoverSeen(db(), s.familyId, id, s.leo.id, on(NEXT_WEEK))).toBe(true);
			expect(await notice(s, s.leo)).toBeNull();
		});

		it('does not mark another family’s handover, or one that does not exist', async () => {
			const s = await setup();
			const other = await setup();
			const id = await plan(s, s.colleague.id, TODAY);
			expect(await markHandoverSeen(db(), other.familyId, id, other.amira.id, NOW)).toBe(false);
			expect(await markHandoverSeen(db(), s.familyId, 'no-such-handover', s.amira.id, NOW)).toBe(false);
			expect(await db().selectFrom('handover_seen').selectAll().where('handover_id', '=', id).execute()).toEqual([]);
			expect(await notice(other, other.amira)).toBeNull();
			expect(await notice(s, s.amira)).toEqual(['new', 'Priya Sharma']);
		});

		it('tells the family about the newest handover, and a coming one before an unseen past one', async () => {
			const s = await setup();
			const first = await plan(s, s.colleague.id, TODAY);
			await markHandoverSeen(db(), s.familyId, first, s.amira.id, NOW);
			const another = await addNamedWorker(db(), s.serviceId, 'Jo Bennett');
			await plan(s, another.id, NEXT_WEEK);
			expect(await notice(s, s.amira)).toEqual(['coming', 'Jo Bennett']);
			// Leo never saw the first: the change coming next is what matters now.
			expect(await notice(s, s.leo)).toEqual(['coming', 'Jo Bennett']);
			await applyDueHandovers(db(), on(NEXT_WEEK));
			expect(await notice(s, s.amira)).toEqual(['new', 'Jo Bennett']);
			expect(await notice(s, s.leo)).toEqual(['new', 'Jo Bennett']);
		});
	});

	describe('notes and history', () => {
		it('lets the leaving worker say goodbye and the new one hello; nobody else has a side', async () => {
			const s = await setup();
			const id = await plan(s, s.colleague.id, NEXT_WEEK);
			const h = await handover(id);
			const side = (worker: Worker) => requireHandoverNoteAccess(localsFor(db(), asUser(worker)), id);
			expect((await side(s.lead)).side).toBe('goodbye');
			expect((await side(s.colleague)).side).toBe('hello');
			// Everyone else on the staff has no part in it: not found, whatever their role.
			for (const other of [s.team, s.manager, s.outsider]) {
				await expect(side(other)).rejects.toMatchObject({ status: 404 });
			}
			await expect(requireHandoverNoteAccess(localsFor(db(), s.amira), id)).rejects.toMatchObject({ status: 403 });
			await expect(requireHandoverNoteAccess(localsFor(db(), asUser(s.lead)), 'no-such-handover')).rejects.toMatchObject({
				status: 404
			});

			await writeHandoverNote(db(), h, 'goodbye', 'It has been a pleasure.', NOW);
			await writeHandoverNote(db(), h, 'hello', 'Hello, I am Priya.', NOW);
			expect(await handover(id)).toMatchObject({ goodbyeNote: 'It has been a pleasure.', helloNote: 'Hello, I am Priya.' });

			// An empty note takes the note away.
			await writeHandoverNote(db(), h, 'hello', '', NOW);
			const row = await db().selectFrom('handover').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
			expect([row.goodbye_note, row.goodbye_written_at, row.hello_note, row.hello_written_at]).toEqual([
				'It has been a pleasure.',
				toTimestamp(NOW),
				null,
				null
			]);
		});

		it('keeps the family’s history: the ended assignment, the new one and the handover with its notes', async () => {
			const s = await setup();
			const id = await plan(s, s.colleague.id, NEXT_WEEK);
			await writeHandoverNote(db(), await handover(id), 'goodbye', 'Goodbye from Chris', NOW);
			await applyDueHandovers(db(), on(NEXT_WEEK));

			const history = await getFamilyWorkerHistory(db(), s.familyId);
			// Newest first: Priya from the handover; Chris (ended then) and Sam started on the same day.
			const entries = history.workers.map((w) => [w.displayName, w.role, w.from, w.until]);
			expect(entries[0]).toEqual(['Priya Sharma', 'lead', toTimestamp(on(NEXT_WEEK)), null]);
			expect(entries.slice(1)).toHaveLength(2);
			expect(entries.slice(1)).toEqual(
				expect.arrayContaining([
					['Chris Doyle', 'lead', toTimestamp(STARTED), toTimestamp(on(NEXT_WEEK))],
					['Sam Taylor', 'team', toTimestamp(STARTED), null]
				])
			);
			expect(history.handovers).toEqual([
				expect.objectContaining({ id, fromName: 'Chris Doyle', toName: 'Priya Sharma', goodbyeNote: 'Goodbye from Chris', helloNote: null, happened: true })
			]);
		});

		it('lists a handover for both its workers while it is recent, and for nobody else', async () => {
			const s = await setup();
			const id = await plan(s, s.colleague.id, NEXT_WEEK);
			for (const worker of [s.lead, s.colleague]) {
				expect((await listHandoversForWorker(db(), worker.id, NOW)).map((h) => h.id)).toEqual([id]);
			}
			expect(await listHandoversForWorker(db(), s.team.id, NOW)).toEqual([]);

			await applyDueHandovers(db(), on(NEXT_WEEK));
			expect((await listHandoversForWorker(db(), s.lead.id, on('2027-01-20'))).map((h) => h.id)).toEqual([id]);
			// More than 60 days after it happened, it has left their list.
			expect(await listHandoversForWorker(db(), s.lead.id, on('2027-02-10'))).toEqual([]);
		});
	});

	describe('exactly one lead from the start', () => {
		it('opens a family with its lead worker in one step', async () => {
			const service = (await addService(db())).id;
			const worker = await addNamedWorker(db(), service, 'Jo Bennett');
			const family = await createFamilyWithLead(db(), { name: uniqueName('Family'), leadWorkerId: worker.id }, NOW);
			expect(family.status).toBe('active');
			expect(await currentLeads(db(), family.id)).toEqual([worker.id]);
			expect(await assignmentRows(db(), family.id)).toEqual([[worker.id, 'lead', true]]);
		});

		it('opens no family at all when the lead worker does not exist', async () => {
			const name = uniqueName('Family');
			await expect(createFamilyWithLead(db(), { name, leadWorkerId: 'no-such-worker' }, NOW)).rejects.toThrow();
			expect(await db().selectFrom('family').select('id').where('name', '=', name).execute()).toEqual([]);
		});

		it('ends a team member’s assignment, but never the lead’s', async () => {
			const s = await setup();
			const overview = await getFamilyOverview(db(), s.familyId, NOW);
			const leadAssignment = overview!.lead!.assignmentId;
			const teamAssignment = overview!.team[0]!.assignmentId;

			expect(await endTeamAssignment(db(), s.familyId, leadAssignment, NOW)).toBe(false);
			expect(await currentLeads(db(), s.familyId)).toEqual([s.lead.id]);
			// Not through another family either.
			const other = await setup();
			expect(await endTeamAssignment(db(), other.familyId, teamAssignment, NOW)).toBe(false);

			expect(await endTeamAssignment(db(), s.familyId, teamAssignment, NOW)).toBe(true);
			expect(await endTeamAssignment(db(), s.familyId, teamAssignment, NOW)).toBe(false);
			expect((await getFamilyOverview(db(), s.familyId, NOW))?.team).toEqual([]);
			expect(await currentLeads(db(), s.familyId)).toEqual([s.lead.id]);
		});
	});
});
