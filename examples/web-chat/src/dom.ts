/**
 * The app's whole rendering toolkit: `h()` builds elements, and strings always become text
 * nodes. Nothing here (or anywhere in the app) assigns `innerHTML`, so a message, a username
 * or a room name can never turn into markup.
 */

export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Handler<K extends keyof HTMLElementEventMap> = (event: HTMLElementEventMap[K]) => void;

export interface Props {
  class?: string | Record<string, boolean>;
  /** `data-*` attributes, camelCase keys as in `dataset`. */
  data?: Record<string, string | number | undefined>;
  /** Other attributes; `false`/`null`/`undefined` leave them out, `true` sets them empty. */
  attrs?: Record<string, string | number | boolean | null | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: Handler<K> };
  /** Called with the element once built (focus, keep a reference). */
  ref?: (element: HTMLElement) => void;
}

/** Build an element. Children that are strings or numbers become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props) applyProps(element, props);
  append(element, children);
  return element;
}

/** Append children (flattened; strings as text). */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Replace every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  parent.replaceChildren(fragment);
}

/** Set `class` from a string or a `{ name: on }` map. */
export function classNames(value: string | Record<string, boolean>): string {
  if (typeof value === "string") return value;
  return Object.entries(value)
    .filter(([, on]) => on)
    .map(([name]) => name)
    .join(" ");
}

function applyProps(element: HTMLElement, props: Props): void {
  if (props.class !== undefined) element.className = classNames(props.class);
  for (const [key, value] of Object.entries(props.data ?? {})) {
    if (value !== undefined) element.dataset[key] = String(value);
  }
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const [type, handler] of Object.entries(props.on ?? {})) {
    element.addEventListener(type, handler as EventListener);
  }
  props.ref?.(element);
}
