import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import postcss, { type Declaration, type Rule } from 'postcss';
import { describe, expect, it } from 'vitest';

// Every colour pair the design uses meets WCAG 2.2 AA contrast: 4.5:1 for text (1.4.3) and 3:1
// for the parts of controls and charts people need to see (1.4.11). axe checks contrast in the
// browser, but not on text it cannot measure (it skips Urdu's Nastaliq script, text over images,
// SVG), so this reads the colours from the stylesheets themselves: the tokens in app.css, every
// colour any rule in app.css or a component's <style> sets, and the colours drawn into SVG charts.
//
// The rule is deliberately stricter than "each pair as it happens to be used": every text colour
// must be readable on every background of its kind (dark text on every light surface, white text
// on every dark one), so a new background or text colour cannot quietly make a pairing nobody
// thought to check.

const SRC = fileURLToPath(new URL('../../', import.meta.url));

const TEXT_MINIMUM = 4.5;
const UI_MINIMUM = 3;

/** Colours that are allowed below 3:1 against the page, and why: never text, never a boundary anyone needs. */
const DECORATION: Readonly<Record<string, string>> = {
	'#b1b4b6': 'the thin rules between sections and behind a chart: each section has a heading, each chart its own axis',
	'#e5e4e3': 'the hover shade of a grey button, which keeps its dark bottom edge',
	'#929191': 'the bottom edge of a grey button, a shadow under a control that already has its own words',
	'#f3f2f1': 'a panel behind text: the text on it is checked, and the panel is not a control',
	'#e8f1ee': 'the chosen face tile, which also gets a 4 px brand border and bold words',
	'#eef3f9': 'a tinted panel behind text: the text on it is checked',
	'#fff3c4': 'the inside of a face, drawn with a dark outline',
	'#ffdd00': 'the focus colour, which always sits against black (checked below), never on white alone'
};

interface Colour {
	r: number;
	g: number;
	b: number;
}

function parseColour(value: string): Colour | null {
	const v = value.trim().toLowerCase();
	if (v === 'white') return { r: 255, g: 255, b: 255 };
	if (v === 'black') return { r: 0, g: 0, b: 0 };
	const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(v)?.[1];
	if (!hex) return null;
	const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
	return { r: parseInt(full.slice(0, 2), 16), g: parseInt(full.slice(2, 4), 16), b: parseInt(full.slice(4, 6), 16) };
}

/** WCAG 2.2 relative luminance. */
function luminance({ r, g, b }: Colour): number {
	const linear = (channel: number) => {
		const c = channel / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: string, b: string): number {
	const ca = parseColour(a);
	const cb = parseColour(b);
	if (!ca || !cb) throw new Error(`Not a colour this test can read: ${ca ? b : a}`);
	const [hi, lo] = [luminance(ca), luminance(cb)].sort((x, y) => y - x) as [number, number];
	return (hi + 0.05) / (lo + 0.05);
}

/** Light colours take dark text; dark ones take white. */
const isLight = (colour: string) => contrast(colour, '#000000') > contrast(colour, '#ffffff');

const round = (ratio: number) => Math.round(ratio * 100) / 100;

// ---------------------------------------------------------------------------------------------

function svelteFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return svelteFiles(path);
		return entry.name.endsWith('.svelte') ? [path] : [];
	});
}

interface Sheet {
	file: string;
	css: string;
}

const appCss = readFileSync(join(SRC, 'app.css'), 'utf8');
const components = svelteFiles(join(SRC, 'lib')).concat(svelteFiles(join(SRC, 'routes')));
const sheets: Sheet[] = [
	{ file: 'src/app.css', css: appCss },
	...components.flatMap((path) => {
		const style = /<style[^>]*>([\s\S]*?)<\/style>/.exec(readFileSync(path, 'utf8'))?.[1];
		return style ? [{ file: relative(join(SRC, '..'), path), css: style }] : [];
	})
];

/** The design tokens: `--colour-*` in app.css's :root. */
const tokens = new Map<string, string>();
postcss.parse(appCss).walkRules(':root', (rule) => {
	rule.walkDecls(/^--colour-/, (decl) => {
		tokens.set(decl.prop, decl.value.trim());
	});
});

function token(name: string): string {
	const value = tokens.get(`--colour-${name}`);
	if (!value) throw new Error(`app.css has no --colour-${name}`);
	return value;
}

/** `var(--colour-x, #fallback)` → the token's value; a plain colour as it is; null for none/inherit/currentColor. */
function resolve(value: string, where: string): string | null {
	const v = value.trim();
	const variable = /^var\(\s*(--[\w-]+)\s*(?:,\s*([^)]+))?\)$/.exec(v);
	if (variable) {
		const resolved = tokens.get(variable[1] as string) ?? variable[2]?.trim();
		if (!resolved) throw new Error(`${where}: ${v} names no token`);
		return resolved;
	}
	if (/^(none|inherit|currentcolor|transparent|initial|unset)$/i.test(v)) return null;
	if (!parseColour(v)) throw new Error(`${where}: "${v}" is a colour this test cannot read; use a token or #rrggbb`);
	return v.toLowerCase();
}

/** The colours in a shorthand (`border`, `box-shadow`, `outline`): each hex or var() in it. */
function coloursIn(value: string, where: string): string[] {
	const found = value.match(/var\([^)]*\)|#[0-9a-fA-F]{3,6}\b/g) ?? [];
	return found.flatMap((c) => resolve(c, where) ?? []);
}

interface Use {
	where: string;
	colour: string;
	/** For an SVG fill: the shape's class without its BEM modifier, to find an outline drawn round it. */
	base?: string;
}

/** `.ratings-chart__bar--poor` → `.ratings-chart__bar`: the rule that styles every bar alike. */
const baseSelector = (selector: string) => selector.replace(/--[\w-]+/g, '').trim();

