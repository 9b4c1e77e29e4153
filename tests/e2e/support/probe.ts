import type { BrowserContext, Page } from 'playwright-core';

// What the keyboard, target size and media tests look at in the page itself: which elements are
// controls, how each shows focus, what covers it, how big it is. Installed into every page of a
// context before the page's own scripts (as DevTools would; the Content Security Policy does not
// apply to it), so each check is one call: `page.evaluate(() => window.__probe.…)`.

/** A control's name in a failure: tag, id or classes, and its words or address. */
export type Described = string;

/** One press of Tab: where focus went and what it looked like there. */
export interface FocusStop {
	/** Focus left the page (back to the browser) or was never on a control. */
	done: boolean;
	/** Position in the page's list of tabbable controls; -1 for anything else. */
	index: number;
	what: Described;
	/** A scroll container Chromium makes focusable itself (it has no controls inside). */
	scroller: boolean;
	/** Why the focus indicator does not count, or null when it does. */
	indicator: string | null;
	/** What covers the focused control, or null when nothing does. */
	obscured: string | null;
}

export interface TabbingStart {
	/** The tabbable controls, in document order (one per radio group), described. */
	controls: Described[];
	/** Elements with tabindex above 0, which would take focus out of document order. */
	positiveTabindex: Described[];
}

export interface TargetProblem {
	what: Described;
	width: number;
	height: number;
}

export interface Probe {
	/** Lists the page's tabbable controls and remembers how each looks without focus. */
	startTabbing(): TabbingStart;
	/** Describes where focus is now, against what `startTabbing` found. */
	focusStop(): FocusStop;
	/** Controls smaller than 24 × 24 CSS pixels that neither the inline nor the spacing exception covers. */
	smallTargets(): TargetProblem[];
	/**
	 * Focuses each control `startTabbing` found, from script (after one press of Tab, so focus stays
	 * visible as it moves), and says which show no focus indicator.
	 */
	focusEach(): Array<{ what: Described; indicator: string }>;
	/** Controls, face tiles and chart shapes with no boundary or colour of their own in forced colours. */
	forcedColourProblems(): string[];
	/** Animations and transitions still longer than 0.01 s, and smooth scrolling. */
	motion(): string[];
	/**
	 * Content cut off: boxes that hide what overflows them (overflow hidden or clip, an ellipsis) and
	 * are too small for it. Scroll boxes are not cut off (what is in them can be scrolled to), nor are
	 * boxes made 1 px on purpose to hide their words from the eye only (a skip link, a label for a
	 * screen reader).
	 */
	clipped(): string[];
	/** How far the page reaches past the viewport's width, in CSS pixels (0 when it fits). */
	overflow(): number;
	/** Describes an element for a failure message. */
	describe(el: Element): Described;
}

declare global {
	interface Window {
		__probe: Probe;
	}
}

