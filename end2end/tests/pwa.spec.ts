import { expect, test } from "@playwright/test";
import { expectAccessible, jsEnabled, waitForHydration } from "./helpers";

test.describe("progressive web app", () => {
  test.beforeEach(({}, info) => {
    test.skip(!jsEnabled(info), "service workers need JavaScript");
  });

  test("the service worker registers and controls the page", async ({ page }) => {
    await page.goto("/");
    await waitForHydration(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toMatch(/\/$/);
    const sw = await page.request.get("/sw.js");
    expect(sw.headers()["cache-control"]).toBe("no-cache");
  });

  test("Chromium considers the app installable", async ({ page }) => {
    await page.goto("/");
    await page.evaluate(async () => navigator.serviceWorker.ready);
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
    const manifest = await cdp.send("Page.getAppManifest");
    expect(manifest.errors).toEqual([]);
  });

  test("shows the offline page when the network is cut", async ({ page, context }) => {
    await page.goto("/");
    await page.evaluate(async () => navigator.serviceWorker.ready);
    // The first load may finish before the worker takes control; a reload guarantees it.
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await context.setOffline(true);
    await page.goto("/imprese");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sei offline");
    await expectAccessible(page);
    await context.setOffline(false);
  });
});
