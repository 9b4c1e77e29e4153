import type { Page } from 'playwright-core';
import type { ExpectStatic } from 'vitest';

// Readable on a small old phone and with large text (WCAG 1.4.10 reflow, 1.4.4 resize text): no
// page scrolls sideways at 320 × 640, with the text at 100 % or at 200 %, and nothing is cut off
// (no box hides part of what it holds), at 320 px and on a desktop screen with the text at 200 %.
// Needs the probe (installProbeIn) in the page's context.

export const PHONE = { width: 320, height: 640 };
export const DESKTOP = { width: 1280, height: 800 };

/** Sets the root font size through the CSSOM (an inline style tag the CSP would rightly refuse): what a reader's 200 % text setting does to rem-based layouts. */
const textAt = (page: Page, percent: number) =>
	page.evaluate((size) => document.documentElement.style.setProperty('font-size', size), `${percent}%`);

/**
 * Looks at the page as it is at 320 px with the text at 100 % and 200 %, then at desktop width with
 * 200 %; leaves it at the size it was, with the text at 100 %. Every problem is a soft failure naming `where`.
 */
export async function checkLayout(page: Page, where: string, expect: ExpectStatic): Promise<void> {
	const before = page.viewportSize() ?? PHONE;
	const problems: string[] = [];
	const look = async (what: string) => {
		const overflow = await page.evaluate(() => window.__probe.overflow());
		if (overflow > 0) problems.push(`${what}: ${overflow} px too wide, the page scrolls sideways`);
		for (const cut of await page.evaluate(() => window.__probe.clipped())) problems.push(`${what}: ${cut}`);
	};
	await page.setViewportSize(PHONE);
	await look('320 px, text 100 %');
	await textAt(page, 200);
	await look('320 px, text 200 %');
	await page.setViewportSize(DESKTOP);
	// At desktop width only what is cut off counts: nothing asks a wide page to be 1280 px.
	for (const cut of await page.evaluate(() => window.__probe.clipped())) problems.push(`1280 px, text 200 %: ${cut}`);
	await page.setViewportSize(before);
	await textAt(page, 100);
	expect.soft(problems, `${where}:\n  ${problems.join('\n  ')}`).toEqual([]);
}
