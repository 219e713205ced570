/** Paged list answer: `{ items, page, size, total }`. */
export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
