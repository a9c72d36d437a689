import { expect, test } from "@playwright/test";
import { jsEnabled, waitForHydration, watchConsole } from "./helpers";

test("pages carry the security headers and a per-request CSP nonce on every script", async ({ page }, info) => {
  const noConsoleErrors = watchConsole(page);
  const response = await page.goto("/");
  const headers = response!.headers();
  const csp = headers["content-security-policy"];
  expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=_-]+' 'strict-dynamic' 'wasm-unsafe-eval'/);
  for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
    expect(csp).toContain(directive);
  }
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["cache-control"]).toBe("no-cache");
  expect(headers["x-request-id"]).toBeTruthy();

  const nonce = csp.match(/'nonce-([^']+)'/)![1];
  const scriptNonces = await page.locator("script").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  for (const n of scriptNonces) expect(n).toBe(nonce);

  const second = await page.request.get("/");
  expect(second.headers()["content-security-policy"]).not.toContain(nonce);

  // With JavaScript on, the WASM bundle must load and hydrate under this CSP without a single violation.
  if (jsEnabled(info)) await waitForHydration(page);
  noConsoleErrors();
});

test("hashed assets are cached as immutable", async ({ page }) => {
  await page.goto("/");
  const css = await page.locator("link[rel=stylesheet]").getAttribute("href");
  expect(css).toMatch(/^\/pkg\/sportello\.[A-Za-z0-9_-]+\.css$/);
  const res = await page.request.get(css!);
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
});

test("cross-origin form posts are refused", async ({ request, baseURL }) => {
  const res = await request.post("/lang", {
    form: { lang: "en", next: "/" },
    headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(403);
  const ok = await request.post("/lang", {
    form: { lang: "en", next: "/" },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(ok.status()).toBe(303);
});
