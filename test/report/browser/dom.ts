/**
 * The few DOM types the browser test reads inside the page. The project compiles for Node (its
 * `lib` has no DOM, so no library code can lean on a browser global by mistake); the functions
 * that run in Chromium cast `globalThis` to {@link PageWindow} instead.
 */

/** An element's box in CSS pixels, relative to the viewport. */
export interface PageRect {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
  readonly width: number;
  readonly height: number;
}

/** The parts of an Element (HTML or SVG) the test reads. */
export interface PageElement {
  readonly tagName: string;
  readonly id: string;
  readonly textContent: string | null;
  readonly parentElement: PageElement | null;
  readonly children: ArrayLike<PageElement>;
  /** Set on `<details>` only. */
  open?: boolean;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): PageRect;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  closest(selector: string): PageElement | null;
  checkVisibility(): boolean;
  contains(other: PageElement | null): boolean;
  scrollIntoView(options?: { block?: 'start' | 'center' }): void;
}

/** The parts of the window the test reads; `__pwned` is what the injected markup would set. */
export interface PageWindow {
  readonly document: {
    readonly documentElement: PageElement & { readonly scrollWidth: number; readonly clientWidth: number };
    getElementById(id: string): PageElement | null;
    elementFromPoint(x: number, y: number): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
  };
  readonly innerWidth: number;
  readonly innerHeight: number;
  readonly location: { readonly hash: string; readonly pathname: string };
  readonly history: { replaceState(data: null, unused: string, url: string): void };
  scrollTo(x: number, y: number): void;
  readonly __pwned?: unknown;
}
