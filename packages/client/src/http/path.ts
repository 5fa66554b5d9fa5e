/** Builds a path from literal parts and ids, encoding each id so it cannot change the route. */
export function path(strings: TemplateStringsArray, ...ids: string[]): string {
  let out = strings[0]!;
  ids.forEach((id, i) => {
    if (typeof id !== "string" || id === "") throw new TypeError("ids in a path must be non-empty strings");
    out += encodeURIComponent(id) + strings[i + 1]!;
  });
  return out;
}
