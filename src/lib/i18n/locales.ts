// The languages Common Ground speaks. Each is named in its own language in the switcher.
export const LOCALES = [
	{ code: 'en-GB', name: 'English', dir: 'ltr' },
	{ code: 'en-GB-x-easy', name: 'Easy Read', dir: 'ltr' },
	{ code: 'cy', name: 'Cymraeg', dir: 'ltr' },
	{ code: 'pl', name: 'Polski', dir: 'ltr' },
	{ code: 'ro', name: 'Română', dir: 'ltr' },
	{ code: 'ur', name: 'اردو', dir: 'rtl' }
] as const;

export type Locale = (typeof LOCALES)[number]['code'];
export type TextDirection = 'ltr' | 'rtl';

export const DEFAULT_LOCALE: Locale = 'en-GB';
export const LOCALE_CODES: readonly Locale[] = LOCALES.map((l) => l.code);

/** Namespaces, one JSON file each per locale. */
export const NAMESPACES = ['common', 'about', 'auth', 'family', 'plan', 'views', 'services', 'worker', 'admin', 'errors', 'notifications', 'news', 'requests'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/**
 * The top-level key in a locale file that describes the file rather than holding text: a
 * translation's review status, for the council that commissions a fluent speaker to check it.
 * It is never loaded into i18next, so it can never be shown.
 */
export const LOCALE_FILE_META_KEY = '_meta';

/** Finds a supported locale from user input such as `?lang=CY`, ignoring case. */
export function findLocale(input: string | null | undefined): Locale | undefined {
	if (!input) return undefined;
	const wanted = input.trim().toLowerCase();
	return LOCALE_CODES.find((code) => code.toLowerCase() === wanted);
}

export function localeDirection(locale: Locale): TextDirection {
	return LOCALES.find((l) => l.code === locale)?.dir ?? 'ltr';
}
