import { page } from '$app/state';
import type { TFunction } from 'i18next';

/** The current page's translator (made per request by the root layout load). */
export function pageT(): TFunction {
	const t = page.data.t;
	if (!t) throw new Error('No translator: the root layout load did not run');
	return t;
}
