import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/** Fails the test if axe-core finds any WCAG 2.1 A/AA violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(summary, "axe-core WCAG 2.1 AA violations").toEqual([]);
}

export function jsEnabled(testInfo: TestInfo): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/** Collects console errors and CSP violations; call the returned function at the end to assert none. */
export function watchConsole(page: Page): () => void {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(msg.text());
  });
  page.on("pageerror", (err) => problems.push(err.message));
  return () => expect(problems, "console errors").toEqual([]);
}

/** Waits until the WASM bundle has hydrated the page (the shell marks <body> once its effects run). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("body[data-hydrated='true']")).toHaveCount(1);
}
