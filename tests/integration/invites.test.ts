import { beforeAll, expect, it } from 'vitest';
import { verifyPassword } from '$lib/server/auth/password';
import { PasswordRejectedError } from '$lib/server/auth/password-policy';
import { createSession, validateSessionToken } from '$lib/server/auth/session.service';
import { signIn } from '$lib/server/auth/sign-in.service';
import { findMember } from '$lib/server/families/families.repository';
import { INVITE_LIFETIME_DAYS, InviteError, createInvite, redeemInvite } from '$lib/server/invites/invites.service';
import { findUserById, findUserByUsername } from '$lib/server/users/users.repository';
import type { User } from '$lib/server/users/users.service';
import { describeEachDatabase } from './support/databases';
import { addFamily, addMember, addService, addUser, addWorker, uniqueName } from './support/fixtures';

const T0 = new Date('2026-03-01T09:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const NEW_PASSWORD = 'a brand new password';

async function inviteErrorCode(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof InviteError) return error.code;
		if (error instanceof PasswordRejectedError) return error.key;
		throw error;
	}
	return 'no error';
}

describeEachDatabase('invites', (database) => {
	let admin: User;
	let familyId: string;

	beforeAll(async () => {
		admin = await addUser(database.db, { role: 'admin', password: false });
		familyId = (await addFamily(database.db)).id;
	});

	const redeem = (code: string, username: string, now = T0) =>
		redeemInvite(database.db, { code, username, password: NEW_PASSWORD }, now);

	it('gives a young person their own account, linked to their place in the family', async () => {
		const memberId = await addMember(database.db, familyId, { memberType: 'young_person', displayName: 'Leo' });
		const { code, expiresAt } = await createInvite(database.db, { familyMemberId: memberId }, admin.id, T0);
		expect(expiresAt).toEqual(new Date(T0.getTime() + INVITE_LIFETIME_DAYS * DAY_MS));

		const username = uniqueName('leo');
		const user = await redeem(code, username);
		expect(user).toMatchObject({ username, displayName: 'Leo', role: 'young_person' });
		expect((await findMember(database.db, memberId))?.user_id).toBe(user.id);

		const row = await findUserById(database.db, user.id);
		expect(await verifyPassword(row!.password_hash!, NEW_PASSWORD)).toBe(true);
	});

	it('gives an adult family member a parent or carer account', async () => {
		const memberId = await addMember(database.db, familyId, { memberType: 'adult', displayName: 'Amira' });
		const { code } = await createInvite(database.db, { familyMemberId: memberId }, admin.id, T0);
		const user = await redeem(code, uniqueName('amira'));
		expect(user.role).toBe('parent_carer');
	});

	it('stores only a hash of the code', async () => {
		const memberId = await addMember(database.db, familyId);
		const { code } = await createInvite(database.db, { familyMemberId: memberId }, admin.id, T0);
		const row = await database.db
			.selectFrom('invite')
			.selectAll()
			.where('family_member_id', '=', memberId)
			.executeTakeFirstOrThrow();
		const plain = code.replaceAll('-', '');
		expect(JSON.stringify(row)).not.toContain(plain);
		expect(JSON.stringify(row)).not.toContain(code);
		expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('works once only', async () => {
		const memberId = await addMember(database.db, familyId);
		const { code } = await createInvite(database.db, { familyMemberId: memberId }, admin.id, T0);
		await redeem(code, uniqueName('once'));
		expect(await inviteErrorCode(redeem(code, uniqueName('twice')))).toBe('invalid_code');
	});

	it('stops working when it expires', async () => {
		const memberId = await addMember(database.db, familyId);
		const { code, expiresAt } = await createInvite(database.db, { familyMemberId: memberId }, admin.id, T0);
		expect(await inviteErrorCode(redeem(code, uniqueName('late'), expiresAt))).toBe('invalid_code');
		// A moment earlier it would still have worked.
		const justInTime = new Date(expiresAt.getTime() - 1000);
		expect((await redeem(code, uniqueName('just-in-time'), justInTime)).role).toBe('parent_carer');
	});

	it('retires an older code when a newer one is made for the same person', async () => {
		const memberId = await addMember(database.db, familyId);
		const older = await createInvite(database.db, { familyMemberId: memberId }, admin.id, T0);
		const newer = await createInvite(database.db, { familyMemberId: memberId }, admin.id, new Date(T0.getTime() + 1000));
		const later = new Date(T0.getTime() + 2000);
		expect(await inviteErrorCode(redeem(older.code, uniqueName('old'), later))).toBe('invalid_code');
		expect((await redeem(newer.code, uniqueName('new'), later)).role).toBe('parent_carer');
	});

	it('does not retire codes made for someone else', async () => {
		const a = await addMember(database.db, familyId);
		const b = await addMember(database.db, familyId);
		const forA = await createInvite(database.db, { familyMemberId: a }, admin.id, T0);
		await createInvite(database.db, { familyMemberId: b }, admin.id, T0);
		expect((await redeem(forA.code, uniqueName('a'))).role).toBe('parent_carer');
	});

	it('accepts the code typed in lower case with spaces instead of dashes', async () => {
		const memberId = await addMember(database.db, familyId);
		const { code } = await createInvite(database.db, { familyMemberId: memberId }, admin.id, T0);
		expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
		const typed = ` ${code.toLowerCase().replaceAll('-', ' ')} `;
		expect((await redeem(typed, uniqueName('typed'))).role).toBe('parent_carer');
	});

	it('refuses a username someone already has, and leaves the code usable', async () => {
		const taken = await addUser(database.db, { password: false });
		const memberId = await addMember(database.db, familyId);
		const { code } = await createInvite(database.db, { familyMemberId: memberId }, admin.id, T0);
		expect(await inviteErrorCode(redeem(code, taken.username))).toBe('username_taken');
		expect((await findMember(database.db, memberId))?.user_id).toBeNull();
		expect((await redeem(code, uniqueName('free'))).role).toBe('parent_carer');
	});

	it('will not invite a family member who already has an account', async () => {
		const memberId = await addMember(database.db, familyId);
		const { code } = await createInvite(database.db, { familyMemberId: memberId }, admin.id, T0);
		await redeem(code, uniqueName('first'));
		expect(await inviteErrorCode(createInvite(database.db, { familyMemberId: memberId }, admin.id, T0))).toBe(
			'already_has_account'
		);
	});

	it('refuses a code nobody made', async () => {
		expect(await inviteErrorCode(redeem('ABCD-EFGH-JKMN', uniqueName('guess')))).toBe('invalid_code');
	});

	it('lets a staff member set their password when they confirm their username, ending old sessions', async () => {
		const service = await addService(database.db);
		const worker = await addWorker(database.db, service.id);
		const oldSession = await createSession(database.db, { id: worker.userId, role: 'worker' }, T0);
		const { code } = await createInvite(database.db, { userId: worker.userId }, admin.id, T0);

		expect(await inviteErrorCode(redeem(code, uniqueName('someone-else')))).toBe('wrong_username');
		// The wrong guess did not use the code up, nor change anything.
		expect(await validateSessionToken(database.db, oldSession.token, T0)).not.toBeNull();

		const user = await redeem(code, worker.username);
		expect(user).toEqual({
			id: worker.userId,
			username: worker.username,
			displayName: worker.displayName,
			role: 'worker'
		});
		expect(await validateSessionToken(database.db, oldSession.token, T0)).toBeNull();
		const signedIn = await signIn(database.db, {
			username: worker.username,
			password: NEW_PASSWORD,
			ip: '198.51.100.1',
			now: T0
		});
		expect(signedIn.ok).toBe(true);

		expect(await inviteErrorCode(redeem(code, worker.username))).toBe('invalid_code');
	});

	it('refuses a password that is too easy to guess, creates nothing, and leaves the code usable', async () => {
		const memberId = await addMember(database.db, familyId);
		const { code } = await createInvite(database.db, { familyMemberId: memberId }, admin.id, T0);
		const username = uniqueName('careful');
		const redeemWith = (password: string) => redeemInvite(database.db, { code, username, password }, T0);

		expect(await inviteErrorCode(redeemWith('Password1 '))).toBe('common:validation.password.too_common');
		expect(await inviteErrorCode(redeemWith('commonground'))).toBe('common:validation.password.too_common');
		expect(await inviteErrorCode(redeemWith(username))).toBe('common:validation.password.same_as_username');
		expect(await inviteErrorCode(redeemWith('short'))).toBe('common:validation.password.too_short');
		expect(await findUserByUsername(database.db, username)).toBeUndefined();
		expect((await findMember(database.db, memberId))?.user_id).toBeNull();
		const invite = await database.db
			.selectFrom('invite')
			.select('used_at')
			.where('family_member_id', '=', memberId)
			.executeTakeFirstOrThrow();
		expect(invite.used_at).toBeNull();

		expect((await redeemWith(NEW_PASSWORD)).username).toBe(username);
	});

	it('keeps a staff member’s password as it was when the new one is refused', async () => {
		const service = await addService(database.db);
		const worker = await addWorker(database.db, service.id);
		const before = (await findUserById(database.db, worker.userId))?.password_hash;
		const { code } = await createInvite(database.db, { userId: worker.userId }, admin.id, T0);

		const refused = redeemInvite(database.db, { code, username: worker.username, password: 'iloveyou' }, T0);
		expect(await inviteErrorCode(refused)).toBe('common:validation.password.too_common');
		expect((await findUserById(database.db, worker.userId))?.password_hash).toBe(before);
		expect((await redeem(code, worker.username)).id).toBe(worker.userId);
	});
});
