import { beforeAll, expect, it } from 'vitest';
import { PasswordChangeError, changePassword } from '$lib/server/auth/password-change.service';
import { PasswordRejectedError } from '$lib/server/auth/password-policy';
import { PASSWORD_RESET_LIFETIME_HOURS, PasswordResetError, createPasswordReset, resetPassword } from '$lib/server/auth/password-reset.service';
import { completeSecondFactor, createSession, validateSessionToken } from '$lib/server/auth/session.service';
import { signIn } from '$lib/server/auth/sign-in.service';
import { decodeTotpSecret, totpCode, totpStep } from '$lib/server/auth/totp';
import {
	RECOVERY_CODE_COUNT,
	TwoFactorError,
	disableTotp,
	enableTotp,
	regenerateRecoveryCodes,
	resetSecondFactor,
	totpSetup,
	twoFactorStatus,
	verifySecondFactor
} from '$lib/server/auth/two-factor.service';
import type { Role } from '$lib/server/db/schema';
import type { User } from '$lib/server/users/users.service';
import { describeEachDatabase } from './support/databases';
import { TEST_PASSWORD, addFamily, addMember, addUser, rejection } from './support/fixtures';

// The second factor, password change and password reset against a real database, with the clock
// set by the test: each TOTP step is 30 s, so `at(30)` is the next code.

