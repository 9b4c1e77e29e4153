import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { isUniqueViolation, type DB, type Executor } from '../db';
import type { Role } from '../db/schema';
import { findMember, linkMemberToUser } from '../families/families.repository';
import { newId, toTimestamp } from '../ids';
import { hashPassword } from '../auth/password';
import { assertNewPasswordAllowed } from '../auth/password-policy';
import { invalidateUserSessions } from '../auth/session.service';
import { findUserById, findUserByUsername, insertUser, updatePasswordHash } from '../users/users.repository';
import { toUser, type User } from '../users/users.service';
import { normaliseInviteCode, generateInviteCode } from './invite-code';
import { findInviteByCodeHash, insertInvite, markInviteUsed, retireOpenInvites } from './invites.repository';

// Invite codes (invite-code.ts) are read out or written down for people who may have no email.
export const INVITE_LIFETIME_DAYS = 14;
export { generateInviteCode, normaliseInviteCode } from './invite-code';

export class InviteError extends Error {
	constructor(public readonly code: 'invalid_code' | 'username_taken' | 'wrong_username' | 'already_has_account') {
		super(code);
		this.name = 'InviteError';
	}
}

function hashCode(code: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseInviteCode(code))));
}

type InviteTarget = { familyMemberId: string } | { userId: string };

/** Makes a one-time code; only its hash is stored, so the code is shown once, to the admin. */
export async function createInvite(
	db: DB,
	target: InviteTarget,
	createdByUserId: string,
	now = new Date()
): Promise<{ code: string; expiresAt: Date }> {
	const code = generateInviteCode();
	const expiresAt = new Date(now.getTime() + INVITE_LIFETIME_DAYS * 24 * 60 * 60 * 1000);
	await db.transaction().execute(async (trx) => {
		if ('familyMemberId' in target) {
			const member = await findMember(trx, target.familyMemberId);
			if (!member) throw new InviteError('invalid_code');
			if (member.user_id) throw new InviteError('already_has_account');
		}
		await retireOpenInvites(trx, target, toTimestamp(now));
		await insertInvite(trx, {
			id: newId(),
			code_hash: hashCode(code),
			family_member_id: 'familyMemberId' in target ? target.familyMemberId : null,
			user_id: 'userId' in target ? target.userId : null,
			created_by_user_id: createdByUserId,
			created_at: toTimestamp(now),
			expires_at: toTimestamp(expiresAt),
			used_at: null
		});
	});
	return { code, expiresAt };
}

export interface RedeemInput {
	code: string;
	/** Chosen by family members; staff accounts already have one. */
	username: string;
	password: string;
}

async function claimInvite(db: Executor, inviteId: string, now: Date): Promise<void> {
	// Only one redemption wins, even if two happen at once.
	if (!(await markInviteUsed(db, inviteId, toTimestamp(now)))) throw new InviteError('invalid_code');
}

/**
 * Redeems a code: a family member gets a new account; a staff member sets their password. Throws
 * PasswordRejectedError, before anything is looked up or stored, for a password that may not be chosen.
 */
export async function redeemInvite(db: DB, input: RedeemInput, now = new Date()): Promise<User> {
	assertNewPasswordAllowed(input.password, { username: input.username });
	const passwordHash = await hashPassword(input.password);
	try {
		return await redeemWithHash(db, input, passwordHash, now);
	} catch (error) {
		// Someone took the same username at the same moment.
		if (isUniqueViolation(error)) throw new InviteError('username_taken');
		throw error;
	}
}

async function redeemWithHash(db: DB, input: RedeemInput, passwordHash: string, now: Date): Promise<User> {
	return db.transaction().execute(async (trx) => {
		const invite = await findInviteByCodeHash(trx, hashCode(input.code));
		if (!invite || invite.used_at !== null || invite.expires_at <= toTimestamp(now)) {
			throw new InviteError('invalid_code');
		}
		if (invite.user_id) {
			const user = await findUserById(trx, invite.user_id);
			if (!user) throw new InviteError('invalid_code');
			// Staff accounts already have a username: typing it confirms whose account this is.
			if (user.username !== input.username) throw new InviteError('wrong_username');
			await claimInvite(trx, invite.id, now);
			await updatePasswordHash(trx, user.id, passwordHash);
			await invalidateUserSessions(trx, user.id);
			return toUser({ ...user, password_hash: passwordHash });
		}

		const member = invite.family_member_id ? await findMember(trx, invite.family_member_id) : undefined;
		if (!member) throw new InviteError('invalid_code');
		if (member.user_id) throw new InviteError('already_has_account');
		if (await findUserByUsername(trx, input.username)) throw new InviteError('username_taken');
		await claimInvite(trx, invite.id, now);
		const role: Role = member.member_type === 'young_person' ? 'young_person' : 'parent_carer';
		const row = {
			id: newId(),
			username: input.username,
			display_name: member.display_name,
			role,
			password_hash: passwordHash,
			created_at: toTimestamp(now),
			disabled_at: null
		};
		await insertUser(trx, row);
		await linkMemberToUser(trx, member.id, row.id);
		return toUser(row);
	});
}
