import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type TestInfo } from "@playwright/test";

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

/**
 * Fails the test if axe-core finds any WCAG 2.1 A/AA violation on the page as it is now.
 * axe runs as JavaScript, so for a no-JavaScript page it checks the same URL (same cookies, same
 * viewport) in a page whose scripts are blocked: the server-rendered HTML a no-JS user gets.
 */
export async function expectAccessible(page: Page) {
  if (jsEnabled(test.info())) {
    expect(await axeViolations(page), "axe-core WCAG 2.1 AA violations").toEqual([]);
    return;
  }
  const browser = page.context().browser()!;
  const context = await browser.newContext({
    storageState: await page.context().storageState(),
    viewport: page.viewportSize(),
    javaScriptEnabled: true,
  });
  try {
    await context.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
    const copy = await context.newPage();
    await copy.goto(page.url());
    expect(await axeViolations(copy), `axe-core WCAG 2.1 AA violations (no-JS render of ${page.url()})`).toEqual([]);
  } finally {
    await context.close();
  }
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

/** Waits until the WASM bundle has hydrated the page (the app marks <body> once its effects run). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("body[data-hydrated='true']")).toHaveCount(1);
}
