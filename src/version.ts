/** Kept in step with package.json by a test (importing JSON differs between Node and Deno). */
export const VERSION = '0.1.0';
