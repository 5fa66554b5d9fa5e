/** A round initials avatar with an optional presence dot. */
import { h } from "../dom.ts";
import { avatarColor, initials } from "../format.ts";

export function avatar(
  userId: string,
  name: string,
  options: { online?: boolean; small?: boolean } = {},
): HTMLElement {
  const element = h(
    "span",
    { class: options.small ? "avatar avatar-small" : "avatar", attrs: { "aria-hidden": "true" } },
    initials(name),
  );
  element.style.background = avatarColor(userId);
  if (options.online !== undefined) {
    element.append(h("span", { class: "presence", data: { online: String(options.online) } }));
  }
  return element;
}
