// The child process of the SIGKILL durability test (crash-runs.ts starts it; never the app).
//
//   tsx tests/integration/support/crash-writer.ts <sqlite file> <user id>
//
// Opens the file through the app's own createDb (WAL, synchronous=FULL, foreign keys) and writes
// crash units until it is killed: each unit is one transaction across real tables made by the real
// migrations. Only after commit has returned does it write "ack <unit id>" to stdout, with a
// synchronous write to the pipe, so an ack the parent reads is a promise the database must keep.
import { writeSync } from 'node:fs';
import { createDb } from '../../../src/lib/server/db/index';
import { newId } from '../../../src/lib/server/ids';
import { GOALS_PER_UNIT } from './crash-unit';

const [file, userId] = process.argv.slice(2);
if (!file || !userId) {
	console.error('usage: crash-writer.ts <sqlite file> <user id>');
	process.exit(2);
}

// Fault injection, for proving the checks can fail (never set by the durability test itself):
// "ack-early" acknowledges as the transaction begins, before its rows are even written (a
// SIGKILL loses nothing the process had handed to the kernel, so acking just before COMMIT would
// hardly ever be caught), "split" commits the family and its plan in
// separate transactions.
const fault = process.env.CRASH_WRITER_FAULT ?? '';

const db = createDb(file);
const ack = (id: string) => writeSync(1, `ack ${id}\n`);

async function writeUnit(): Promise<void> {
	const id = newId();
	const now = new Date().toISOString();
	const family = { id, name: `Crash ${id.slice(0, 8)}`, status: 'active' as const, created_at: now };
	const plan = {
		id: newId(),
		family_id: id,
		going_well: 'x'.repeat(200),
		created_at: now,
		updated_at: now,
		updated_by_user_id: userId!
	};
	const goals = Array.from({ length: GOALS_PER_UNIT }, (_, i) => ({
		id: newId(),
		plan_id: plan.id,
		title: `Goal ${i + 1} of ${id}`,
		outcome_area: 'being_healthy' as const,
		status: 'suggested' as const,
		suggested_by_user_id: userId!,
		created_at: now,
		updated_at: now,
		updated_by_user_id: userId!
	}));
	const history = goals.map((goal) => ({
		id: newId(),
		plan_id: plan.id,
		goal_id: goal.id,
		actor_user_id: userId!,
		happened_at: now,
		kind: 'goal_suggested' as const,
		new_value: goal.title
	}));
	if (fault === 'split') {
		await db.insertInto('family').values(family).execute();
		await db.transaction().execute(async (trx) => {
			await trx.insertInto('plan').values(plan).execute();
			await trx.insertInto('goal').values(goals).execute();
			await trx.insertInto('plan_history').values(history).execute();
		});
		ack(id);
		return;
	}
	await db.transaction().execute(async (trx) => {
		if (fault === 'ack-early') ack(id);
		await trx.insertInto('family').values(family).execute();
		await trx.insertInto('plan').values(plan).execute();
		// Row by row, so a kill can land between any two statements of the unit.
		for (const goal of goals) await trx.insertInto('goal').values(goal).execute();
		for (const row of history) await trx.insertInto('plan_history').values(row).execute();
	});
	if (fault !== 'ack-early') ack(id);
}

writeSync(1, `ready ${Math.round(performance.now())}\n`);
for (;;) await writeUnit();
