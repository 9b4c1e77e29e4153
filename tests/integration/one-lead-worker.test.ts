import { beforeAll, expect, it } from 'vitest';
import { isUniqueViolation } from '$lib/server/db';
import type { FamilyWorkerRow } from '$lib/server/db/schema';
import { FamilyRuleError, assignWorker } from '$lib/server/families/families.service';
import { newId } from '$lib/server/ids';
import type { Worker } from '$lib/server/workers/workers.service';
import { describeEachDatabase } from './support/databases';
import { addFamily, addService, addWorker, rejection } from './support/fixtures';
import { waitForLockWait } from './support/worker-fixtures';

const STARTED = '2026-03-01T09:00:00.000Z';

describeEachDatabase('one lead worker per family', (database) => {
	let first: Worker;
	let second: Worker;

	beforeAll(async () => {
		const service = await addService(database.db);
		first = await addWorker(database.db, service.id, { password: false });
		second = await addWorker(database.db, service.id, { password: false });
	});

	function assignmentRow(familyId: string, workerId: string, role: 'lead' | 'team'): FamilyWorkerRow {
		return {
			id: newId(),
			family_id: familyId,
			worker_id: workerId,
			role,
			part_in_plan: null,
			started_at: STARTED,
			ended_at: null
		};
	}

	// Straight into the table, past every check in the services: only the database stands in the way.
	const insertRow = (row: FamilyWorkerRow) => database.db.insertInto('family_worker').values(row).execute();

	it('refuses a second current lead row written directly to the table', async () => {
		const family = await addFamily(database.db);
		await insertRow(assignmentRow(family.id, first.id, 'lead'));

		const error = await rejection(insertRow(assignmentRow(family.id, second.id, 'lead')));
		expect(isUniqueViolation(error)).toBe(true);

		const leads = await database.db
			.selectFrom('family_worker')
			.select('worker_id')
			.where('family_id', '=', family.id)
			.where('role', '=', 'lead')
			.execute();
		expect(leads).toEqual([{ worker_id: first.id }]);
	});

	it('allows a new lead once the old lead’s assignment has ended', async () => {
		const family = await addFamily(database.db);
		const old = assignmentRow(family.id, first.id, 'lead');
		await insertRow(old);
		await database.db
			.updateTable('family_worker')
			.set({ ended_at: '2026-04-01T09:00:00.000Z' })
			.where('id', '=', old.id)
			.execute();

		await insertRow(assignmentRow(family.id, second.id, 'lead'));
		const current = await database.db
			.selectFrom('family_worker')
			.select('worker_id')
			.where('family_id', '=', family.id)
			.where('ended_at', 'is', null)
			.execute();
		expect(current).toEqual([{ worker_id: second.id }]);
	});

	it('allows a lead in each of two families, and any number of team workers', async () => {
		const a = await addFamily(database.db);
		const b = await addFamily(database.db);
		await insertRow(assignmentRow(a.id, first.id, 'lead'));
		await insertRow(assignmentRow(b.id, first.id, 'lead'));
		await insertRow(assignmentRow(a.id, second.id, 'team'));
		const service = await addService(database.db);
		const third = await addWorker(database.db, service.id, { password: false });
		await insertRow(assignmentRow(a.id, third.id, 'team'));

		const count = await database.db
			.selectFrom('family_worker')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('family_id', 'in', [a.id, b.id])
			.executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(4);
	});

	it('refuses the same worker twice at once in one family, even in different roles', async () => {
		const family = await addFamily(database.db);
		await insertRow(assignmentRow(family.id, first.id, 'team'));
		const error = await rejection(insertRow(assignmentRow(family.id, first.id, 'lead')));
		expect(isUniqueViolation(error)).toBe(true);
	});

	it('turns a second lead into FamilyRuleError("lead_exists") in the service', async () => {
		const family = await addFamily(database.db);
		await assignWorker(database.db, { familyId: family.id, workerId: first.id, role: 'lead', partInPlan: null });

		const error = await rejection(
			assignWorker(database.db, { familyId: family.id, workerId: second.id, role: 'lead', partInPlan: null })
		);
		expect(error).toBeInstanceOf(FamilyRuleError);
		expect(error).toMatchObject({ code: 'lead_exists' });

		const again = await rejection(
			assignWorker(database.db, { familyId: family.id, workerId: first.id, role: 'team', partInPlan: null })
		);
		expect(again).toMatchObject({ name: 'FamilyRuleError', code: 'already_assigned' });
	});

	// SQLite gives each process one connection, so two transactions there never overlap. On
	// PostgreSQL they can: this builds the race on purpose so that the service's own check is
	// passed and only the database's index stops the second lead. (Registered only there, so a
	// SQLite run does not report a skipped test.)
	if (database.dialect === 'postgres') {
		it(
			'turns the database’s refusal into lead_exists when another lead is being written at the same moment',
			async () => {
				const family = await addFamily(database.db);
				const other = database.open();
				let pending: Promise<unknown> | undefined;
				await other.transaction().execute(async (trx) => {
					await trx.insertInto('family_worker').values(assignmentRow(family.id, first.id, 'lead')).execute();
					pending = rejection(
						assignWorker(database.db, { familyId: family.id, workerId: second.id, role: 'lead', partInPlan: null })
					);
					await waitForLockWait(other);
				});
				const error = await pending;
				expect(error).toBeInstanceOf(FamilyRuleError);
				expect(error).toMatchObject({ code: 'lead_exists' });
			}
		);
	}

	it('lets exactly one of two simultaneous lead assignments win', async () => {
		const family = await addFamily(database.db);
		const results = await Promise.allSettled(
			[first, second].map((worker) =>
				assignWorker(database.db, { familyId: family.id, workerId: worker.id, role: 'lead', partInPlan: null })
			)
		);
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		const refused = results.find((r) => r.status === 'rejected');
		expect(refused?.reason).toBeInstanceOf(FamilyRuleError);
		expect(refused?.reason).toMatchObject({ code: 'lead_exists' });
	});
});
