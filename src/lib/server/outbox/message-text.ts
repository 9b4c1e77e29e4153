import { DEFAULT_LOCALE, findLocale, type Locale } from '$lib/i18n/locales';
import cy from '$lib/i18n/locales/cy/notifications.json';
import enGB from '$lib/i18n/locales/en-GB/notifications.json';
import easy from '$lib/i18n/locales/en-GB-x-easy/notifications.json';
import pl from '$lib/i18n/locales/pl/notifications.json';
import ro from '$lib/i18n/locales/ro/notifications.json';
import ur from '$lib/i18n/locales/ur/notifications.json';

// The words of the one message Common Ground sends, in the person's language. Read straight from the
// locale files (not through i18next's lazy loader) so the `npm run outbox` CLI, which runs outside
// Vite, writes the same words as the server. It names nothing: no view, goal, rating, request,
// person or service, only that there is something new and where to look.

const MESSAGES: Record<Locale, { message: { something_new: string; subject: string } }> = {
	'en-GB': enGB,
	'en-GB-x-easy': easy,
	cy,
	pl,
	ro,
	ur
};

export interface MessageText {
	subject: string;
	body: string;
}

/** The neutral message for `template` in `locale`, linking to `origin` + `link`. */
export function messageText(template: string, locale: string | null | undefined, origin: string, link: string): MessageText {
	if (template !== 'something_new') throw new Error(`unknown message template: ${template}`);
	const strings = MESSAGES[findLocale(locale) ?? DEFAULT_LOCALE].message;
	const url = new URL(link, origin).toString();
	return { subject: strings.subject, body: strings.something_new.replace('{{link}}', url) };
}
