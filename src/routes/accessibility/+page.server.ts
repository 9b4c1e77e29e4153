import { formatDate } from '$lib/i18n/format';
import type { PageServerLoad } from './$types';

/** The day the statement was prepared (GOV.UK's model statement gives it). Change it whenever the statement changes. */
const PREPARED_ON = '2026-11-23';

// The date is written out on the server, where Node knows every language's month names. A browser
// may not: Chromium without Welsh data writes "November 23, 2026", and would do so on hydration.
export const load: PageServerLoad = ({ locals }) => ({
	prepared: { datetime: PREPARED_ON, text: formatDate(locals.locale, PREPARED_ON) }
});
