import { error, fail } from '@sveltejs/kit';
import { textField } from '$lib/validation/forms';
import { getFamilyOverview } from '../families/families.service';
import { PasswordResetError, createPasswordReset } from './password-reset.service';

/**
 * The "make a password code" form action, after its page has checked who may: the lead worker on
 * the family's page, the administrator on theirs. The member is the form's `memberId` in this
 * family (404 for anyone else); someone without an account gets the error beside their row.
 * `extra` goes back with a refusal (the admin's page says which of its forms it came from).
 */
export async function makeResetCode(
	locals: App.Locals,
	request: Request,
	familyId: string,
	madeByUserId: string,
	extra: { action?: string } = {}
) {
	locals.audit.about('account');
	const memberId = textField(await request.formData(), 'memberId');
	const overview = await getFamilyOverview(locals.db, familyId);
	const member = overview?.members.find((m) => m.id === memberId);
	if (!member) error(404, 'not_found');
	try {
		const reset = await createPasswordReset(locals.db, { familyId, memberId: member.id }, madeByUserId);
		return { resetCode: { name: member.displayName, username: reset.username, code: reset.code } };
	} catch (err) {
		if (err instanceof PasswordResetError) {
			return fail(409, { ...extra, values: {}, errors: { [`reset-${member.id}`]: 'auth:reset_code.errors.no_account' } });
		}
		throw err;
	}
}
