import { afterAll } from 'vitest';
import { takeMissingTexts } from './browser';

// Runs in every e2e file: after its tests, no page it opened may have asked for a text from a
// namespace the page did not load (src/lib/i18n/route-namespaces.ts), which would have shown the
// key instead of the words.
afterAll(() => {
	const missing = takeMissingTexts();
	if (missing.length > 0) throw new Error(`Pages asked for texts they did not load:\n${missing.join('\n')}`);
});
