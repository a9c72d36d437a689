import { expect, test } from "@playwright/test";
import { expectAccessible, jsEnabled, waitForHydration, watchConsole } from "./helpers";

const CASTELLO_CPI = "Centro per l'impiego di Città di Castello";

test.describe("CPI finder without JavaScript", () => {

  test("a GET form finds the CPI of a comune", async ({ page }, info) => {
    test.skip(jsEnabled(info), "no-JS path");
    await page.goto("/cpi");
    const search = page.getByRole("search", { name: "Trova il tuo Centro per l'impiego" });
    await search.getByLabel("Trova il tuo Centro per l'impiego: scrivi il tuo comune").fill("citta di castello");
    await search.getByRole("button", { name: "Cerca" }).click();
    await expect(page).toHaveURL(/\/cpi\?comune=citta\+di\+castello$/);
    const result = page.locator(".cpi-finder-result");
    await expect(result.getByRole("heading", { name: "Risultato della ricerca" })).toBeVisible();
    await expect(result.getByText("Il tuo Centro per l'impiego è:")).toBeVisible();
    const link = result.getByRole("link", { name: CASTELLO_CPI });
    await expect(link).toBeVisible();
    const target = await link.getAttribute("href");
    expect(target).toMatch(/^#cpi-/);
    await expect(page.locator(`li${target}`).getByRole("heading", { name: CASTELLO_CPI })).toHaveCount(1);
    await expectAccessible(page);
  });

  test("abbreviations, comuni outside the region, unknown names and short queries", async ({ page }, info) => {
    test.skip(jsEnabled(info), "no-JS path");
    await page.goto("/cpi?comune=S.+Giustino");
    const result = page.locator(".cpi-finder-result");
    await expect(result.getByText("San Giustino (PG)")).toBeVisible();
    await expect(result.getByRole("link", { name: CASTELLO_CPI })).toBeVisible();

    await page.goto("/cpi?comune=Milano");
    await expect(result.getByText("Milano (MI)")).toBeVisible();
    await expect(result.getByText("non è servito da un Centro per l'impiego di questa regione.").first()).toBeVisible();
    await expectAccessible(page);

    await page.goto("/cpi?comune=Zzzyxq");
    await expect(result.getByText("Nessun comune trovato per «Zzzyxq».")).toBeVisible();

    await page.goto("/cpi?comune=a");
    await expect(result.getByText("Scrivi almeno 2 lettere del nome del comune.")).toBeVisible();
  });
});

test.describe("CPI finder with JavaScript", () => {

  test("the comune field is a combobox with list autocomplete", async ({ page }, info) => {
    test.skip(!jsEnabled(info), "JS path");
    const noConsoleErrors = watchConsole(page);
    await page.goto("/cpi");
    await waitForHydration(page);
    const combo = page.getByRole("combobox", { name: "Trova il tuo Centro per l'impiego: scrivi il tuo comune" });
    await expect(combo).toHaveAttribute("aria-autocomplete", "list");
    await expect(combo).toHaveAttribute("aria-expanded", "false");
    await combo.click();
    await combo.pressSequentially("citta di cas", { delay: 30 });
    const listbox = page.getByRole("listbox");
    await expect(listbox).toBeVisible();
    await expect(combo).toHaveAttribute("aria-expanded", "true");
    await expect(combo).toHaveAttribute("aria-controls", (await listbox.getAttribute("id"))!);
    await expect(listbox.getByRole("option", { name: /Città di Castello/ })).toBeVisible();
    await expect(page.locator(".comune-picker").getByRole("status")).toHaveText(/risultat[oi] disponibil[ei]/);
    await expectAccessible(page);

    await page.keyboard.press("ArrowDown");
    const first = listbox.getByRole("option").first();
    await expect(first).toHaveAttribute("aria-selected", "true");
    await expect(combo).toHaveAttribute("aria-activedescendant", (await first.getAttribute("id"))!);

    await page.keyboard.press("Escape");
    await expect(listbox).toBeHidden();
    await expect(combo).toHaveAttribute("aria-expanded", "false");
    await expect(combo).not.toHaveAttribute("aria-activedescendant", /.+/);

    await page.keyboard.press("ArrowDown");
    await expect(listbox).toBeVisible();
    await expect(first).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(listbox).toBeHidden();
    await expect(combo).toHaveValue("Città di Castello");
    await expect(page).toHaveURL(/\/cpi\?comune=Citt%C3%A0\+di\+Castello$/);
    const result = page.locator(".cpi-finder-result");
    await expect(result.getByText("Il tuo Centro per l'impiego è:")).toBeVisible();
    await expect(result.getByRole("link", { name: CASTELLO_CPI })).toBeVisible();
    await expectAccessible(page);
    noConsoleErrors();
  });

  test("the plain form still works after hydration", async ({ page }, info) => {
    test.skip(!jsEnabled(info), "JS path");
    await page.goto("/cpi");
    await waitForHydration(page);
    const combo = page.getByRole("combobox", { name: "Trova il tuo Centro per l'impiego: scrivi il tuo comune" });
    await combo.fill("Milano");
    // No option highlighted: Enter submits the form as without JavaScript.
    await combo.press("Enter");
    await expect(page).toHaveURL(/\/cpi\?comune=Milano$/);
    const result = page.locator(".cpi-finder-result");
    await expect(result.getByText("Milano (MI)")).toBeVisible();
    await expect(result.getByText("non è servito da un Centro per l'impiego di questa regione.").first()).toBeVisible();
  });
});
