import { createHash } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import {
	SESSION_LIFETIME_MS,
	createSession,
	invalidateSession,
	invalidateUserSessions,
	validateSessionToken
} from '$lib/server/auth/session.service';
import type { User } from '$lib/server/users/users.service';
import { describeEachDatabase } from './support/databases';
import { addUser } from './support/fixtures';

const DAY_MS = 24 * 60 * 60 * 1000;
const T0 = new Date('2026-03-01T09:00:00.000Z');
/** 20 random bytes in lower-case base32 without padding: 32 characters. */
const PART = /^[a-z2-7]{32}$/;

function at(offsetMs: number): Date {
	return new Date(T0.getTime() + offsetMs);
}

describeEachDatabase('sessions', (database) => {
	let user: User;

	beforeAll(async () => {
		user = await addUser(database.db, { password: false });
	});

	async function sessionRow(id: string) {
		return database.db.selectFrom('user_session').selectAll().where('id', '=', id).executeTakeFirst();
	}

	it('makes a token of two random parts and stores only a SHA-256 of the secret', async () => {
		const { token, session } = await createSession(database.db, user.id, T0);
		const [id, secret, ...rest] = token.split('.');
		expect(rest).toEqual([]);
		expect(id).toMatch(PART);
		expect(secret).toMatch(PART);
		expect(session).toEqual({ id, userId: user.id, expiresAt: at(SESSION_LIFETIME_MS) });

		const row = await sessionRow(id!);
		expect(row?.secret_hash).toBe(createHash('sha256').update(secret!).digest('hex'));
		expect(JSON.stringify(row)).not.toContain(secret);
		expect(row?.expires_at).toBe(at(SESSION_LIFETIME_MS).toISOString());
	});

	it('makes a different token every time', async () => {
		const a = await createSession(database.db, user.id, T0);
		const b = await createSession(database.db, user.id, T0);
		const [idA, secretA] = a.token.split('.');
		const [idB, secretB] = b.token.split('.');
		expect(idA).not.toBe(idB);
		expect(secretA).not.toBe(secretB);
	});

	it('validates a good token and returns the person without their password hash', async () => {
		const { token, session } = await createSession(database.db, user.id, T0);
		const result = await validateSessionToken(database.db, token, at(DAY_MS));
		expect(result).toEqual({ session, user, renewed: false });
		expect(result?.user).not.toHaveProperty('password_hash');
	});

	it('refuses the right id with a wrong secret', async () => {
		const { token } = await createSession(database.db, user.id, T0);
		const [id, secret] = token.split('.') as [string, string];
		const wrongSecret = (secret[0] === 'a' ? 'b' : 'a') + secret.slice(1);
		expect(await validateSessionToken(database.db, `${id}.${wrongSecret}`, at(DAY_MS))).toBeNull();
		// A guess does not log the real session out.
		expect(await validateSessionToken(database.db, token, at(DAY_MS))).not.toBeNull();
	});

	it('refuses malformed tokens', async () => {
		const { token } = await createSession(database.db, user.id, T0);
		const [id] = token.split('.') as [string];
		for (const bad of ['', id, `${id}.`, `.${id}`, `${token}.extra`, `${id}.${'a'.repeat(100)}`]) {
			expect(await validateSessionToken(database.db, bad, at(DAY_MS))).toBeNull();
		}
	});

	it('deletes and refuses an expired session', async () => {
		const live = await createSession(database.db, user.id, T0);
		expect(await validateSessionToken(database.db, live.token, at(SESSION_LIFETIME_MS - 1000))).not.toBeNull();

		const { token, session } = await createSession(database.db, user.id, T0);
		expect(await validateSessionToken(database.db, token, at(SESSION_LIFETIME_MS))).toBeNull();
		expect(await sessionRow(session.id)).toBeUndefined();
	});

	it('extends a session used in the second half of its life, and not one used in the first', async () => {
		const { token, session } = await createSession(database.db, user.id, T0);

		const early = await validateSessionToken(database.db, token, at(10 * DAY_MS));
		expect(early?.session.expiresAt).toEqual(at(SESSION_LIFETIME_MS));
		expect(early?.renewed).toBe(false);
		expect((await sessionRow(session.id))?.expires_at).toBe(at(SESSION_LIFETIME_MS).toISOString());

		const late = await validateSessionToken(database.db, token, at(20 * DAY_MS));
		const extended = at(20 * DAY_MS + SESSION_LIFETIME_MS);
		expect(late?.session.expiresAt).toEqual(extended);
		expect(late?.renewed).toBe(true);
		expect((await sessionRow(session.id))?.expires_at).toBe(extended.toISOString());

		// Still valid after the original expiry, because it was extended.
		expect(await validateSessionToken(database.db, token, at(SESSION_LIFETIME_MS + DAY_MS))).not.toBeNull();
	});

	it('deletes the session on sign-out', async () => {
		const { token, session } = await createSession(database.db, user.id, T0);
		await invalidateSession(database.db, session.id);
		expect(await sessionRow(session.id)).toBeUndefined();
		expect(await validateSessionToken(database.db, token, at(DAY_MS))).toBeNull();
	});

	it('ends every session of one person and no one else’s', async () => {
		const other = await addUser(database.db, { password: false });
		const mine = [await createSession(database.db, user.id, T0), await createSession(database.db, user.id, T0)];
		const theirs = await createSession(database.db, other.id, T0);
		await invalidateUserSessions(database.db, user.id);
		for (const { token } of mine) expect(await validateSessionToken(database.db, token, at(DAY_MS))).toBeNull();
		expect(await validateSessionToken(database.db, theirs.token, at(DAY_MS))).not.toBeNull();
	});

	it('refuses and deletes the session of a disabled account', async () => {
		const disabled = await addUser(database.db, { password: false });
		const { token, session } = await createSession(database.db, disabled.id, T0);
		expect(await validateSessionToken(database.db, token, at(DAY_MS))).not.toBeNull();

		await database.db
			.updateTable('app_user')
			.set({ disabled_at: at(DAY_MS).toISOString() })
			.where('id', '=', disabled.id)
			.execute();
		expect(await validateSessionToken(database.db, token, at(2 * DAY_MS))).toBeNull();
		expect(await sessionRow(session.id)).toBeUndefined();
	});
});
