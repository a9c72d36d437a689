import { expect, test } from "@playwright/test";
import { expectAccessible } from "./helpers";

test("unknown pages answer 404 with a helpful page", async ({ page }) => {
  const response = await page.goto("/questa-pagina-non-esiste");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pagina non trovata");
  await expect(page.getByRole("link", { name: "Torna alla home" })).toBeVisible();
  await expectAccessible(page);
});

test("an unknown service is a 404 too", async ({ page }) => {
  const response = await page.goto("/servizi/non-esiste");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pagina non trovata");
});