/** Shapes drawn with a dark outline, which is what stands out however light their fill. */
const outlined = new Set<string>();

const PAGE = token('background');
const textColours: Use[] = [];
const backgrounds: Use[] = [];
/** Boundaries and shapes: borders, outlines, SVG fills and strokes. */
const graphics: Use[] = [];

for (const sheet of sheets) {
	postcss.parse(sheet.css).walkDecls((decl: Declaration) => {
		const rule = decl.parent as Rule | undefined;
		if (rule?.type === 'rule' && rule.selector === ':root') return;
		const where = `${sheet.file}: ${rule?.selector ?? '?'} { ${decl.prop}: ${decl.value} }`;
		const prop = decl.prop.toLowerCase();
		if (prop === 'color') {
			const colour = resolve(decl.value, where);
			if (colour) textColours.push({ where, colour });
		} else if (prop === 'background' || prop === 'background-color') {
			for (const colour of coloursIn(decl.value, where)) backgrounds.push({ where, colour });
		} else if (/^(border|outline)(-|$)|^(fill|stroke|box-shadow)$/.test(prop)) {
			const base = baseSelector(rule?.selector ?? '');
			for (const colour of coloursIn(decl.value, where)) {
				if (prop === 'stroke' && contrast(colour, PAGE) >= UI_MINIMUM) outlined.add(base);
				graphics.push({ where, colour, base: prop === 'fill' ? base : undefined });
			}
		}
	});
}

/** SVG colours set as presentation attributes in components (charts draw their lines this way). */
for (const path of components) {
	const source = readFileSync(path, 'utf8');
	for (const match of source.matchAll(/(fill|stroke)="(#[0-9a-fA-F]{3,6})"|'(#[0-9a-fA-F]{6})'/g)) {
		const colour = (match[2] ?? match[3]) as string;
		graphics.push({ where: `${relative(join(SRC, '..'), path)}: ${match[0]}`, colour: colour.toLowerCase() });
	}
}

const TEXT_TOKENS = ['text', 'secondary-text', 'link', 'link-visited', 'error', 'success', 'brand', 'brand-dark'];

const unique = (uses: Use[]) => [...new Map(uses.map((u) => [u.colour, u])).values()];
const surfaces = unique([...backgrounds, { where: '--colour-background', colour: PAGE }, { where: '--colour-panel', colour: token('panel') }]);
const lightSurfaces = surfaces.filter((s) => isLight(s.colour));
const darkSurfaces = surfaces.filter((s) => !isLight(s.colour));
const allText = unique([...textColours, ...TEXT_TOKENS.map((name) => ({ where: `--colour-${name}`, colour: token(name) }))]);

describe('colour contrast of the design', () => {
	it('reads colours from the stylesheets', () => {
		console.log(
			`colours: ${tokens.size} tokens; ${allText.length} text colours on ${lightSurfaces.length} light and ${darkSurfaces.length} dark backgrounds; ${unique(graphics).length} boundary and chart colours, from ${sheets.length} stylesheets`
		);
		expect(tokens.size).toBeGreaterThanOrEqual(12);
		expect(lightSurfaces.length).toBeGreaterThan(2);
		expect(darkSurfaces.length).toBeGreaterThan(2);
	});

	it.each(allText.map((u) => [u.colour, u] as const))('text in %s is readable (4.5:1) on every background of its kind', (_, text) => {
		const on = isLight(text.colour) ? darkSurfaces : lightSurfaces;
		const failures = on
			.map((surface) => ({ surface, ratio: contrast(text.colour, surface.colour) }))
			.filter(({ ratio }) => ratio < TEXT_MINIMUM)
			.map(({ surface, ratio }) => `${text.colour} on ${surface.colour} is ${round(ratio)}:1 (text: ${text.where}; background: ${surface.where})`);
		expect(failures).toEqual([]);
	});

	it('boundaries, focus and chart shapes stand out (3:1) from the page and panels', () => {
		const failures = unique(graphics.filter((g) => !(g.colour in DECORATION) && !(g.base && outlined.has(g.base))))
			.flatMap((g) =>
				lightSurfaces
					.filter((s) => !(s.colour in DECORATION) || s.colour === token('panel'))
					.map((s) => ({ g, s, ratio: contrast(g.colour, s.colour) }))
					.filter(({ ratio }) => ratio < UI_MINIMUM)
					.map(({ g, s, ratio }) => `${g.colour} on ${s.colour} is ${round(ratio)}:1 (${g.where})`)
			);
		expect(failures).toEqual([]);
	});

	it('the focus indicator: yellow against the black ring around it, and black text on yellow', () => {
		expect(contrast(token('focus'), token('text'))).toBeGreaterThanOrEqual(UI_MINIMUM);
		expect(contrast(token('text'), token('focus'))).toBeGreaterThanOrEqual(TEXT_MINIMUM);
		// The black ring is what shows against the page and every light panel.
		for (const surface of lightSurfaces) expect(contrast(token('text'), surface.colour)).toBeGreaterThanOrEqual(UI_MINIMUM);
	});

	it('lists every decoration colour it lets through, and each is really used', () => {
		const used = new Set([...graphics, ...backgrounds].map((u) => u.colour));
		expect(Object.keys(DECORATION).filter((c) => !used.has(c))).toEqual([]);
	});

	it('can fail: a grey that is too light is caught', () => {
		// #767676 is the lightest grey that passes on white, at 4.54:1; one step lighter fails.
		expect(round(contrast('#767676', '#ffffff'))).toBe(4.54);
		expect(contrast('#777777', '#ffffff')).toBeLessThan(TEXT_MINIMUM);
		expect(contrast('#000', '#fff')).toBe(21);
	});
});
