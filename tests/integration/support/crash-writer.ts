// The child process of the SIGKILL durability test (crash-runs.ts starts it; never the app).
//
//   node <bundle of this file> <sqlite file> <user id>     (crash-runs.ts bundles it with esbuild)
//
// Opens the file through the app's own createDb (WAL, synchronous=FULL, foreign keys) and writes
// crash units until it is killed: each unit is one transaction across real tables made by the real
// migrations. Only after commit has returned does it write "ack <unit id>" to stdout, with a
// synchronous write to the pipe, so an ack the parent reads is a promise the database must keep.
import { writeSync } from 'node:fs';
import { createDb } from '../../../src/lib/server/db/index';
import { crashUnit } from './crash-unit';

const [file, userId] = process.argv.slice(2);
if (!file || !userId) {
	console.error('usage: crash-writer.ts <sqlite file> <user id>');
	process.exit(2);
}

// Fault injection, for proving the checks can fail (never set by the durability test itself):
// "ack-early" acknowledges as the transaction begins, before its rows are even written (a
// SIGKILL loses nothing the process had handed to the kernel, so acking just before COMMIT would
// hardly ever be caught); "split" commits the family and its plan in separate transactions.
// `CRASH_WRITER_FAULT=split npm run bench:crash` must then report half-written units.
const fault = process.env.CRASH_WRITER_FAULT ?? '';

const db = createDb(file);
const ack = (id: string) => writeSync(1, `ack ${id}\n`);

async function writeUnit(): Promise<void> {
	const { family, plan, goals, history } = crashUnit(userId!);
	if (fault === 'split') {
		await db.insertInto('family').values(family).execute();
		await db.transaction().execute(async (trx) => {
			await trx.insertInto('plan').values(plan).execute();
			await trx.insertInto('goal').values(goals).execute();
			await trx.insertInto('plan_history').values(history).execute();
		});
		ack(family.id);
		return;
	}
	await db.transaction().execute(async (trx) => {
		if (fault === 'ack-early') ack(family.id);
		await trx.insertInto('family').values(family).execute();
		await trx.insertInto('plan').values(plan).execute();
		// Row by row, so a kill can land between any two statements of the unit.
		for (const goal of goals) await trx.insertInto('goal').values(goal).execute();
		for (const row of history) await trx.insertInto('plan_history').values(row).execute();
	});
	if (fault !== 'ack-early') ack(family.id);
}

writeSync(1, `ready ${Math.round(performance.now())}\n`);
for (;;) await writeUnit();
