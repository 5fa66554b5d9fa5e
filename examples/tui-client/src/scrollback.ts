/**
 * Where the chat pane is scrolled, counted in lines up from the newest. New messages arriving
 * below do not move what a scrolled-up reader is looking at; older pages loaded above do not
 * either, because the offset is measured from the bottom.
 */

export class Scrollback {
  /** Lines between the bottom of the view and the newest line. */
  #offset = 0;
  #total = 0;
  #width = 0;
  #prepending = false;

  get offset(): number {
    return this.#offset;
  }

  get atBottom(): boolean {
    return this.#offset === 0;
  }

  /** The next content change adds lines at the top (older history), not at the bottom. */
  expectPrepend(): void {
    this.#prepending = true;
  }

  /**
   * Take the content's new size, keep a scrolled-up view on the same lines, and return which
   * lines show: `[start, end)` of `total`, for a view `height` lines tall and `width` wide.
   */
  window(total: number, height: number, width: number): { start: number; end: number } {
    if (this.#offset > 0 && !this.#prepending && width === this.#width && total > this.#total) {
      this.#offset += total - this.#total;
    }
    if (total !== this.#total) this.#prepending = false;
    this.#total = total;
    this.#width = width;
    this.#offset = Math.max(0, Math.min(this.#offset, this.maxOffset(height)));
    const end = total - this.#offset;
    return { start: Math.max(0, end - height), end };
  }

  maxOffset(height: number): number {
    return Math.max(0, this.#total - height);
  }

  /** True when the top line shows. */
  atTop(height: number): boolean {
    return this.#offset >= this.maxOffset(height);
  }

  /** Scroll up a page (keeping one line of context); true when that reached the top. */
  pageUp(height: number): boolean {
    this.#offset = Math.min(this.maxOffset(height), this.#offset + Math.max(1, height - 1));
    return this.atTop(height);
  }

  pageDown(height: number): void {
    this.#offset = Math.max(0, this.#offset - Math.max(1, height - 1));
  }

  toBottom(): void {
    this.#offset = 0;
  }
}
