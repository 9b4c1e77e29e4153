import { throwIfFault } from '$lib/server/faults/faults';
import type { LayoutServerLoad } from './$types';

// Only what every page needs on the client: the language and who is signed in. Access checks live
// in each page's own load, never here alone.
export const load: LayoutServerLoad = ({ locals }) => {
	throwIfFault('load');
	return {
		locale: locals.locale,
		pseudoLocale: locals.pseudoLocale,
		dir: locals.dir,
		user: locals.user ? { displayName: locals.user.displayName, role: locals.user.role } : null
	};
};
