'use strict';
// pg's SCRAM and MD5 helpers (pg/lib/crypto/utils.js) on node:crypto, for the CLI bundle
// (scripts/build/bundle-cli.js). pg computes them with Web Crypto, which on Node 20 means
// loading Node's whole webcrypto layer when pg loads and a thread-pool round trip per
// step of the handshake: ~5 ms of every PostgreSQL connection a CLI sync opens. The same
// algorithms straight from OpenSSL give the same bytes (bundle-cli.test.ts checks them
// against pg's own functions).
const crypto = require('node:crypto');

const md5Hex = (data) => crypto.createHash('md5').update(data, 'utf-8').digest('hex');

module.exports = {
  postgresMd5PasswordHash: async (user, password, salt) => 'md5' + md5Hex(Buffer.concat([Buffer.from(md5Hex(password + user)), salt])),
  randomBytes: (length) => crypto.randomBytes(length),
  deriveKey: async (password, salt, iterations) => crypto.pbkdf2Sync(password, salt, iterations, 32, 'sha256'),
  sha256: async (data) => crypto.createHash('sha256').update(Buffer.from(data)).digest(),
  // Web Crypto names ('SHA-256', 'SHA-512') as OpenSSL knows them.
  hashByName: async (name, data) => crypto.createHash(String(name).replace('-', '').toLowerCase()).update(Buffer.from(data)).digest(),
  hmacSha256: async (key, message) => crypto.createHmac('sha256', Buffer.from(key)).update(message).digest(),
  md5: async (data) => md5Hex(data),
};
