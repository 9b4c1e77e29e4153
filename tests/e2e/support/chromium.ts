import { existsSync } from 'node:fs';

// Debian's Chromium, used headless by every browser test. A missing browser fails the run with
// this message (global setup checks before anything starts); it is never a reason to skip.

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export function assertChromiumInstalled(): void {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(
			`e2e: Chromium not found at ${CHROMIUM_PATH}. The end-to-end tests need it: install Debian's chromium package (apt-get install chromium).`
		);
	}
}
