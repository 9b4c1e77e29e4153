import type { Page } from 'playwright-core';
import type { ExpectStatic } from 'vitest';
import { DESKTOP, PHONE } from './layout';

// Target size (WCAG 2.2, 2.5.8 AA): every control a pointer can activate is at least 24 × 24 CSS
// pixels, on a 320 × 640 phone and on a desktop screen. The only exceptions are 2.5.8's own: a link
// inside a sentence (its height is the line's), and a small target with room around it (a 24 px
// circle on its centre touches no other target, nor another small target's circle). A radio or
// checkbox drawn by its label (a face tile) is as big as the label. Needs the probe (installProbeIn).

/** Measures the page as it is at 320 × 640, then at desktop width, and leaves it at the size it was. */
export async function checkTargets(page: Page, where: string, expect: ExpectStatic): Promise<void> {
	const before = page.viewportSize() ?? PHONE;
	for (const viewport of [PHONE, DESKTOP]) {
		await page.setViewportSize(viewport);
		const small = await page.evaluate(() => window.__probe.smallTargets());
		const lines = small.map(({ what, width, height }) => `${what}: ${width} × ${height}`);
		expect.soft(lines, `${where} at ${viewport.width} × ${viewport.height}: targets under 24 × 24 px\n  ${lines.join('\n  ')}`).toEqual([]);
	}
	await page.setViewportSize(before);
}
