// `npm run bench:seed -- --families 100000 [--database <SQLite path or postgres:// URL>]`: migrates
// the database and fills it with a city of that many families (tests/bench/scale-seed.ts), then
// prints the rows written, the seconds it took and rows per second. The database must be empty.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createDb, DEFAULT_DATABASE_URL, isPostgresUrl } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { seedScale, type ScaleSeed } from './scale-seed';

export type SeedReport = ScaleSeed & { seconds: number; cpuSeconds: number };

export async function seedDatabase(url: string, families: number, log: (line: string) => void = console.log): Promise<SeedReport> {
	const db = createDb(url);
	try {
		await migrateToLatest(db);
		// Ids are random, so every index takes its rows all over the file: with SQLite's default
		// 2 MB page cache a big city's indexes no longer fit and each insert reads pages back from
		// disk. This connection only, for the seeding: the server opens its own with the defaults.
		if (!isPostgresUrl(url)) await sql`pragma cache_size = -524288`.execute(db);
		const started = performance.now();
		const cpu = process.cpuUsage();
		let lastReport = started;
		const seeded = await seedScale(db, {
			families,
			onProgress: (rows) => {
				const at = performance.now();
				if (at - lastReport < 5_000) return;
				lastReport = at;
				log(`  … ${rows.toLocaleString('en-GB')} rows, ${Math.round(rows / ((at - started) / 1000)).toLocaleString('en-GB')} rows/s`);
			}
		});
		const seconds = (performance.now() - started) / 1000;
		const used = process.cpuUsage(cpu);
		return { ...seeded, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
	} finally {
		await db.destroy();
	}
}

/** Beside a seeded SQLite file: what it holds, so `npm run bench` can reuse it instead of seeding again. */
export function seedSidecar(path: string): string {
	return `${path}.seed.json`;
}

export function describeSeed(seed: SeedReport): string {
	const tables = Object.entries(seed.rows)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([table, n]) => `  ${table.padEnd(16)} ${n.toLocaleString('en-GB').padStart(12)}`)
		.join('\n');
	return [
		tables,
		`${seed.families.toLocaleString('en-GB')} families: ${seed.totalRows.toLocaleString('en-GB')} rows in ${seed.seconds.toFixed(1)} s, ${Math.round(seed.totalRows / seed.seconds).toLocaleString('en-GB')} rows/s ` +
			`(this process used ${seed.cpuSeconds.toFixed(1)} s of CPU: ${Math.round(seed.totalRows / seed.cpuSeconds).toLocaleString('en-GB')} rows per CPU second; the database server's share is not in it)`
	].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const { values } = parseArgs({ options: { families: { type: 'string', default: '1000' }, database: { type: 'string' } } });
	const url = values.database ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
	const families = Number(values.families);
	console.log(`Seeding ${families.toLocaleString('en-GB')} families into ${isPostgresUrl(url) ? url.replace(/\/\/[^@]*@/, '//') : url} …`);
	const seeded = await seedDatabase(url, families);
	console.log(describeSeed(seeded));
	if (!isPostgresUrl(url)) writeFileSync(seedSidecar(url), JSON.stringify(seeded, null, '\t'));
	console.log(`Bench family ${seeded.familyId}, parent ${seeded.parent.userId}, worker ${seeded.worker.userId}, rated service ${seeded.ratedServiceId}`);
}
