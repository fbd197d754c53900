/** Ordering of the store's full and partial (YYYY-MM, YYYY) dates. */

/**
 * Sort key for partial dates: a month-only or year-only date sorts after the full dates of the
 * same month or year ("2020-08" after "2020-08-14"), since it usually summarises that period.
 */
export function dateSortKey(date: string | undefined): string {
  if (!date) return '9999';
  return date.length === 4 ? `${date}-99-99` : date.length === 7 ? `${date}-99` : date;
}

/** Oldest first, partial dates after the full dates of their period. */
export function chronological<T extends { date?: string | undefined }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => dateSortKey(a.date).localeCompare(dateSortKey(b.date)));
}
