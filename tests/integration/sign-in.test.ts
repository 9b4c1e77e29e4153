import { hash } from '@node-rs/argon2';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { hashPassword, verifyPassword } from '$lib/server/auth/password';
import { validateSessionToken } from '$lib/server/auth/session.service';
import { SIGN_IN_IP_POLICY, signIn, type SignInResult } from '$lib/server/auth/sign-in.service';
import { newId, toTimestamp } from '$lib/server/ids';
import { findUserById, insertUser } from '$lib/server/users/users.repository';
import type { User } from '$lib/server/users/users.service';
import { describeEachDatabase } from './support/databases';
import { TEST_PASSWORD, addUser, uniqueName } from './support/fixtures';

const T0 = new Date('2026-03-01T09:00:00.000Z');
const seconds = (s: number) => new Date(T0.getTime() + s * 1000);

let ipCounter = 0;
/** A fresh address per test, so the per-IP bucket of one test never throttles another. */
function freshIp(): string {
	ipCounter += 1;
	return `192.0.2.${ipCounter}`;
}

function reasonOf(result: SignInResult): string {
	return result.ok ? 'ok' : result.reason;
}

describe('password hashing', () => {
	it('uses argon2id with 19 MiB, 2 passes, 1 lane', async () => {
		const hash = await hashPassword('a long enough password');
		expect(hash.startsWith('$argon2id$')).toBe(true);
		expect(hash).toContain('$m=19456,t=2,p=1$');
		expect(hash).not.toContain('a long enough password');
		expect(await verifyPassword(hash, 'a long enough password')).toBe(true);
		expect(await verifyPassword(hash, 'a long enough passworD')).toBe(false);
		expect(await verifyPassword('not a hash', 'a long enough password')).toBe(false);
	});
});

