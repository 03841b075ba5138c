/** Identifier quoting per dialect; embedded quote characters are doubled. */
export function quotePg(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

export function quoteMysql(identifier: string): string {
  return `\`${identifier.replace(/`/g, '``')}\``;
}
