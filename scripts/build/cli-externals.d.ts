/** Packages the CLI bundle leaves to Node's own loader (see cli-externals.js). */
export const CLI_EXTERNAL_PACKAGES: readonly string[];
