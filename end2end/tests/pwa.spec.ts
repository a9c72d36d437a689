import { chromium, expect, test } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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

  test("Chromium considers the app installable", async ({ baseURL, viewport }, info) => {
    // Installability is never granted to incognito contexts, which is what Playwright's default
    // contexts are: use a real (persistent) profile in a temporary folder.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-pwa-"));
    const context = await chromium.launchPersistentContext(profile, {
      ...info.project.use.launchOptions,
      viewport,
      baseURL,
    });
    try {
      const page = await context.newPage();
      await page.goto("/");
      await page.evaluate(async () => navigator.serviceWorker.ready);
      const cdp = await context.newCDPSession(page);
      const manifest = await cdp.send("Page.getAppManifest");
      expect(manifest.errors).toEqual([]);
      expect(manifest.url).toMatch(/\/manifest\.webmanifest$/);
      const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
      expect(installabilityErrors).toEqual([]);
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
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
