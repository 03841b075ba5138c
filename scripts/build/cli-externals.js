// @ts-check
/**
 * Packages the CLI bundle leaves to Node's own loader (scripts/build/bundle-cli.js), and
 * that its test allows the bundle to ask for:
 * - PGlite finds its WebAssembly and data files next to its own module (import.meta.url);
 * - conf is loaded with createRequire by the settings store, and only by the desktop app;
 * - electron is never loaded by the CLI, and must not be bundled if a path ever named it;
 * - the optional add-ons drivers probe for and go without (pg-native, ibm_db, ws's
 *   bufferutil and utf-8-validate, mysql2's cardinal), absent here and kept so.
 */
export const CLI_EXTERNAL_PACKAGES = ['@electric-sql/pglite', 'conf', 'electron', 'pg-native', 'ibm_db', 'bufferutil', 'utf-8-validate', 'cardinal'];
