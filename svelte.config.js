import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// Content Security Policy: SvelteKit adds nonces (or hashes for prerendered pages) to the
		// scripts it writes itself, so no inline script runs without one.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// SvelteKit's route announcer (the live region that reads the new page's title after
				// client-side navigation) carries one fixed inline style; allow exactly that one.
				'style-src': ['self', 'unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'frame-ancestors': ['none'],
				'form-action': ['self']
			}
		},
		// Origin check on form POSTs stays on (the default); ORIGIN must be set in production.
		csrf: { trustedOrigins: [] },
		typescript: {
			// Type-check the migrations too; they live outside src/ by design.
			config(tsconfig) {
				tsconfig.include.push('../migrations/**/*.ts');
			}
		}
	}
};

export default config;