const T0 = new Date('2026-11-24T09:00:05.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const NEW_PASSWORD = 'a brand new kettle on the hob';

function codeOf(error: unknown): string {
	if (error instanceof TwoFactorError || error instanceof PasswordChangeError || error instanceof PasswordResetError) return error.code;
	if (error instanceof PasswordRejectedError) return error.key;
	throw error;
}

describeEachDatabase('second factor, password change and reset', (database) => {
	let ipCount = 0;
	const freshIp = () => `198.51.100.${++ipCount}`;

	/** A person with sign-in codes on, set up at T0 - 60 s; returns their key. */
	async function withTotp(role: Role = 'worker'): Promise<{ user: User; key: Uint8Array; recovery: string[] }> {
		const user = await addUser(database.db, { role });
		const setup = totpSetup(user.username);
		const key = decodeTotpSecret(setup.secret) as Uint8Array;
		const recovery = await enableTotp(database.db, user.id, setup.secret, totpCode(key, at(-60)), at(-60));
		return { user, key, recovery };
	}

	async function sessionIsLive(token: string, now = T0): Promise<boolean> {
		return (await validateSessionToken(database.db, token, now)) !== null;
	}

	it('sets up codes only with a right first code, then gives ten single-use recovery codes', async () => {
		const user = await addUser(database.db, { role: 'worker' });
		const setup = totpSetup(user.username);
		const key = decodeTotpSecret(setup.secret) as Uint8Array;
		expect(setup.uri).toContain(`secret=${setup.secret}`);
		expect(setup.qr.length).toBeGreaterThan(20);

		const wrong = totpCode(key, at(300));
		expect(codeOf(await rejection(enableTotp(database.db, user.id, setup.secret, wrong, T0)))).toBe('invalid_code');
		expect(codeOf(await rejection(enableTotp(database.db, user.id, 'not base32!', totpCode(key, T0), T0)))).toBe('invalid_setup');
		expect((await twoFactorStatus(database.db, user)).enabled).toBe(false);

		const recovery = await enableTotp(database.db, user.id, setup.secret, totpCode(key, T0), T0);
		expect(recovery).toHaveLength(RECOVERY_CODE_COUNT);
		expect(new Set(recovery).size).toBe(RECOVERY_CODE_COUNT);
		expect(await twoFactorStatus(database.db, user)).toEqual({ enabled: true, required: true, recoveryCodesLeft: 10 });
		// Only hashes are stored.
		const stored = await database.db.selectFrom('recovery_code').select('code_hash').where('user_id', '=', user.id).execute();
		for (const code of recovery) expect(JSON.stringify(stored)).not.toContain(code.replaceAll('-', ''));
		// The first code cannot be used again to sign in.
		expect(codeOf(await rejection(verifySecondFactor(database.db, user.id, totpCode(key, T0), T0)))).toBe('invalid_code');
	});

	it('accepts a code from one step either side of now, and not two', async () => {
		const { user, key } = await withTotp();
		expect(codeOf(await rejection(verifySecondFactor(database.db, user.id, totpCode(key, at(-60)), T0)))).toBe('invalid_code');
		expect(codeOf(await rejection(verifySecondFactor(database.db, user.id, totpCode(key, at(60)), T0)))).toBe('invalid_code');
		expect(await verifySecondFactor(database.db, user.id, totpCode(key, at(-30)), T0)).toBe('totp');
		expect(await verifySecondFactor(database.db, user.id, totpCode(key, T0), T0)).toBe('totp');
		expect(await verifySecondFactor(database.db, user.id, totpCode(key, at(30)), T0)).toBe('totp');
	});

	it('refuses a code whose step was already used, and any earlier step, even inside its window', async () => {
		const { user, key } = await withTotp();
		const now = totpCode(key, T0);
		expect(await verifySecondFactor(database.db, user.id, now, T0)).toBe('totp');
		expect(codeOf(await rejection(verifySecondFactor(database.db, user.id, now, at(10))))).toBe('invalid_code');
		// The step before is still inside the window, but came before the one used.
		expect(codeOf(await rejection(verifySecondFactor(database.db, user.id, totpCode(key, at(-30)), at(10))))).toBe('invalid_code');
		const row = await database.db.selectFrom('user_totp').select('last_used_step').where('user_id', '=', user.id).executeTakeFirstOrThrow();
		expect(Number(row.last_used_step)).toBe(totpStep(T0));
		// Two requests with the same fresh code at once: exactly one wins.
		const next = totpCode(key, at(30));
		const results = await Promise.allSettled([
			verifySecondFactor(database.db, user.id, next, at(30)),
			verifySecondFactor(database.db, user.id, next, at(30))
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
	});

	it('throttles wrong codes: three free, then a wait in which even the right code is refused', async () => {
		const { user, key } = await withTotp();
		for (let i = 0; i < 3; i++) {
			expect(codeOf(await rejection(verifySecondFactor(database.db, user.id, '000000', at(i))))).toBe('invalid_code');
		}
		const throttled = await rejection(verifySecondFactor(database.db, user.id, totpCode(key, at(3)), at(3)));
		expect(codeOf(throttled)).toBe('throttled');
		expect((throttled as TwoFactorError).retryAfterSeconds).toBeGreaterThan(0);
		// After the wait, the right code works and the count starts again.
		expect(await verifySecondFactor(database.db, user.id, totpCode(key, at(40)), at(40))).toBe('totp');
		expect(codeOf(await rejection(verifySecondFactor(database.db, user.id, '000000', at(41))))).toBe('invalid_code');
	});

	it('takes each recovery code once, however it is typed; new ones end the old set', async () => {
		const { user, key, recovery } = await withTotp();
		const [first, second] = recovery as [string, string];
		expect(await verifySecondFactor(database.db, user.id, first.toLowerCase().replaceAll('-', ' '), T0)).toBe('recovery');
		expect(codeOf(await rejection(verifySecondFactor(database.db, user.id, first, T0)))).toBe('invalid_code');
		expect((await twoFactorStatus(database.db, user)).recoveryCodesLeft).toBe(9);

		const fresh = await regenerateRecoveryCodes(database.db, user.id, totpCode(key, T0), T0);
		expect(fresh).toHaveLength(RECOVERY_CODE_COUNT);
		expect(fresh).not.toContain(second);
		expect(codeOf(await rejection(verifySecondFactor(database.db, user.id, second, at(1))))).toBe('invalid_code');
		expect(await verifySecondFactor(database.db, user.id, fresh[0] as string, at(2))).toBe('recovery');
	});

	it('lets a family member turn codes off with a current code, but never staff', async () => {
		const family = await withTotp('parent_carer');
		expect(codeOf(await rejection(disableTotp(database.db, family.user, '000000', T0)))).toBe('invalid_code');
		await disableTotp(database.db, family.user, totpCode(family.key, T0), T0);
		expect(await twoFactorStatus(database.db, family.user)).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });

		const staff = await withTotp('manager');
		expect(codeOf(await rejection(disableTotp(database.db, staff.user, totpCode(staff.key, T0), T0)))).toBe('required');
		expect((await twoFactorStatus(database.db, staff.user)).enabled).toBe(true);
	});

	it('makes sign-in sessions owe the second factor: staff always, family members only with codes on', async () => {
		const ip = freshIp();
		const staffWithout = await addUser(database.db, { role: 'worker' });
		const staffWith = await withTotp('admin');
		const familyWithout = await addUser(database.db, { role: 'young_person' });
		const familyWith = await withTotp('parent_carer');
		const signInAs = async (user: User) => {
			const result = await signIn(database.db, { username: user.username, password: TEST_PASSWORD, ip, now: T0 });
			if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
			return result;
		};
		expect((await signInAs(staffWithout)).secondFactor).toBe('setup');
		expect((await signInAs(familyWithout)).secondFactor).toBeNull();
		expect((await signInAs(familyWith.user)).secondFactor).toBe('code');

		const signedIn = await signInAs(staffWith.user);
		expect(signedIn.secondFactor).toBe('code');
		const before = await validateSessionToken(database.db, signedIn.token, T0);
		expect(before?.session.secondFactorPending).toBe('code');
		await verifySecondFactor(database.db, staffWith.user.id, totpCode(staffWith.key, T0), T0);
		await completeSecondFactor(database.db, before!.session.id);
		expect((await validateSessionToken(database.db, signedIn.token, T0))?.session.secondFactorPending).toBeNull();
	});

	it('ends every session of a member of staff whose codes the administrator turns off', async () => {
		const { user } = await withTotp();
		const sessions = [
			await createSession(database.db, { id: user.id, role: 'worker' }, T0, undefined, { twoFactorVerified: true }),
			await createSession(database.db, { id: user.id, role: 'worker' }, T0)
		];
		const bystander = await withTotp();
		const theirs = await createSession(database.db, { id: bystander.user.id, role: 'worker' }, T0, undefined, { twoFactorVerified: true });
		await resetSecondFactor(database.db, user.id);
		for (const { token } of sessions) expect(await sessionIsLive(token)).toBe(false);
		expect(await sessionIsLive(theirs.token)).toBe(true);
		expect((await twoFactorStatus(database.db, user)).enabled).toBe(false);
		expect(await database.db.selectFrom('recovery_code').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
		// Signing in again leads to setting codes up afresh.
		const again = await signIn(database.db, { username: user.username, password: TEST_PASSWORD, ip: freshIp(), now: T0 });
		expect(again.ok && again.secondFactor).toBe('setup');
	});

	it('changes a password after the current one, ending every other session of the person only', async () => {
		const user = await addUser(database.db);
		const here = await createSession(database.db, { id: user.id, role: user.role }, T0);
		const elsewhere = await createSession(database.db, { id: user.id, role: user.role }, T0);
		const other = await addUser(database.db);
		const theirs = await createSession(database.db, { id: other.id, role: other.role }, T0);
		const change = (currentPassword: string, newPassword: string, now = T0) =>
			changePassword(database.db, { userId: user.id, sessionId: here.session.id, currentPassword, newPassword }, now);

		expect(codeOf(await rejection(change('not my password', NEW_PASSWORD)))).toBe('wrong_password');
		expect(codeOf(await rejection(change(TEST_PASSWORD, 'password')))).toBe('common:validation.password.too_common');
		expect(await sessionIsLive(elsewhere.token)).toBe(true);

		await change(TEST_PASSWORD, NEW_PASSWORD, at(1));
		expect(await sessionIsLive(here.token)).toBe(true);
		expect(await sessionIsLive(elsewhere.token)).toBe(false);
		expect(await sessionIsLive(theirs.token)).toBe(true);
		const ip = freshIp();
		expect((await signIn(database.db, { username: user.username, password: TEST_PASSWORD, ip, now: at(2) })).ok).toBe(false);
		expect((await signIn(database.db, { username: user.username, password: NEW_PASSWORD, ip, now: at(3) })).ok).toBe(true);
	});

	it('throttles guesses at the current password', async () => {
		const user = await addUser(database.db);
		const here = await createSession(database.db, { id: user.id, role: user.role }, T0);
		const change = (currentPassword: string, now: Date) =>
			changePassword(database.db, { userId: user.id, sessionId: here.session.id, currentPassword, newPassword: NEW_PASSWORD }, now);
		for (let i = 0; i < 3; i++) expect(codeOf(await rejection(change('guess', at(i))))).toBe('wrong_password');
		expect(codeOf(await rejection(change(TEST_PASSWORD, at(3))))).toBe('throttled');
	});

	it('resets a family member\'s password with a one-time code from their worker, ending every session and any codes', async () => {
		const family = await addFamily(database.db);
		const { user, key } = await withTotp('parent_carer');
		const memberId = await addMember(database.db, family.id, { userId: user.id });
		const lead = await addUser(database.db, { role: 'worker' });
		const sessions = [
			await createSession(database.db, { id: user.id, role: user.role }, T0),
			await createSession(database.db, { id: user.id, role: user.role }, T0, undefined, { twoFactorVerified: true })
		];
		const { code, username, expiresAt } = await createPasswordReset(database.db, { familyId: family.id, memberId }, lead.id, T0);
		expect(username).toBe(user.username);
		expect(expiresAt).toEqual(at(PASSWORD_RESET_LIFETIME_HOURS * 3600));
		const stored = await database.db.selectFrom('password_reset').selectAll().where('user_id', '=', user.id).execute();
		expect(JSON.stringify(stored)).not.toContain(code.replaceAll('-', ''));

		const reset = (input: { username?: string; code?: string; password?: string }, now = at(60)) =>
			resetPassword(database.db, { username: input.username ?? user.username, code: input.code ?? code, password: input.password ?? NEW_PASSWORD, ip: freshIp() }, now);

		// The code is bound to its username, and the password policy still applies.
		const stranger = await addUser(database.db);
		expect(codeOf(await rejection(reset({ username: stranger.username })))).toBe('invalid_code');
		expect(codeOf(await rejection(reset({ password: 'password' })))).toBe('common:validation.password.too_common');
		for (const { token } of sessions) expect(await sessionIsLive(token)).toBe(true);

		await reset({ username: ` ${user.username.toUpperCase()} `, code: code.toLowerCase() });
		for (const { token } of sessions) expect(await sessionIsLive(token, at(61))).toBe(false);
		expect((await twoFactorStatus(database.db, user)).enabled).toBe(false);
		expect(key.length).toBe(20);
		// Used once: a second go is refused, and the new password signs in without a code.
		expect(codeOf(await rejection(reset({ password: 'another fine long phrase' }, at(120))))).toBe('invalid_code');
		const signedIn = await signIn(database.db, { username: user.username, password: NEW_PASSWORD, ip: freshIp(), now: at(130) });
		expect(signedIn.ok && signedIn.secondFactor).toBeNull();
	});

	it('lets a reset code expire, retires it when a newer one is made, and throttles guesses', async () => {
		const family = await addFamily(database.db);
		const user = await addUser(database.db, { role: 'young_person' });
		const memberId = await addMember(database.db, family.id, { userId: user.id, memberType: 'young_person', dateOfBirth: '2012-01-01' });
		const lead = await addUser(database.db, { role: 'worker' });
		const reset = (code: string, now: Date) =>
			resetPassword(database.db, { username: user.username, code, password: NEW_PASSWORD, ip: freshIp() }, now);

		const old = await createPasswordReset(database.db, { familyId: family.id, memberId }, lead.id, T0);
		expect(codeOf(await rejection(reset(old.code, at(PASSWORD_RESET_LIFETIME_HOURS * 3600 + 1))))).toBe('invalid_code');
		const retired = await createPasswordReset(database.db, { familyId: family.id, memberId }, lead.id, T0);
		const newest = await createPasswordReset(database.db, { familyId: family.id, memberId }, lead.id, T0);
		expect(codeOf(await rejection(reset(retired.code, at(10))))).toBe('invalid_code');
		// Three wrong tries for this username (the expired and retired codes above and one more) cost nothing; the fourth waits.
		expect(codeOf(await rejection(reset('ABCD-EFGH-JKMN', at(11))))).toBe('invalid_code');
		expect(codeOf(await rejection(reset(newest.code, at(12))))).toBe('throttled');
		await reset(newest.code, at(3600));
	});

	it('makes reset codes only for members of that family who have an account, never staff', async () => {
		const family = await addFamily(database.db);
		const otherFamily = await addFamily(database.db);
		const lead = await addUser(database.db, { role: 'worker' });
		const noAccount = await addMember(database.db, family.id);
		const user = await addUser(database.db);
		const elsewhere = await addMember(database.db, otherFamily.id, { userId: user.id });
		const staff = await addUser(database.db, { role: 'worker' });
		const staffMember = await addMember(database.db, family.id, { userId: staff.id });
		for (const memberId of [noAccount, elsewhere, staffMember, 'nobody']) {
			expect(codeOf(await rejection(createPasswordReset(database.db, { familyId: family.id, memberId }, lead.id, T0)))).toBe('no_account');
		}
	});

	beforeAll(() => {
		expect(totpStep(T0) * 30_000).toBeLessThan(T0.getTime());
	});
});
