import type { Executor } from '../db';

/** How many services the directory holds: the baseline page's one trivial read. */
export async function countServices(db: Executor): Promise<number> {
	const row = await db
		.selectFrom('service')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.executeTakeFirstOrThrow();
	return Number(row.count);
}
