import { describe, expect, it } from 'vitest';
import { newId } from '$lib/server/ids';
import { checkCrashedDatabase, runCrashCampaign, summarise } from './support/crash-runs';
import { GOALS_PER_UNIT, crashUnit } from './support/crash-unit';
import { useTestDatabase } from './support/databases';
import { addUser } from './support/fixtures';

// SQLite only, and deliberately not registered for PostgreSQL: killing a client process cannot
// harm a PostgreSQL server's data, which a separate server process owns and writes. What a kill
// can break is an embedded database written by the process itself, so that is what is tested.

/** 200 in CI; `npm run bench:crash` runs 1000 through the same code. */
const RUNS = Number(process.env.CRASH_RUNS || 200);

describe('durability under SIGKILL [sqlite only]', () => {
	const database = useTestDatabase('sqlite');

	async function insertUnit(userId: string, goals: number): Promise<string> {
		const unit = crashUnit(userId, goals);
		await database.db.transaction().execute(async (trx) => {
			await trx.insertInto('family').values(unit.family).execute();
			await trx.insertInto('plan').values(unit.plan).execute();
			await trx.insertInto('goal').values(unit.goals).execute();
			await trx.insertInto('plan_history').values(unit.history).execute();
		});
		return unit.family.id;
	}

	it('the check finds a lost acknowledgement and a unit written in part', async () => {
		const user = await addUser(database.db);
		const whole = await insertUnit(user.id, GOALS_PER_UNIT);
		const part = await insertUnit(user.id, GOALS_PER_UNIT - 1);
		const neverWritten = newId();
		// Committed, but the writer was killed before it could say so: allowed.
		await insertUnit(user.id, GOALS_PER_UNIT);

		const result = await checkCrashedDatabase(database.db, new Set([whole, part, neverWritten]));
		expect(result.lost).toEqual([neverWritten]);
		expect(result.partial).toEqual([part]);
		expect(result.orphanRows).toBe(0);
		expect(result.unacknowledged).toBe(1);
		expect(result.integrity).toEqual([]);
	});

	it(
		`keeps every acknowledged transaction whole through ${RUNS} SIGKILLs, and the file sound`,
		async () => {
			const report = await runCrashCampaign({ runs: RUNS, lanes: 4 });
			console.log(summarise(report));
			expect(report.writerFailures).toEqual([]);
			expect(report.integrityProblems).toEqual([]);
			expect(report.lost).toBe(0);
			expect(report.halfWritten).toBe(0);
			expect(report.runs).toBe(RUNS);
			// A campaign whose writers never got to commit would prove nothing.
			expect(report.acknowledged).toBeGreaterThan(RUNS);
			expect(report.walLeftBehind).toBeGreaterThan(0);
		},
		RUNS * 2_000
	);
});
