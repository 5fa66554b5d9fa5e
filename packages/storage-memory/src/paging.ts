/** Offset paging shared by the memory adapter's list methods. */
import type { Page, PageQuery } from "@lair-chat/server";

/** Copy one page of `rows` (already filtered and sorted), with the unpaged total. */
export function page<T extends object>(rows: readonly T[], query: PageQuery): Page<T> {
  checkPage(query);
  return {
    items: rows.slice(query.offset, query.offset + query.limit).map((row) => ({ ...row })),
    total: rows.length,
  };
}

export function checkPage(query: PageQuery): void {
  if (!Number.isInteger(query.limit) || query.limit < 0) {
    throw new RangeError(`limit must be a non-negative integer, got ${query.limit}`);
  }
  if (!Number.isInteger(query.offset) || query.offset < 0) {
    throw new RangeError(`offset must be a non-negative integer, got ${query.offset}`);
  }
}
