// @ts-check
// Reading pg_hba.conf: would a password login over TCP from loopback be accepted?

/** What we prepend when it would not. */
export const HBA_LINES = [
  '# Added by ETL Studio scripts/services/ensure-services.js: password logins over loopback.',
  'host    all    all    127.0.0.1/32    scram-sha-256',
  'host    all    all    ::1/128         scram-sha-256',
].join('\n');

const PASSWORD_METHODS = new Set(['scram-sha-256', 'md5', 'password', 'trust']);

/**
 * PostgreSQL uses the first rule that matches a connection, so this finds the first rule
 * that matches a plain (non-SSL) TCP login from 127.0.0.1 by `user` to any database, and
 * says whether its method takes a password (or none). Rules naming specific databases are
 * passed over as not covering "any database"; that errs towards adding our lines.
 * @param {string} text  the contents of pg_hba.conf
 * @param {string} user
 */
export function hbaAllowsPasswordLogin(text, user) {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [type, database, users, ...rest] = line.split(/\s+/);
    if (type !== 'host' && type !== 'hostnossl') continue;
    if (database !== 'all' || users === undefined) continue;
    if (!users.split(',').some((u) => u === 'all' || u === user)) continue;
    // The address is either CIDR ("127.0.0.1/32") or an address and a mask in two columns.
    const [address = '', maybeMask = ''] = rest;
    const split = /^[\d.]+$/.test(address) && /^[\d.]+$/.test(maybeMask);
    const method = split ? rest[2] : rest[1];
    const covers = split ? coversLoopbackMasked(address, maybeMask) : coversLoopback(address);
    if (!covers) continue;
    return PASSWORD_METHODS.has(method ?? '');
  }
  return false;
}

/** @param {string} address */
function coversLoopback(address) {
  return ['127.0.0.1/32', '127.0.0.0/8', '0.0.0.0/0', 'all', 'samehost', 'localhost'].includes(address);
}

/** @param {string} address @param {string} mask */
function coversLoopbackMasked(address, mask) {
  const a = address.split('.').map(Number);
  const m = mask.split('.').map(Number);
  const lo = [127, 0, 0, 1];
  return a.length === 4 && m.length === 4 && a.every((x, i) => (x & m[i]) === (lo[i] & m[i]));
}
