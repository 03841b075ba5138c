/**
 * Last line of defence before text reaches a log, a run record or an error reply:
 * removes credentials embedded in URLs and `password=` pairs, and any exact secret the
 * caller knows is in play (the passwords of the run's connections).
 */
const urlCredentials = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;
// "using password: YES" (MySQL's access-denied text) says nothing secret and stays readable.
const passwordPairs = /\b(password|passwd|pwd)\s*([=:])\s*(?!(?:YES|NO)\b)("[^"]*"|'[^']*'|[^\s;&,)]+)/gi;

export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  // Cheap tests first: this runs on every log line, and almost none holds a credential.
  let out = text.includes('@') ? text.replace(urlCredentials, '$1***@') : text;
  if (/p(?:ass|wd)/i.test(out)) out = out.replace(passwordPairs, '$1$2***');
  for (const secret of secrets) {
    // Very short secrets would blank out ordinary words; URL and pair scrubbing still covers them.
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