describeEachDatabase('sign-in', (database) => {
	let user: User;

	beforeAll(async () => {
		user = await addUser(database.db, { username: uniqueName('amira') });
	});

	const attempt = (password: string, now: Date, ip: string, username = user.username) =>
		signIn(database.db, { username, password, ip, now });

	async function throttleRow(username: string) {
		return database.db
			.selectFrom('sign_in_throttle')
			.selectAll()
			.where('account_key', '=', `sign-in:account:${username}`)
			.executeTakeFirst();
	}

	async function clearThrottle() {
		await database.db.deleteFrom('sign_in_throttle').execute();
	}

	it('gives a working session for the right password, whatever the username’s case and spaces', async () => {
		const result = await signIn(database.db, {
			username: `  ${user.username.toUpperCase()} `,
			password: TEST_PASSWORD,
			ip: freshIp(),
			now: T0
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.user).toEqual(user);
		const validation = await validateSessionToken(database.db, result.token, seconds(60));
		expect(validation?.user.id).toBe(user.id);
	});

	it('says only “invalid” for a wrong password or an unknown username', async () => {
		const ip = freshIp();
		expect(await attempt('wrong password', T0, ip)).toEqual({ ok: false, reason: 'invalid' });
		expect(await attempt(TEST_PASSWORD, T0, ip, uniqueName('nobody'))).toEqual({ ok: false, reason: 'invalid' });
		await clearThrottle();
	});

	it('refuses a disabled account even with the right password', async () => {
		const disabled = await addUser(database.db, { disabled: true });
		const result = await attempt(TEST_PASSWORD, T0, freshIp(), disabled.username);
		expect(result).toEqual({ ok: false, reason: 'invalid' });
	});

	it('lets the first failures go free, then makes each wait longer, and the wait runs out', async () => {
		await clearThrottle();
		const ip = freshIp();
		for (let i = 0; i < 3; i++) expect(reasonOf(await attempt('wrong', T0, ip))).toBe('invalid');

		// Three failures: 5 seconds. Even the right password is refused while blocked.
		expect(await attempt(TEST_PASSWORD, T0, ip)).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 5 });
		expect(await attempt(TEST_PASSWORD, seconds(4), ip)).toEqual({
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: 1
		});

		// Fourth failure once the wait is over: 10 seconds.
		expect(reasonOf(await attempt('wrong', seconds(5), ip))).toBe('invalid');
		expect(await attempt(TEST_PASSWORD, seconds(5), ip)).toEqual({
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: 10
		});

		// Fifth: 20 seconds.
		expect(reasonOf(await attempt('wrong', seconds(15), ip))).toBe('invalid');
		expect(await attempt(TEST_PASSWORD, seconds(15), ip)).toEqual({
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: 20
		});
		expect((await throttleRow(user.username))?.failures).toBe(5);

		// The wait runs out and the right password works.
		expect(reasonOf(await attempt(TEST_PASSWORD, seconds(35), ip))).toBe('ok');
	});

	it('throttles a username that does not exist the same way', async () => {
		const ip = freshIp();
		const ghost = uniqueName('ghost');
		for (let i = 0; i < 3; i++) expect(reasonOf(await attempt('wrong', T0, ip, ghost))).toBe('invalid');
		expect(await attempt('wrong', T0, ip, ghost)).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 5 });
	});

	it('keeps an account blocked across a restart', async () => {
		await clearThrottle();
		const ip = freshIp();
		for (let i = 0; i < 3; i++) expect(reasonOf(await attempt('wrong', T0, ip))).toBe('invalid');

		// A restart: fresh copies of the modules (so no state kept in memory) and a new connection.
		vi.resetModules();
		const fresh = await import('$lib/server/auth/sign-in.service');
		const result = await fresh.signIn(database.open(), {
			username: user.username,
			password: TEST_PASSWORD,
			ip,
			now: seconds(1)
		});
		expect(result).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 4 });
	});

	it('forgets failures after a successful sign-in', async () => {
		await clearThrottle();
		const ip = freshIp();
		expect(reasonOf(await attempt('wrong', T0, ip))).toBe('invalid');
		expect(reasonOf(await attempt('wrong', T0, ip))).toBe('invalid');
		expect((await throttleRow(user.username))?.failures).toBe(2);

		expect(reasonOf(await attempt(TEST_PASSWORD, T0, ip))).toBe('ok');
		expect(await throttleRow(user.username)).toBeUndefined();

		// Had the two failures been kept, the third here would block the fourth attempt.
		for (let i = 0; i < 2; i++) expect(reasonOf(await attempt('wrong', T0, ip))).toBe('invalid');
		expect(reasonOf(await attempt(TEST_PASSWORD, T0, ip))).toBe('ok');
	});

	it('forgets failures a day old', async () => {
		await clearThrottle();
		const ip = freshIp();
		for (let i = 0; i < 3; i++) expect(reasonOf(await attempt('wrong', T0, ip))).toBe('invalid');
		const nextDay = seconds(24 * 60 * 60 + 1);
		expect(reasonOf(await attempt('wrong', nextDay, ip))).toBe('invalid');
		expect((await throttleRow(user.username))?.failures).toBe(1);
		expect(reasonOf(await attempt(TEST_PASSWORD, nextDay, ip))).toBe('ok');
	});

	it('limits attempts per IP address, refilling over time, without touching other addresses', async () => {
		await clearThrottle();
		const { capacity, refillPerSecond } = SIGN_IN_IP_POLICY;
		const ip = freshIp();
		const ghost = uniqueName('ghost');
		// Guesses at a made-up account use up the address's tokens. After a few, the per-account
		// throttle turns them away before any password hashing, which keeps this test quick.
		const guess = async (count: number, now: Date) => {
			for (let i = 0; i < count; i++) {
				expect(['invalid', 'throttled']).toContain(reasonOf(await attempt('wrong', now, ip, ghost)));
			}
		};

		await guess(capacity - 1, T0);
		expect(reasonOf(await attempt(TEST_PASSWORD, T0, ip))).toBe('ok');

		// The bucket is empty; one token comes back after 1 / refillPerSecond seconds.
		const retryAfter = Math.ceil(1 / refillPerSecond);
		expect(await attempt(TEST_PASSWORD, T0, ip)).toEqual({
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: retryAfter
		});
		// The account itself has no failures: this refusal came from the address.
		expect(await throttleRow(user.username)).toBeUndefined();
		expect(reasonOf(await attempt(TEST_PASSWORD, T0, freshIp()))).toBe('ok');

		// One token has come back after the wait, and only one.
		expect(reasonOf(await attempt(TEST_PASSWORD, seconds(retryAfter), ip))).toBe('ok');
		expect(reasonOf(await attempt(TEST_PASSWORD, seconds(retryAfter), ip))).toBe('throttled');

		// A long rest fills the bucket to its capacity and no further.
		const rested = seconds(retryAfter + (10 * capacity) / refillPerSecond);
		await guess(capacity - 1, rested);
		expect(reasonOf(await attempt(TEST_PASSWORD, rested, ip))).toBe('ok');
		expect(reasonOf(await attempt(TEST_PASSWORD, rested, ip))).toBe('throttled');
	});

	describe('a hash made with weaker settings than today’s', () => {
		const PASSWORD = 'an older password, kept';

		/** A user whose stored hash is argon2id with 8 MiB and 1 pass, as an older version might have made. */
		async function addUserWithWeakHash(): Promise<{ id: string; username: string; weakHash: string }> {
			const weakHash = await hash(PASSWORD, { algorithm: 2, memoryCost: 8192, timeCost: 1, parallelism: 1 });
			expect(weakHash).toContain('$m=8192,t=1,p=1$');
			const row = {
				id: newId(),
				username: uniqueName('older'),
				display_name: 'Test Person',
				role: 'parent_carer' as const,
				password_hash: weakHash,
				created_at: toTimestamp(T0),
				disabled_at: null
			};
			await insertUser(database.db, row);
			return { id: row.id, username: row.username, weakHash };
		}

		const storedHash = async (id: string) => (await findUserById(database.db, id))?.password_hash;

		it('is redone with today’s settings when the person signs in, and still verifies', async () => {
			const older = await addUserWithWeakHash();
			const ip = freshIp();

			// A wrong password never touches the stored hash.
			expect(reasonOf(await attempt('not the password', T0, ip, older.username))).toBe('invalid');
			expect(await storedHash(older.id)).toBe(older.weakHash);

			expect(reasonOf(await attempt(PASSWORD, T0, ip, older.username))).toBe('ok');
			const upgraded = await storedHash(older.id);
			expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
			expect(await verifyPassword(upgraded!, PASSWORD)).toBe(true);
			expect(await verifyPassword(upgraded!, 'not the password')).toBe(false);

			// Once upgraded, a sign-in leaves it alone.
			expect(reasonOf(await attempt(PASSWORD, T0, ip, older.username))).toBe('ok');
			expect(await storedHash(older.id)).toBe(upgraded);
			await clearThrottle();
		});

		it('does not stop the sign-in when the new hash cannot be stored, and says so in the log', async () => {
			const older = await addUserWithWeakHash();
			const id = sql.lit(older.id);
			// Make the database refuse to change this one user's hash, as a failing write would.
			if (database.dialect === 'sqlite') {
				await sql`CREATE TRIGGER refuse_rehash BEFORE UPDATE OF password_hash ON app_user
					WHEN OLD.id = ${id} BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`.execute(database.db);
			} else {
				await sql`CREATE FUNCTION refuse_rehash() RETURNS trigger LANGUAGE plpgsql AS
					$$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`.execute(database.db);
				await sql`CREATE TRIGGER refuse_rehash BEFORE UPDATE OF password_hash ON app_user
					FOR EACH ROW WHEN (OLD.id = ${id}) EXECUTE FUNCTION refuse_rehash()`.execute(database.db);
			}
			const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
			try {
				const result = await attempt(PASSWORD, T0, freshIp(), older.username);
				expect(reasonOf(result)).toBe('ok');
				expect(logged).toHaveBeenCalledWith(expect.stringContaining(older.id), expect.anything());
				expect(await storedHash(older.id)).toBe(older.weakHash);
				if (result.ok) expect((await validateSessionToken(database.db, result.token, T0))?.user.id).toBe(older.id);
			} finally {
				logged.mockRestore();
				if (database.dialect === 'sqlite') {
					await sql`DROP TRIGGER refuse_rehash`.execute(database.db);
				} else {
					await sql`DROP TRIGGER refuse_rehash ON app_user`.execute(database.db);
					await sql`DROP FUNCTION refuse_rehash()`.execute(database.db);
				}
			}
		});
	});
});