/** Runs in the page: defines `window.__probe`. Self-contained, as Playwright sends its source. */
function installProbe(): void {
	const NATIVE = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [contenteditable=""], [contenteditable="true"]';
	const CANDIDATES = `${NATIVE}, [tabindex]`;

	const describe = (el: Element): string => {
		const tag = el.tagName.toLowerCase();
		const id = el.id ? `#${el.id}` : '';
		const classes = !id && el.classList.length > 0 ? `.${[...el.classList].join('.')}` : '';
		const name = el.getAttribute('name');
		const type = el.getAttribute('type');
		const href = el.getAttribute('href');
		const words = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
		const value = el instanceof HTMLInputElement && (type === 'radio' || type === 'checkbox') ? ` value=${el.value}` : '';
		return `<${tag}${id}${classes}${type ? ` type=${type}` : ''}${name ? ` name=${name}` : ''}${value}${href ? ` href=${href}` : ''}>${words ? ` “${words}”` : ''}`;
	};

	const tabindexOf = (el: Element): number | null => {
		const raw = el.getAttribute('tabindex');
		if (raw === null || raw.trim() === '') return null;
		const n = Number.parseInt(raw, 10);
		return Number.isNaN(n) ? null : n;
	};

	const shown = (el: Element): boolean =>
		el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true }) && el.closest('[inert]') === null;

	/** A summary only opens its details when it is the details' first summary. */
	const realSummary = (el: Element): boolean =>
		el.tagName !== 'SUMMARY' || (el.parentElement?.tagName === 'DETAILS' && el.parentElement.querySelector(':scope > summary') === el);

	/** Something a person can point at or tab to: native controls (even with tabindex -1) and tabindex ≥ 0. */
	const interactive = (el: Element): boolean => {
		if (!shown(el) || !realSummary(el)) return false;
		if (el.matches(':disabled')) return false;
		const tabindex = tabindexOf(el);
		return el.matches(NATIVE) || (tabindex !== null && tabindex >= 0);
	};

	const tabbable = (el: Element): boolean => {
		if (!interactive(el)) return false;
		const tabindex = tabindexOf(el);
		return tabindex === null || tabindex >= 0;
	};

	/** The controls Tab should reach, in document order: one per radio group (the checked one, else the first). */
	const tabbableControls = (): Element[] => {
		const all = [...document.querySelectorAll(CANDIDATES)].filter(tabbable);
		const groups = new Map<string, HTMLInputElement[]>();
		for (const el of all) {
			if (el instanceof HTMLInputElement && el.type === 'radio' && el.name) {
				const key = `${el.form ? [...document.forms].indexOf(el.form) : -1}/${el.name}`;
				groups.set(key, [...(groups.get(key) ?? []), el]);
			}
		}
		const keep = new Set<Element>();
		for (const radios of groups.values()) keep.add(radios.find((r) => r.checked) ?? (radios[0] as HTMLInputElement));
		return all.filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio' && el.name) || keep.has(el));
	};

	/** The element that shows a control's focus: a label, when the control itself is hidden or see-through. */
	const carrierOf = (el: Element): Element => {
		if (!(el instanceof HTMLInputElement) || !el.labels || el.labels.length === 0) return el;
		const style = getComputedStyle(el);
		const box = el.getBoundingClientRect();
		const hidden = Number(style.opacity) === 0 || box.width <= 1 || box.height <= 1 || style.clipPath.startsWith('inset(50%');
		return hidden ? (el.labels[0] as HTMLLabelElement) : el;
	};

	const transparent = (colour: string): boolean => /^rgba\(.*,\s*0\)$/.test(colour) || colour === 'transparent';

	interface Look {
		outline: string;
		outlineVisible: boolean;
		shadow: string;
		shadowVisible: boolean;
	}
	const lookOf = (el: Element): Look => {
		const s = getComputedStyle(el);
		const outlineVisible = s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) > 0 && !transparent(s.outlineColor);
		// Each shadow is "colour x y blur spread": visible when its colour is not transparent and it has some size.
		const shadows = s.boxShadow === 'none' ? [] : s.boxShadow.split(/,(?![^(]*\))/);
		const shadowVisible = shadows.some((shadow) => {
			const colour = /rgba?\([^)]*\)/.exec(shadow)?.[0] ?? '';
			const lengths = (shadow.replace(/rgba?\([^)]*\)/, '').match(/-?[\d.]+px/g) ?? []).map((l) => Math.abs(Number.parseFloat(l)));
			return !transparent(colour) && lengths.some((l) => l > 0);
		});
		return { outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, outlineVisible, shadow: s.boxShadow, shadowVisible };
	};

	const scroller = (el: Element): boolean => {
		const s = getComputedStyle(el);
		const scrolls = (o: string) => o === 'auto' || o === 'scroll';
		if ((scrolls(s.overflowX) && el.scrollWidth > el.clientWidth) || (scrolls(s.overflowY) && el.scrollHeight > el.clientHeight)) return true;
		// Chromium makes a scroll box a Tab stop when its content overflows by any fraction of a
		// pixel, which the rounded scrollWidth and clientWidth can hide. A focused box that scrolls,
		// is no control and has no tabindex can only have been focused for that reason.
		return (scrolls(s.overflowX) || scrolls(s.overflowY)) && document.activeElement === el && !el.hasAttribute('tabindex') && !el.matches(NATIVE);
	};

	const state: { controls: Element[]; unfocused: Map<Element, Look>; pinned: Element[] } = {
		controls: [],
		unfocused: new Map(),
		pinned: []
	};

	const startTabbing = () => {
		state.controls = tabbableControls();
		state.unfocused = new Map();
		for (const el of state.controls) state.unfocused.set(carrierOf(el), lookOf(carrierOf(el)));
		state.pinned = [...document.querySelectorAll('body *')].filter((el) => {
			const position = getComputedStyle(el).position;
			return (position === 'sticky' || position === 'fixed') && shown(el);
		});
		const positiveTabindex = [...document.querySelectorAll('[tabindex]')].filter((el) => (tabindexOf(el) ?? 0) > 0).map(describe);
		return { controls: state.controls.map(describe), positiveTabindex };
	};

	const overlap = (a: DOMRect, b: DOMRect): number =>
		Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));

	/** Why the focused `el` shows no focus indicator (how it looks against how it looked unfocused), or null. */
	const indicatorProblem = (el: Element): string | null => {
		const carrier = carrierOf(el);
		const before = state.unfocused.get(carrier) ?? { outline: 'none 0px', outlineVisible: false, shadow: 'none', shadowVisible: false };
		const after = lookOf(carrier);
		const outlineShows = after.outlineVisible && after.outline !== before.outline;
		const shadowShows = after.shadowVisible && after.shadow !== before.shadow;
		return outlineShows || shadowShows
			? null
			: `no visible focus indicator on ${carrier === el ? 'it' : describe(carrier)}: outline “${after.outline}” (unfocused “${before.outline}”), box-shadow “${after.shadow}” (unfocused “${before.shadow}”)`;
	};

	const focusEach = () => {
		const problems: Array<{ what: string; indicator: string }> = [];
		for (const el of state.controls) {
			if (!(el instanceof HTMLElement || el instanceof SVGElement)) continue;
			el.focus();
			if (document.activeElement !== el) {
				problems.push({ what: describe(el), indicator: 'does not take focus' });
				continue;
			}
			const problem = el.matches(':focus-visible') || el.matches(':focus-within') ? indicatorProblem(el) : 'focus is not shown as visible (:focus-visible does not match)';
			if (problem) problems.push({ what: describe(el), indicator: problem });
		}
		return problems;
	};

	/** The colour a system colour keyword stands for now (forced colours change them). */
	const systemColour = (keyword: string): string => {
		const probe = document.createElement('span');
		probe.style.color = keyword;
		document.body.append(probe);
		const colour = getComputedStyle(probe).color;
		probe.remove();
		return colour;
	};

	const forcedColourProblems = () => {
		const canvas = systemColour('Canvas');
		const problems: string[] = [];
		const seen = (colour: string) => !transparent(colour) && colour !== canvas;
		const bordered = (el: Element): boolean => {
			const s = getComputedStyle(el);
			return (['Top', 'Right', 'Bottom', 'Left'] as const).every((side) => {
				const style = s.getPropertyValue(`border-${side.toLowerCase()}-style`);
				const width = Number.parseFloat(s.getPropertyValue(`border-${side.toLowerCase()}-width`));
				return style !== 'none' && style !== 'hidden' && width >= 1 && seen(s.getPropertyValue(`border-${side.toLowerCase()}-color`));
			});
		};
		for (const el of [...document.querySelectorAll('button, input:not([type="hidden"]), select, textarea')].filter(interactive)) {
			const carrier = carrierOf(el);
			const s = getComputedStyle(carrier);
			// Drawn by the browser itself in system colours: a native radio, checkbox, file button…
			if (carrier === el && s.appearance !== 'none' && el instanceof HTMLInputElement && ['radio', 'checkbox', 'file', 'range', 'color'].includes(el.type)) continue;
			// A button that looks like a link is words underlined, as a link is.
			if (el instanceof HTMLButtonElement && s.textDecorationLine.includes('underline')) continue;
			if (!bordered(carrier)) {
				problems.push(`${describe(el)}${carrier === el ? '' : ` (drawn by ${describe(carrier)})`}: no visible border (${s.borderStyle} ${s.borderWidth} ${s.borderColor}; Canvas is ${canvas})`);
			}
		}
		// Charts, faces and other drawings: each shape painted in a colour that shows on Canvas.
		for (const shape of document.querySelectorAll('svg path, svg rect, svg circle, svg ellipse, svg line, svg polyline, svg polygon, svg text')) {
			if (!shown(shape)) continue;
			const box = (shape as SVGGraphicsElement).getBoundingClientRect();
			if (box.width === 0 && box.height === 0) continue;
			const s = getComputedStyle(shape);
			const fill = s.fill !== 'none' && Number(s.fillOpacity) > 0 && seen(s.fill);
			const stroke = s.stroke !== 'none' && Number.parseFloat(s.strokeWidth) > 0 && Number(s.strokeOpacity) > 0 && seen(s.stroke);
			// A shape painted only in Canvas is the background of something drawn on it (a face's skin, a bar's track).
			const canvasOnly = (s.fill === canvas || s.fill === 'none') && (s.stroke === canvas || s.stroke === 'none');
			if (!fill && !stroke && !canvasOnly) {
				problems.push(`${describe(shape)} in ${describe(shape.closest('svg') as Element)}: fill ${s.fill}, stroke ${s.stroke} ${s.strokeWidth}: nothing that shows on Canvas (${canvas})`);
			}
		}
		return problems;
	};

	const seconds = (list: string): number => Math.max(0, ...list.split(',').map((d) => (d.trim().endsWith('ms') ? Number.parseFloat(d) / 1000 : Number.parseFloat(d) || 0)));

	const motion = () => {
		const problems: string[] = [];
		for (const animation of document.getAnimations()) {
			const timing = animation.effect?.getComputedTiming();
			const duration = typeof timing?.duration === 'number' ? timing.duration : 0;
			if ((duration > 10 || timing?.iterations === Infinity) && animation.playState !== 'finished') {
				const target = animation.effect instanceof KeyframeEffect ? animation.effect.target : null;
				problems.push(`${animation.constructor.name} “${'animationName' in animation ? String(animation.animationName) : 'transitionProperty' in animation ? String(animation.transitionProperty) : animation.id}” on ${target ? describe(target) : 'the page'}: ${duration} ms, ${animation.playState}`);
			}
		}
		for (const el of document.querySelectorAll('*')) {
			for (const pseudo of [null, '::before', '::after'] as const) {
				const s = getComputedStyle(el, pseudo);
				const transition = s.transitionProperty !== 'none' ? seconds(s.transitionDuration) : 0;
				const animation = s.animationName !== 'none' ? seconds(s.animationDuration) : 0;
				if (transition > 0.01) problems.push(`${describe(el)}${pseudo ?? ''}: transition ${s.transitionProperty} ${s.transitionDuration}`);
				if (animation > 0.01) problems.push(`${describe(el)}${pseudo ?? ''}: animation ${s.animationName} ${s.animationDuration}`);
			}
		}
		const scrolling = getComputedStyle(document.documentElement).scrollBehavior;
		if (scrolling === 'smooth') problems.push('<html>: scroll-behavior smooth');
		return problems;
	};

	const clipped = () => {
		const problems: string[] = [];
		for (const el of document.querySelectorAll('body *')) {
			if (!(el instanceof HTMLElement) || !shown(el)) continue;
			// A text field's value scrolls inside it as the person types: it is never cut off.
			const buttonLike = ['submit', 'button', 'reset', 'file', 'image', 'checkbox', 'radio'];
			if (el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && !buttonLike.includes(el.type))) continue;
			const s = getComputedStyle(el);
			const hides = (o: string) => o === 'hidden' || o === 'clip';
			const ellipsis = s.textOverflow === 'ellipsis';
			if (!hides(s.overflowX) && !hides(s.overflowY) && !ellipsis) continue;
			// Hidden from the eye on purpose, for a screen reader: a box of 1 px or less.
			if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;
			const wide = (hides(s.overflowX) || ellipsis) && el.scrollWidth > el.clientWidth + 1;
			const tall = hides(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
			if (wide || tall) {
				problems.push(`${describe(el)} cuts off ${wide ? `${el.scrollWidth - el.clientWidth} px of width` : ''}${wide && tall ? ' and ' : ''}${tall ? `${el.scrollHeight - el.clientHeight} px of height` : ''} (overflow ${s.overflowX} ${s.overflowY}${ellipsis ? ', ellipsis' : ''})`);
			}
		}
		return problems;
	};

	const overflow = () => document.documentElement.scrollWidth - document.documentElement.clientWidth;

	const focusStop = () => {
		const el = document.activeElement;
		if (!el || el === document.body || el === document.documentElement) {
			return { done: true, index: -1, what: '', scroller: false, indicator: null, obscured: null };
		}
		const index = state.controls.indexOf(el);
		const carrier = carrierOf(el);
		const indicator = indicatorProblem(el);

		// Where it is now the browser has scrolled it into view: the first line box, for a link that wraps.
		const box = carrier.getBoundingClientRect();
		const first = carrier.getClientRects()[0] ?? box;
		const left = Math.max(first.left, 0);
		const right = Math.min(first.right, window.innerWidth);
		const top = Math.max(first.top, 0);
		const bottom = Math.min(first.bottom, window.innerHeight);
		let obscured: string | null = null;
		if (right - left < 1 || bottom - top < 1) {
			obscured = `not in view once focused (at ${Math.round(first.left)},${Math.round(first.top)}, ${Math.round(first.width)}×${Math.round(first.height)}; viewport ${window.innerWidth}×${window.innerHeight})`;
		} else {
			const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
			const mine = (node: Element | null) => !!node && (node === el || el.contains(node) || carrier.contains(node) || node.contains(carrier));
			if (!mine(hit)) obscured = `covered at its centre by ${hit ? describe(hit) : 'nothing (outside the page)'}`;
			for (const pinned of state.pinned) {
				if (pinned.contains(carrier) || carrier.contains(pinned) || !shown(pinned)) continue;
				const area = overlap(pinned.getBoundingClientRect(), box);
				if (area > 0) obscured = `${obscured ? `${obscured}; ` : ''}${Math.round(area)} px² under ${getComputedStyle(pinned).position} ${describe(pinned)}`;
			}
		}
		return { done: false, index, what: describe(el), scroller: index === -1 && scroller(el), indicator, obscured };
	};

	/** Everything a pointer can activate, with the box it takes: a hidden radio's label stands for it. */
	const smallTargets = () => {
		const targets = [...document.querySelectorAll(CANDIDATES)].filter(interactive);
		const boxes = targets.map((el) => {
			const carrier = carrierOf(el);
			return { el, box: carrier.getBoundingClientRect() };
		});
		const problems: Array<{ what: string; width: number; height: number }> = [];
		const small = boxes.filter(({ box }) => box.width < 24 - 0.01 || box.height < 24 - 0.01);
		const blockOf = (el: Element): Element | null => {
			let node = el.parentElement;
			while (node && getComputedStyle(node).display.startsWith('inline')) node = node.parentElement;
			return node;
		};
		/** WCAG 2.5.8's inline exception: a link in a sentence, its height set by the line of text around it. */
		const inline = (el: Element): boolean => {
			if (getComputedStyle(el).display !== 'inline') return false;
			const block = blockOf(el);
			if (!block) return false;
			const words = (block.textContent ?? '').replace(/\s+/g, '');
			const own = [...block.querySelectorAll(CANDIDATES)].reduce((n, c) => n + (c.textContent ?? '').replace(/\s+/g, '').length, 0);
			return words.length > own;
		};
		const centre = (b: DOMRect) => ({ x: b.left + b.width / 2, y: b.top + b.height / 2 });
		/** Distance from a point to the nearest point of a box. */
		const distance = (p: { x: number; y: number }, b: DOMRect) =>
			Math.hypot(Math.max(b.left - p.x, 0, p.x - b.right), Math.max(b.top - p.y, 0, p.y - b.bottom));
		for (const { el, box } of small) {
			if (box.width === 0 && box.height === 0) continue; // Not drawn (a skip link off screen is still ≥ 24 when shown).
			if (inline(el)) continue;
			// The spacing exception: a 24 px circle on its centre touches no other target, nor another small one's circle.
			const c = centre(box);
			const crowded = boxes.some(({ el: other, box: b }) => {
				if (other === el || other.contains(el) || el.contains(other) || (b.width === 0 && b.height === 0)) return false;
				const isSmall = small.some((s) => s.el === other);
				return isSmall ? Math.hypot(centre(b).x - c.x, centre(b).y - c.y) < 24 : distance(c, b) < 12;
			});
			if (crowded) problems.push({ what: describe(el), width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10 });
		}
		return problems;
	};

	window.__probe = { startTabbing, focusStop, smallTargets, focusEach, forcedColourProblems, motion, clipped, overflow, describe };
}

/** Puts `window.__probe` into every page the context opens from now on. */
export async function installProbeIn(context: BrowserContext): Promise<void> {
	await context.addInitScript(installProbe);
}

/**
 * Moves the place Tab starts from to the very top of the page, as a fresh load has it: for a page
 * left in some state (an error summary with focus, say). A throwaway element before everything takes
 * focus and is removed after the first Tab, which lands on whatever comes first.
 */
export async function tabFromTop(page: Page): Promise<void> {
	await page.evaluate(() => {
		const start = document.createElement('span');
		start.tabIndex = -1;
		start.id = 'probe-start';
		document.body.prepend(start);
		start.focus();
		window.scrollTo(0, 0);
	});
}

/** Removes what `tabFromTop` added, once Tab has moved on from it. */
export async function tabStartDone(page: Page): Promise<void> {
	await page.evaluate(() => document.getElementById('probe-start')?.remove());
}
