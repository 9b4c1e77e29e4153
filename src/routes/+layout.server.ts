import { sessionTimeLeft } from '$lib/server/auth/session.service';
import { throwIfFault } from '$lib/server/faults/faults';
import type { LayoutServerLoad } from './$types';

// Only what every page needs on the client: the language, who is signed in and, for staff, how
// long their session has left. Access checks live in each page's own load, never here alone.
export const load: LayoutServerLoad = ({ locals, url }) => {
	throwIfFault('load');
	const session = locals.session;
	let sessionTimeout: { endsInMs: number; extendable: boolean } | null = null;
	if (session?.idlesOut) {
		// Read the address so this load runs again on every navigation for staff: each request moves
		// their idle deadline, and the browser's countdown must follow it.
		void url.href;
		sessionTimeout = sessionTimeLeft(session);
	}
	return {
		locale: locals.locale,
		pseudoLocale: locals.pseudoLocale,
		dir: locals.dir,
		user: locals.user ? { displayName: locals.user.displayName, role: locals.user.role } : null,
		// Until the second factor is done, the menu offers only signing out: nothing else would open.
		secondFactorPending: Boolean(locals.session?.secondFactorPending),
		sessionTimeout
	};
};
