/** A short message at the bottom of the screen (errors from actions that have no form). */
import { h } from "../dom.ts";

export function showToast(text: string, duration = 4000): void {
  document.querySelector(".toast")?.remove();
  const element = h("div", { class: "toast", attrs: { role: "status" }, data: { testid: "toast" } }, text);
  document.body.append(element);
  setTimeout(() => element.remove(), duration);
}
