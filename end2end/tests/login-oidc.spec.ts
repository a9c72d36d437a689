import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { expectAccessible, jsEnabled, waitForHydration, watchConsole } from "./helpers";

// The real OpenID Connect flow, through the certified `oidc-provider` Playwright starts on loopback
// (end2end/oidc/provider.mjs): authorization code + PKCE, ID token signed with the provider's key,
// fiscal number from userinfo as `TINIT-<codice fiscale>`, level SpidL2. Each project logs in as its
// own test citizen so parallel projects never create the same person at once.
const CITIZENS: Record<string, string> = {
  "phone-js": "Laura Bianchi",
  "phone-nojs": "Giuseppe Verdi",
  "desktop-js": "Lucia Neri",
  "desktop-nojs": "Marco Gialli",
};

async function openProviderLogin(page: Page, info: TestInfo) {
  await page.goto("/accesso");
  if (jsEnabled(info)) await waitForHydration(page);
  await page.getByRole("link", { name: "Entra con SPID" }).click();
  // The provider's own login page.
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/interaction\//);
  await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
}

test("logs in with SPID through a real OpenID provider and logs out", async ({ page }, info) => {
  const name = CITIZENS[info.project.name];
  test.skip(!name, `no test citizen for project ${info.project.name}`);
  const noConsoleErrors = watchConsole(page);

  await openProviderLogin(page, info);
  await page.getByLabel("Username").fill(info.project.name);
  await page.getByLabel("Password").fill("password");
  await page.getByRole("button", { name: "Sign in" }).click();

  // Back on our site, logged in: the personal area, the name in the header.
  await expect(page).toHaveURL(/\/area-personale$/);
  await expect(page.locator("#user-name")).toHaveText(name);
  if (jsEnabled(info)) await waitForHydration(page);
  await expectAccessible(page);

  await page.locator("form[action='/auth/logout']").getByRole("button").click();
  await expect(page.locator("#user-name")).toHaveCount(0);
  const cookies = await page.context().cookies();
  expect(cookies.map((c) => c.name)).not.toContain("__Host-sl_session");
  noConsoleErrors();
});

test("cancelling at the provider lands on the login page with an explanation", async ({ page }, info) => {
  await openProviderLogin(page, info);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/accesso\?errore=annullato$/);
  await expect(page.locator("#user-name")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Entra con SPID" })).toBeVisible();
  if (jsEnabled(info)) await waitForHydration(page);
  await expectAccessible(page);
});
