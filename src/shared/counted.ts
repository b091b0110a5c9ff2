/** "1 run", "2 runs": a count with its noun, as a person writes it (nouns here take an s). */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
