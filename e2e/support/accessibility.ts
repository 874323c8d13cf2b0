import type { Page } from "playwright-core";

// The scans run inside the page (page.evaluate). The Node program has no DOM types (and should not: no
// server code may use them), so the one browser global used here is declared loosely, for this file only.
declare const document: any;

/** What the in-page scan found wrong: each entry names the element. */
export interface AccessibilityProblems {
  unlabelledControls: string[];
  unnamedButtonsAndLinks: string[];
  landmarks: { main: number; nav: number; header: number; h1: number };
}

/**
 * Accessibility basics, checked in the page without axe-core: every form control has a label (a <label>,
 * aria-label or aria-labelledby), every button and link a name, and the page its landmarks and one h1.
 */
export async function scanAccessibility(page: Page): Promise<AccessibilityProblems> {
  return page.evaluate(() => {
    const describe = (element: any): string => element.outerHTML.slice(0, 120);
    const controls: any[] = Array.from(document.querySelectorAll("input, select, textarea")).filter((element: any) => element.type !== "hidden");
    const unlabelledControls = controls
      .filter((control) => (control.labels?.length ?? 0) === 0 && !control.getAttribute("aria-label") && !control.getAttribute("aria-labelledby"))
      .map(describe);
    const unnamedButtonsAndLinks = (Array.from(document.querySelectorAll("button, a[href]")) as any[])
      .filter((element) => (element.textContent ?? "").trim() === "" && !element.getAttribute("aria-label"))
      .map(describe);
    const count = (selector: string): number => document.querySelectorAll(selector).length;
    return { unlabelledControls, unnamedButtonsAndLinks, landmarks: { main: count("main"), nav: count("nav"), header: count("header"), h1: count("h1") } };
  });
}

/** The accessible names of the first `presses` elements Tab reaches from where focus is, in order (keyboard reachability). */
export async function tabOrder(page: Page, presses: number): Promise<string[]> {
  const reached: string[] = [];
  for (let press = 0; press < presses; press += 1) {
    await page.keyboard.press("Tab");
    reached.push(
      await page.evaluate(() => {
        const element = document.activeElement;
        if (!element || element === document.body) return "";
        const labelled = element.labels?.[0]?.textContent ?? element.getAttribute("aria-label");
        return `${element.tagName.toLowerCase()}:${(labelled ?? element.textContent ?? "").trim()}`;
      }),
    );
  }
  return reached;
}
