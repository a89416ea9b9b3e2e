/** Quotes one word for a POSIX shell, unless it needs none. */
export function shellQuote(word: string): string {
    return /^[A-Za-z0-9_./:@%+,=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
