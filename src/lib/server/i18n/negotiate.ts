import { match } from '@formatjs/intl-localematcher';
import Negotiator from 'negotiator';
import { DEFAULT_LOCALE, LOCALE_CODES, findLocale, type Locale } from '../../i18n/locales';

// Browsers never ask for Easy Read by Accept-Language (it is a private-use tag); people choose it.
const NEGOTIABLE = LOCALE_CODES.filter((code) => !code.includes('-x-'));

/** Best supported locale for an Accept-Language header, by proper BCP 47 matching. */
export function localeFromAcceptLanguage(header: string | null): Locale {
	if (!header) return DEFAULT_LOCALE;
	const requested = new Negotiator({ headers: { 'accept-language': header } })
		.languages()
		.filter((tag) => tag !== '*')
		.flatMap((tag) => {
			try {
				return Intl.getCanonicalLocales(tag);
			} catch {
				return [];
			}
		});
	if (requested.length === 0) return DEFAULT_LOCALE;
	return (findLocale(match(requested, NEGOTIABLE, DEFAULT_LOCALE, { algorithm: 'best fit' })) ??
		DEFAULT_LOCALE) as Locale;
}

export interface LocaleChoice {
	locale: Locale;
	/** Set when `?lang=` chose it, so the choice is remembered. */
	remember: boolean;
}

/** `?lang=xx` first, then the `lang` cookie, then Accept-Language, then en-GB. */
export function chooseLocale(query: string | null, cookie: string | undefined, acceptLanguage: string | null): LocaleChoice {
	const fromQuery = findLocale(query);
	if (fromQuery) return { locale: fromQuery, remember: true };
	const fromCookie = findLocale(cookie);
	if (fromCookie) return { locale: fromCookie, remember: false };
	return { locale: localeFromAcceptLanguage(acceptLanguage), remember: false };
}
