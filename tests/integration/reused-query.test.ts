import { sql, type KyselyPlugin } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Executor } from '$lib/server/db';
import { reusedQuery } from '$lib/server/db/reused-query';
import { describeEachDatabase } from './support/databases';

// A query built once per kind of database and run again with new values must answer exactly as
// the same query built afresh, for every value, in and out of transactions, with plugins still
// seeing each run; and a builder that would bake one call's value into the stored query fails.

describeEachDatabase('reused queries', (database) => {
	const families = [
		{ id: 'reused-a', name: 'Ahmed', status: 'active', created_at: '2026-01-01T00:00:00.000Z' },
		{ id: 'reused-b', name: 'Bennett', status: 'active', created_at: '2026-01-02T00:00:00.000Z' },
		{ id: 'reused-c', name: 'Ćwik', status: 'active', created_at: '2026-01-03T00:00:00.000Z' }
	] as const;

	beforeAll(async () => {
		await database.db.insertInto('family').values([...families]).execute();
	});

	const fresh = (db: Executor, id: string, after: string) =>
		db.selectFrom('family').select(['id', 'name']).where('id', '!=', id).where('created_at', '>', after).where('status', '=', 'active').orderBy('id');

	it('answers as the query built afresh does, for each set of values, building it once', async () => {
		let builds = 0;
		const reused = reusedQuery((db: Executor, id: string, after: string) => {
			builds += 1;
			return fresh(db, id, after);
		});
		for (const [id, after] of [
			['reused-a', '2025-12-31'],
			['reused-b', '2026-01-01T12:00:00.000Z'],
			['reused-c', '2027-01-01']
		] as const) {
			expect(await reused(database.db, id, after)).toEqual(await fresh(database.db, id, after).execute());
		}
		await database.db.transaction().execute(async (trx) => {
			expect(await reused(trx, 'reused-a', '2025-01-01')).toEqual([
				{ id: 'reused-b', name: 'Bennett' },
				{ id: 'reused-c', name: 'Ćwik' }
			]);
		});
		expect(builds).toBe(1);
	});

	it("hands each run to the database's plugins, as a query built afresh would be", async () => {
		const seen = { queries: 0, results: 0 };
		const counting: KyselyPlugin = {
			transformQuery: ({ node }) => {
				seen.queries += 1;
				return node;
			},
			transformResult: async ({ result }) => {
				seen.results += 1;
				return result;
			}
		};
		const reused = reusedQuery((db: Executor, id: string) => db.selectFrom('family').select('name').where('id', '=', id));
		await reused(database.db, 'reused-a');
		const counted = database.db.withPlugin(counting);
		expect(await reused(counted, 'reused-b')).toEqual([{ name: 'Bennett' }]);
		expect(await reused(counted, 'reused-c')).toEqual([{ name: 'Ćwik' }]);
		expect(seen).toEqual({ queries: 2, results: 2 });
	});

	it('refuses a builder that changes an argument, writes it into the SQL, or leaves it out', async () => {
		const changed = reusedQuery((db: Executor, id: string) => db.selectFrom('family').select('name').where('id', '=', id.toUpperCase()));
		await expect(changed(database.db, 'reused-a')).rejects.toThrow('changed an argument');
		const written = reusedQuery((db: Executor, name: string) => db.selectFrom('family').select('id').where(sql.raw<boolean>(`name = '${name}'`)));
		await expect(written(database.db, 'Ahmed')).rejects.toThrow('into its SQL');
		const unused = reusedQuery((db: Executor, _id: string) => db.selectFrom('family').select('name'));
		await expect(unused(database.db, 'reused-a')).rejects.toThrow('bound 0 of its 1 arguments');
	});
});
