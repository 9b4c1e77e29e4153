import { beforeAll, expect, it } from 'vitest';
import { verifyPassword } from '$lib/server/auth/password';
import type { Database } from '$lib/server/db/schema';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '$lib/server/demo/seed';
import { getFamilyOverview, listAllFamilies, type FamilyOverview } from '$lib/server/families/families.service';
import { findUserByUsername } from '$lib/server/users/users.repository';
import { listWorkers } from '$lib/server/workers/workers.service';
import { describeEachDatabase } from './support/databases';
import { countRows } from './support/fixtures';

const NOW = new Date('2026-05-20T12:00:00.000Z');
const TABLES: (keyof Database)[] = [
	'app_user',
	'service',
	'worker',
	'family',
	'family_member',
	'family_worker',
	'invite',
	'user_session'
];

describeEachDatabase('demo data', (database) => {
	let loaded: boolean;

	beforeAll(async () => {
		loaded = await seedDemo(database.db, NOW);
	});

	async function counts(): Promise<Record<string, number>> {
		const entries = await Promise.all(TABLES.map(async (t) => [t, await countRows(database.db, t)] as const));
		return Object.fromEntries(entries);
	}

	async function overview(name: string): Promise<FamilyOverview> {
		const family = (await listAllFamilies(database.db)).find((f) => f.name === name);
		const result = family ? await getFamilyOverview(database.db, family.id, NOW) : null;
		if (!result) throw new Error(`No ${name} family in the demo data`);
		return result;
	}

	it('loads once; a second run returns false and changes nothing', async () => {
		expect(loaded).toBe(true);
		const before = await counts();
		expect(before).toMatchObject({ app_user: DEMO_ACCOUNTS.length, family: 2, service: 2 });
		expect(await seedDemo(database.db, NOW)).toBe(false);
		expect(await counts()).toEqual(before);
	});

	it('has every listed demo account, each opening with the demo password', async () => {
		const results = await Promise.all(
			DEMO_ACCOUNTS.map(async ({ username }) => {
				const row = await findUserByUsername(database.db, username);
				const works = row?.password_hash ? await verifyPassword(row.password_hash, DEMO_PASSWORD) : false;
				return [username, works] as const;
			})
		);
		expect(results).toEqual(DEMO_ACCOUNTS.map(({ username }) => [username, true]));
	});

	it('has the Hassan family: Amira, Leo (14), Noor without an account, Jo leading and Sam in the team', async () => {
		const hassan = await overview('Hassan');
		expect(hassan.family.status).toBe('active');
		expect(hassan.members.map((m) => [m.displayName, m.memberType, m.username])).toEqual([
			['Amira', 'adult', 'amira'],
			['Leo', 'young_person', 'leo'],
			['Noor', 'young_person', null]
		]);
		expect(hassan.members.find((m) => m.username === 'leo')?.age).toBe(14);
		expect(hassan.members.find((m) => m.displayName === 'Noor')?.hasAccount).toBe(false);
		expect(hassan.lead?.displayName).toBe('Jo Bennett');
		expect(hassan.team.map((w) => w.displayName)).toEqual(['Sam Taylor']);
		expect(hassan.team[0]?.partInPlan).toBeTruthy();
	});

	it('has the Kowalski family: Dan, Mia (15) and Priya leading', async () => {
		const kowalski = await overview('Kowalski');
		expect(kowalski.members.map((m) => [m.username, m.memberType, m.age])).toEqual([
			['dan', 'adult', 42],
			['mia', 'young_person', 15]
		]);
		expect(kowalski.lead?.displayName).toBe('Priya Sharma');
		expect(kowalski.team).toEqual([]);
	});

	it('makes Morgan the manager of the Family Support Service', async () => {
		const morgan = (await listWorkers(database.db)).find((w) => w.username === 'morgan');
		expect(morgan).toMatchObject({ role: 'manager', serviceName: 'Family Support Service' });
		expect((await findUserByUsername(database.db, 'morgan'))?.role).toBe('manager');
	});
});
