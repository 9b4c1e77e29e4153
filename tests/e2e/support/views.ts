import type { Account } from './accounts';
import { decodeEntities } from './i18n';
import { request } from './http';

// Young people's views over HTTP: writing one as its author, reading the version its forms carry,
// and taking it back to "only me" afterwards, so a test leaves nothing anyone else can see.

export type Audience = 'only_me' | 'worker' | 'family';

export interface NewView {
	prompt: 'home' | 'school' | 'friends' | 'want_to_happen' | 'worker_should_know' | 'next_review';
	/** '' is "I'd rather not say". */
	feeling: '' | 'great' | 'good' | 'okay' | 'not_great' | 'bad';
	body: string;
	audience: Audience;
}

export const viewsPath = (familyId: string) => `/family/${familyId}/views`;
export const viewPath = (familyId: string, viewId: string) => `/family/${familyId}/views/${viewId}`;

/** The view `author` writes through the "Say what you think" form; its id. */
export async function createView(author: Account, familyId: string, view: NewView): Promise<string> {
	const response = await request(author, `${viewsPath(familyId)}/new`, { form: { ...view } });
	const location = response.headers.get('location') ?? '';
	const id = new RegExp(`^${viewsPath(familyId)}/([a-z0-9]+)\\?saved=`).exec(location)?.[1];
	if (response.status !== 303 || !id) throw new Error(`e2e: writing a view as ${author} gave ${response.status} (location ${location})`);
	return id;
}

/** The version number the author's forms carry for a view. */
export async function viewVersion(author: Account, familyId: string, viewId: string): Promise<string> {
	const html = await (await request(author, viewPath(familyId, viewId))).text();
	const version = /name="version" value="([^"]+)"/.exec(html)?.[1];
	if (!version) throw new Error(`e2e: no version on ${author}'s view ${viewId}`);
	return decodeEntities(version);
}

/** Who the author's page says sees the view now: the checked audience. */
export async function audienceOnAuthorsPage(author: Account, familyId: string, viewId: string): Promise<string | undefined> {
	const html = await (await request(author, viewPath(familyId, viewId))).text();
	const checked = [...html.matchAll(/<input\b[^>]*\bname="audience"[^>]*>/g)].map((m) => m[0]).find((tag) => /\schecked\b/.test(tag));
	return checked ? /\svalue="([^"]*)"/.exec(checked)?.[1] : undefined;
}

/** The author changes who sees a view through its "Who can see this" form; the response's status. */
export async function changeAudience(author: Account, familyId: string, viewId: string, audience: Audience): Promise<number> {
	const version = await viewVersion(author, familyId, viewId);
	return (await request(author, `${viewPath(familyId, viewId)}?/audience`, { form: { audience, version } })).status;
}

/**
 * Puts a view a test wrote out of everyone else's sight: the author opens it (so no reply is left
 * "new") and takes it back to "only me". Shared views cannot be deleted; this is as close as it gets.
 */
export async function keepBack(author: Account, familyId: string, viewId: string): Promise<void> {
	const status = await changeAudience(author, familyId, viewId, 'only_me');
	if (status !== 303) throw new Error(`e2e: taking view ${viewId} back to "only me" as ${author} gave ${status}`);
}
