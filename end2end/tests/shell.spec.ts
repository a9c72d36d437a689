import { expect, test } from "@playwright/test";
import { expectAccessible, jsEnabled, waitForHydration, watchConsole } from "./helpers";

test("home page in Italian lists citizen and business services from the catalogue", async ({ page }, info) => {
  const noConsoleErrors = watchConsole(page);
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tutti i servizi per il lavoro, online");
  const citizens = page.locator("section", { has: page.getByRole("heading", { name: "Per i cittadini" }) });
  await expect(citizens.getByRole("listitem")).toHaveCount(10);
  const businesses = page.locator("section", { has: page.getByRole("heading", { name: "Per le imprese" }) });
  await expect(businesses.getByRole("listitem")).toHaveCount(6);
  await expect(page.getByRole("link", { name: "Garanzia Giovani" })).toHaveAttribute("href", "/servizi/garanzia-giovani");
  if (jsEnabled(info)) await waitForHydration(page);
  await expectAccessible(page);
  noConsoleErrors();
});

test("language switch renders English and remembers it", async ({ page }, info) => {
  await page.goto("/cittadini");
  if (jsEnabled(info)) await waitForHydration(page);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/cittadini$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Services for citizens");
  await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
  await expectAccessible(page);

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Every employment service, online");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Italiano" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tutti i servizi per il lavoro, online");
});

test("skip link is the first stop and moves focus to the main content", async ({ page }, info) => {
  await page.goto("/");
  if (jsEnabled(info)) await waitForHydration(page);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Vai al contenuto principale" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main-content$/);
});

test("main navigation and footer lead to real pages", async ({ page }, info) => {
  await page.goto("/");
  if (jsEnabled(info)) await waitForHydration(page);
  await page.getByRole("navigation", { name: "Menu principale" }).getByRole("link", { name: "Imprese" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Servizi per le imprese");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Dichiarazione di accessibilità" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dichiarazione di accessibilità");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Informativa privacy" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Informativa sul trattamento dei dati personali");
  await expectAccessible(page);
});

test("a service page describes the service from the catalogue", async ({ page }, info) => {
  await page.goto("/");
  if (jsEnabled(info)) await waitForHydration(page);
  await page.getByRole("link", { name: "Garanzia Giovani" }).click();
  await expect(page).toHaveURL(/\/servizi\/garanzia-giovani$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Garanzia Giovani");
  await expect(page.getByText("Riservato a chi ha tra 15 e 29 anni.")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Percorso di navigazione" })).toBeVisible();
  await expectAccessible(page);
});

test("the CPI page lists the demo offices from the database", async ({ page }) => {
  const response = await page.goto("/cpi");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 2 })).toHaveCount(5);
  await expect(page.getByRole("heading", { name: "Centro per l'impiego di Terni" })).toBeVisible();
  await expectAccessible(page);
});
