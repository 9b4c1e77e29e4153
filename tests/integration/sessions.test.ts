import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAMILY_LIMITS } from '$lib/server/auth/session-policy';
import {
	createSession,
	invalidateSession,
	invalidateUserSessions,
	validateSessionToken
} from '$lib/server/auth/session.service';
import type { User } from '$lib/server/users/users.service';
import { describeEachDatabase } from './support/databases';
import { addUser } from './support/fixtures';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** A family session's 30 days unused. */
const SESSION_LIFETIME_MS = FAMILY_LIMITS.idleMs;
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
		const { token, session } = await createSession(database.db, user, T0);
		const [id, secret, ...rest] = token.split('.');
		expect(rest).toEqual([]);
		expect(id).toMatch(PART);
		expect(secret).toMatch(PART);
		expect(session).toEqual({
			id,
			userId: user.id,
			expiresAt: at(SESSION_LIFETIME_MS),
			extendable: true,
			idlesOut: false,
			secondFactorPending: null
		});

		const row = await sessionRow(id!);
		expect(row?.secret_hash).toBe(createHash('sha256').update(secret!).digest('hex'));
		expect(JSON.stringify(row)).not.toContain(secret);
		expect(row?.expires_at).toBe(at(SESSION_LIFETIME_MS).toISOString());
	});

	it('makes a different token every time', async () => {
		const a = await createSession(database.db, user, T0);
		const b = await createSession(database.db, user, T0);
		const [idA, secretA] = a.token.split('.');
		const [idB, secretB] = b.token.split('.');
		expect(idA).not.toBe(idB);
		expect(secretA).not.toBe(secretB);
	});

	it('validates a good token and returns the person without their password hash', async () => {
		const { token, session } = await createSession(database.db, user, T0);
		const result = await validateSessionToken(database.db, token, at(DAY_MS));
		expect(result).toEqual({ session: { ...session, expiresAt: at(DAY_MS + SESSION_LIFETIME_MS) }, user, touched: true });
		expect(result?.user).not.toHaveProperty('password_hash');
	});

	it('refuses the right id with a wrong secret', async () => {
		const { token } = await createSession(database.db, user, T0);
		const [id, secret] = token.split('.') as [string, string];
		const wrongSecret = (secret[0] === 'a' ? 'b' : 'a') + secret.slice(1);
		expect(await validateSessionToken(database.db, `${id}.${wrongSecret}`, at(DAY_MS))).toBeNull();
		// A guess does not log the real session out.
		expect(await validateSessionToken(database.db, token, at(DAY_MS))).not.toBeNull();
	});

	it('refuses malformed tokens', async () => {
		const { token } = await createSession(database.db, user, T0);
		const [id] = token.split('.') as [string];
		for (const bad of ['', id, `${id}.`, `.${id}`, `${token}.extra`, `${id}.${'a'.repeat(100)}`]) {
			expect(await validateSessionToken(database.db, bad, at(DAY_MS))).toBeNull();
		}
	});

	it('deletes and refuses an expired session', async () => {
		const live = await createSession(database.db, user, T0);
		expect(await validateSessionToken(database.db, live.token, at(SESSION_LIFETIME_MS - 1000))).not.toBeNull();

		const { token, session } = await createSession(database.db, user, T0);
		expect(await validateSessionToken(database.db, token, at(SESSION_LIFETIME_MS))).toBeNull();
		expect(await sessionRow(session.id)).toBeUndefined();
	});

	it('slides a family session: 29 days unused is fine, and each use moves the end 30 days on', async () => {
		const { token, session } = await createSession(database.db, user, T0);

		const late = await validateSessionToken(database.db, token, at(29 * DAY_MS));
		const extended = at(29 * DAY_MS + SESSION_LIFETIME_MS);
		expect(late?.session.expiresAt).toEqual(extended);
		expect(late?.touched).toBe(true);
		expect((await sessionRow(session.id))?.expires_at).toBe(extended.toISOString());
		expect((await sessionRow(session.id))?.last_used_at).toBe(at(29 * DAY_MS).toISOString());

		// Still valid after the first 30 days, because it was used.
		expect(await validateSessionToken(database.db, token, at(SESSION_LIFETIME_MS + DAY_MS))).not.toBeNull();
	});

	it('writes a use down at most once a minute', async () => {
		const { token, session } = await createSession(database.db, user, T0);
		const soon = await validateSessionToken(database.db, token, at(MINUTE_MS - 1));
		expect(soon?.touched).toBe(false);
		expect(soon?.session.expiresAt).toEqual(at(SESSION_LIFETIME_MS));
		expect((await sessionRow(session.id))?.last_used_at).toBe(T0.toISOString());

		const minute = await validateSessionToken(database.db, token, at(MINUTE_MS));
		expect(minute?.touched).toBe(true);
		expect((await sessionRow(session.id))?.last_used_at).toBe(at(MINUTE_MS).toISOString());
	});

	it('ends a family session 90 days after sign-in, however much it is used', async () => {
		const { token, session } = await createSession(database.db, user, T0);
		for (let day = 20; day < 90; day += 20) expect(await validateSessionToken(database.db, token, at(day * DAY_MS))).not.toBeNull();
		const last = await validateSessionToken(database.db, token, at(89 * DAY_MS));
		expect(last?.session).toMatchObject({ expiresAt: at(90 * DAY_MS), extendable: false });
		expect(await validateSessionToken(database.db, token, at(90 * DAY_MS))).toBeNull();
		expect(await sessionRow(session.id)).toBeUndefined();
	});

	describe.each(['worker', 'manager', 'admin'] as const)('a %s’s session', (role) => {
		let staff: User;
		beforeAll(async () => {
			staff = await addUser(database.db, { role, password: false });
		});

		it('is fine after 29:59 unused and gone after 30:01', async () => {
			const kept = await createSession(database.db, staff, T0);
			expect(kept.session).toMatchObject({ expiresAt: at(30 * MINUTE_MS), extendable: true, idlesOut: true });
			const fine = await validateSessionToken(database.db, kept.token, at(30 * MINUTE_MS - 1000));
			expect(fine?.session.expiresAt).toEqual(at(60 * MINUTE_MS - 1000));

			const idle = await createSession(database.db, staff, T0);
			expect(await validateSessionToken(database.db, idle.token, at(30 * MINUTE_MS + 1000))).toBeNull();
			expect(await sessionRow(idle.session.id)).toBeUndefined();
		});

		it('is fine at 11:59 with use all along and gone at 12:01 even so', async () => {
			const { token, session } = await createSession(database.db, staff, T0);
			for (let minute = 20; minute < 12 * 60; minute += 20) {
				expect(await validateSessionToken(database.db, token, at(minute * MINUTE_MS)), `at ${minute} minutes`).not.toBeNull();
			}
			const late = await validateSessionToken(database.db, token, at(11 * HOUR_MS + 59 * MINUTE_MS));
			// The last half hour: using it no longer moves the end, so the warning cannot offer more time.
			expect(late?.session).toMatchObject({ expiresAt: at(12 * HOUR_MS), extendable: false });
			expect(await validateSessionToken(database.db, token, at(12 * HOUR_MS + MINUTE_MS))).toBeNull();
			expect(await sessionRow(session.id)).toBeUndefined();
		});

		it('takes a test server’s longer idle limit only when given one', async () => {
			const { token } = await createSession(database.db, staff, T0, 24 * HOUR_MS);
			expect(await validateSessionToken(database.db, token, at(2 * HOUR_MS), 24 * HOUR_MS)).not.toBeNull();
			const normal = await createSession(database.db, staff, T0, 24 * HOUR_MS);
			expect(await validateSessionToken(database.db, normal.token, at(2 * HOUR_MS), undefined)).toBeNull();
		});
	});

	it('deletes the session on sign-out', async () => {
		const { token, session } = await createSession(database.db, user, T0);
		await invalidateSession(database.db, session.id);
		expect(await sessionRow(session.id)).toBeUndefined();
		expect(await validateSessionToken(database.db, token, at(DAY_MS))).toBeNull();
	});

	it('ends every session of one person and no one else’s', async () => {
		const other = await addUser(database.db, { password: false });
		const person = await addUser(database.db, { password: false });
		const mine = [await createSession(database.db, person, T0), await createSession(database.db, person, T0)];
		const theirs = await createSession(database.db, other, T0);
		expect(await invalidateUserSessions(database.db, person.id)).toBe(2);
		for (const { token } of mine) expect(await validateSessionToken(database.db, token, at(DAY_MS))).toBeNull();
		expect(await validateSessionToken(database.db, theirs.token, at(DAY_MS))).not.toBeNull();
	});

	it('ends every other session of one person and keeps the one named (a password change)', async () => {
		const person = await addUser(database.db, { password: false });
		const here = await createSession(database.db, person, T0);
		const elsewhere = [await createSession(database.db, person, T0), await createSession(database.db, person, T0)];
		expect(await invalidateUserSessions(database.db, person.id, { except: here.session.id })).toBe(2);
		for (const { token } of elsewhere) expect(await validateSessionToken(database.db, token, at(DAY_MS))).toBeNull();
		expect(await validateSessionToken(database.db, here.token, at(DAY_MS))).not.toBeNull();
	});

	it('refuses and deletes the session of a disabled account', async () => {
		const disabled = await addUser(database.db, { password: false });
		const { token, session } = await createSession(database.db, disabled, T0);
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
