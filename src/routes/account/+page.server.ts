import { twoFactorStatus } from '$lib/server/auth/two-factor.service';
import { requireUser } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

// "Your account": the password, the second factor and signing out everywhere, for everyone signed in.
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals);
	const done = url.searchParams.get('done');
	return {
		username: user.username,
		twoFactor: await twoFactorStatus(locals.db, user),
		done: done === 'password' || done === 'two_factor_off' ? done : null
	};
};
