/** The fields of a PATCH body that were sent (class fields the client left out are undefined). */
export function defined<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<T>;
}
