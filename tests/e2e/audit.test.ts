import { describe, expect, inject, test } from 'vitest';
import { request } from './support/http';
import { message } from './support/i18n';

// The audit trail on the built server, through the shared sessions: what staff open shows on the
// family's "Who has looked at your information" page in plain words, a young person's views only
// to that young person, and the manager finds it in the service's audit. Nothing here changes data.

const demo = inject('demo');
const A = demo.familyA;
const FS = demo.familySupportService;

async function page(role: Parameters<typeof request>[0], path: string): Promise<string> {
	const response = await request(role, path);
	expect(response.status, `${role} ${path}`).toBe(200);
	return response.text();
}

/** The page's text with tags and the <bdi> around names removed, and entities undone. */
function text(html: string): string {
	return html
		.replace(/<script[\s\S]*?<\/script>/gi, '')
		.replace(/<[^>]+>/g, '')
		.replace(/&#39;|&rsquo;/g, '’')
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ');
}

/** The English sentence for an entry, as the family reads it. */
function sentence(kind: string, action: string, name: string, role: string, service = ''): string {
	return message('en-GB', `family:access_log.what.${kind}.${action}`)
		.replace('{{name}}', name)
		.replace('{{role}}', message('en-GB', `family:access_log.roles.${role}`))
		.replace('{{service}}', service);
}

describe('audit trail', () => {
	test('Jo opening the plan shows on Amira’s and Leo’s page as their worker looking at their plan', async () => {
		await page('jo', `/family/${A}/plan`);
		const expected = sentence('plan', 'read', 'Jo Bennett', 'lead');
		for (const member of ['amira', 'leo'] as const) {
			expect(text(await page(member, `/family/${A}/access?lang=en-GB`))).toContain(expected);
		}
	});

	test('a view Leo shared with Jo alone: Leo sees Jo read it, Amira never does', async () => {
		await page('jo', `/family/${A}/views/${demo.leoWorkerOnly}`);
		const expected = sentence('views', 'read', 'Jo Bennett', 'lead');
		expect(text(await page('leo', `/family/${A}/access?lang=en-GB`))).toContain(expected);
		expect(text(await page('amira', `/family/${A}/access?lang=en-GB`))).not.toContain(expected);
	});

	test('a form Jo sends wrongly is recorded as not saved, and the manager finds it by outcome', async () => {
		// An enhanced action answers 200 with JSON that says it failed: the trail reads the JSON.
		const response = await request('jo', `/family/${A}/plan/goals/${demo.goalA}?/checkin`, {
			form: { score: 'eleven' },
			headers: { 'x-sveltekit-action': 'true', accept: 'application/json' }
		});
		expect(response.status).toBe(200);
		expect(((await response.json()) as { type: string }).type).toBe('failure');
		const html = await page('morgan', `/service/${FS}/audit?who=${demo.people.jo.userId}&outcome=invalid&lang=en-GB`);
		const shown = text(html);
		expect(shown).toContain('Jo Bennett');
		expect(shown).toContain(message('en-GB', 'worker:audit.outcomes.invalid'));
		expect(html).toContain('/family/[familyId]/plan/goals/[goalId]');
		expect(html).toContain('>checkin<');
	});

	test('the audit search pages back fifty entries at a time, keeping the search', async () => {
		// Enough reads by Jo of the Hassans' plan to fill more than a page.
		for (let i = 0; i < 51; i += 1) expect((await request('jo', `/family/${A}/plan`)).status).toBe(200);
		const search = `who=${demo.people.jo.userId}&kind=plan&action=read`;
		const first = await page('morgan', `/service/${FS}/audit?${search}&lang=en-GB`);
		const rows = (html: string) => [...html.matchAll(/<time datetime="([^"]+)"/g)].length;
		expect(rows(first)).toBe(50);
		const older = /<a href="([^"]*before=[^"]*)">/.exec(first)?.[1]?.replace(/&amp;/g, '&');
		expect(older, 'a link to older entries').toBeTruthy();
		expect(older).toContain(search);
		const second = await page('morgan', older!);
		expect(rows(second)).toBeGreaterThan(0);
	});

	test('a family’s log is for its own members, and the audit search for the manager', async () => {
		expect((await request('jo', `/family/${A}/access`)).status).toBe(403);
		expect((await request('dan', `/family/${A}/access`)).status).toBe(404);
		expect((await request('jo', `/service/${FS}/audit`)).status).toBe(403);
	});
});
