import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { translateParts } from './parts';
import { PSEUDO_CLOSE, PSEUDO_OPEN, PSEUDO_POST_PROCESSOR, pseudoLocalise, pseudoPostProcessor } from './pseudo';

const ASCII_WORD = /[A-Za-z]{2,}/;

describe('pseudoLocalise', () => {
	it.each(['Sign in', 'Your family’s plan', 'A', 'Goals we agreed together, and what happens next.', 'x'.repeat(300)])(
		'makes “%s” at least 40 % longer, bracketed, with no plain Latin letter left',
		(text) => {
			const pseudo = pseudoLocalise(text);
			expect([...pseudo].length).toBeGreaterThanOrEqual(Math.ceil([...text].length * 1.4));
			expect(pseudo.startsWith(PSEUDO_OPEN)).toBe(true);
			expect(pseudo.endsWith(PSEUDO_CLOSE)).toBe(true);
			expect(pseudo).not.toMatch(/[A-Za-z]/);
		}
	);

	it('keeps it readable: one accented letter for each, the rest as it was', () => {
		expect(pseudoLocalise('Sign in')).toBe('⟦Šíĝñ íñ ···⟧');
		expect(pseudoLocalise('Goal 3 of 12: 75 % (£1,200.50)')).toMatch(/^⟦Ĝóáĺ 3 óƒ 12: 75 % \(£1,200\.50\) [· ]+⟧$/);
	});

	it('pads with short words, so long text can still wrap', () => {
		const pseudo = pseudoLocalise('word '.repeat(40).trim());
		const padding = pseudo.slice(pseudo.lastIndexOf('ŵóŕď') + 4, -1);
		expect(padding.trim().split(' ').every((word) => word.length <= 5)).toBe(true);
	});

	it('leaves numbers, punctuation and other scripts as they are', () => {
		expect(pseudoLocalise('2025-03-14 12:30 – 45 %')).toContain('2025-03-14 12:30 – 45 %');
		expect(pseudoLocalise('Polska اردو Cymraeg')).toContain(' اردو ');
	});

	it('never changes variables, nesting or HTML-like tags', () => {
		const pseudo = pseudoLocalise('Hello {{name}}, see $t(common:help) <strong>now</strong> <a href="/x">here</a>');
		expect(pseudo).toContain('{{name}}');
		expect(pseudo).toContain('$t(common:help)');
		expect(pseudo).toContain('<strong>ñóŵ</strong>');
		expect(pseudo).toContain('<a href="/x">ĥéŕé</a>');
	});

	it('leaves the values put into the text as they are', () => {
		const pseudo = pseudoLocalise('Signed in as Jo Bloggs (worker)', ['Jo Bloggs']);
		expect(pseudo).toMatch(/^⟦Šíĝñéď íñ áš Jo Bloggs \(ŵóŕķéŕ\) [· ]+⟧$/);
	});

	it('leaves translateParts’ private-use markers alone', () => {
		expect(pseudoLocalise('By \uE0000\uE001 on \uE0001\uE001')).toContain('\uE0000\uE001 óñ \uE0001\uE001');
	});

	it('is idempotent, and keeps a nested translation as it was', () => {
		const once = pseudoLocalise('Save and continue');
		expect(pseudoLocalise(once)).toBe(once);
		const outer = pseudoLocalise(`Error: ${once}`);
		expect(outer).toContain(once);
		expect(outer.startsWith('⟦Éŕŕóŕ: ⟦')).toBe(true);
	});

	it('leaves empty and blank text alone', () => {
		expect(pseudoLocalise('')).toBe('');
		expect(pseudoLocalise('  ')).toBe('  ');
	});
});

describe('pseudoPostProcessor in i18next', () => {
	async function translator() {
		const instance = i18next.createInstance().use(pseudoPostProcessor);
		await instance.init({
			lng: 'en-GB',
			postProcess: [PSEUDO_POST_PROCESSOR],
			interpolation: { escapeValue: false },
			resources: {
				'en-GB': {
					common: {
						greeting: 'Signed in as {{name}} ({{role}})',
						role: 'worker',
						goals_one: '{{count}} goal',
						goals_other: '{{count}} goals',
						nested: 'Read $t(role) notes'
					}
				}
			},
			defaultNS: 'common'
		});
		return instance.t.bind(instance);
	}

	it('pseudo-localises the template but not the name put into it', async () => {
		const t = await translator();
		const text = t('greeting', { name: 'Amira Hassan', role: t('role') });
		expect(text).toContain('Amira Hassan');
		expect(text.replace('Amira Hassan', '')).not.toMatch(ASCII_WORD);
		expect(text).toContain('(⟦ŵóŕķéŕ ···⟧)');
	});

	it('still resolves plurals', async () => {
		const t = await translator();
		expect(t('goals', { count: 1 })).toMatch(/^⟦1 ĝóáĺ [· ]+⟧$/);
		expect(t('goals', { count: 3 })).toMatch(/^⟦3 ĝóáĺš [· ]+⟧$/);
	});

	it('handles nesting without bracketing twice over', async () => {
		const t = await translator();
		expect(t('nested')).not.toMatch(ASCII_WORD);
	});

	it('leaves a missing key as it is, so it shows up as untranslated', async () => {
		const t = await translator();
		expect(t('common:no.such_key')).toBe('no.such_key');
	});

	it('leaves the markers translateParts puts in, so names still land in their own element', async () => {
		const t = await translator();
		const parts = translateParts(t, 'greeting', ['name'], { role: t('role') });
		expect(parts.map((p) => p.kind)).toEqual(['text', 'slot', 'text']);
	});
});
