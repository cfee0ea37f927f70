/**
 * Reading a world's state maps, whose keys are names an agent chose (a path, an id, a host).
 */

/**
 * `record[key]` when `key` is the record's own property, else undefined, so a name such as
 * `__proto__`, `constructor` or `toString` never resolves to an `Object.prototype` member.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
