// Types for the plain-JS module beside it (scripts run on Node without a build).
export const HBA_LINES: string;
export function hbaAllowsPasswordLogin(text: string, user: string): boolean;
