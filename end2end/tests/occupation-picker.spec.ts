import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, jsEnabled, waitForHydration, watchConsole } from "./helpers";

const INPUT_LABEL = "Nome della professione";
const WELDER = "Saldatore/trice";

/** The detail of the welder occupation, in Italian, as both paths render it. */
async function expectWelderDetail(page: Page) {
  await expect(page).toHaveURL(/\/professioni\?id=saldatore$/);
  const detail = page.getByRole("article", { name: WELDER });
  await expect(detail.getByRole("heading", { level: 2, name: WELDER })).toBeVisible();
  await expect(detail.getByRole("definition").filter({ hasText: /^Welder$/ })).toBeVisible();
  await expect(detail.getByText("Classificazione ISCO-08")).toBeVisible();
  await expect(detail.getByText("7212", { exact: true }).first()).toBeVisible();
  await expect(detail.getByText("Gruppo unitario")).toBeVisible();
  await expect(detail.getByRole("listitem").filter({ hasText: /^saldatrice$/ })).toBeVisible();
  const esco = detail.getByRole("link", { name: "Scheda ESCO della professione (sito esterno)" });
  await expect(esco).toHaveAttribute("href", /^https?:\/\/data\.europa\.eu\/esco\/occupation\//);
}

test.describe("Occupation page without JavaScript", () => {

  test("a GET form lists the occupations as links, and a link shows the occupation", async ({ page }, info) => {
    test.skip(jsEnabled(info), "no-JS path");
    await page.goto("/professioni");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cerca una professione");
    const search = page.getByRole("search", { name: "Cerca una professione" });
    await search.getByLabel(INPUT_LABEL).fill("saldatori");
    await search.getByRole("button", { name: "Cerca" }).click();
    await expect(page).toHaveURL(/\/professioni\?q=saldatori&id=$/);
    const result = page.locator(".occupation-result");
    await expect(result.getByRole("heading", { name: "Professioni trovate" })).toBeVisible();
    const link = result.getByRole("link", { name: WELDER, exact: true });
    await expect(link).toHaveAttribute("href", "/professioni?id=saldatore");
    await expectAccessible(page);

    await link.click();
    await expectWelderDetail(page);
    await expectAccessible(page);
  });

  test("unknown texts and short queries explain themselves", async ({ page }, info) => {
    test.skip(jsEnabled(info), "no-JS path");
    const result = page.locator(".occupation-result");
    await page.goto("/professioni?q=Zzzyxq");
    await expect(result.getByText("Nessuna professione trovata per «Zzzyxq».")).toBeVisible();
    await page.goto("/professioni?q=a");
    await expect(result.getByText("Scrivi almeno 2 lettere del nome della professione.")).toBeVisible();
  });
});

test.describe("Occupation page with JavaScript", () => {

  test("type 'saldatori', pick with the keyboard, see the occupation", async ({ page }, info) => {
    test.skip(!jsEnabled(info), "JS path");
    const noConsoleErrors = watchConsole(page);
    await page.goto("/professioni");
    await waitForHydration(page);
    const combo = page.getByRole("combobox", { name: INPUT_LABEL });
    await expect(combo).toHaveAttribute("aria-autocomplete", "list");
    await expect(combo).toHaveAttribute("aria-expanded", "false");
    await combo.click();
    await combo.pressSequentially("saldatori", { delay: 30 });
    const listbox = page.getByRole("listbox");
    await expect(listbox).toBeVisible();
    await expect(combo).toHaveAttribute("aria-expanded", "true");
    await expect(combo).toHaveAttribute("aria-controls", (await listbox.getAttribute("id"))!);
    // Stemming: the plural finds the singular; the synonym that matched is shown with the label.
    const welder = listbox.getByRole("option", { name: /^Saldatore\/trice\s*,\s*anche: / });
    await expect(welder).toBeVisible();
    await expect(page.locator(".occupation-picker").getByRole("status")).toHaveText(/risultat[oi] disponibil[ei]/);
    await expectAccessible(page);

    // Move the highlight down to the welder (option ids end with their position).
    const welderId = (await welder.getAttribute("id"))!;
    const index = Number(welderId.split("-").pop());
    expect(Number.isInteger(index), welderId).toBe(true);
    for (let i = 0; i <= index; i++) await page.keyboard.press("ArrowDown");
    await expect(welder).toHaveAttribute("aria-selected", "true");
    await expect(combo).toHaveAttribute("aria-activedescendant", (await welder.getAttribute("id"))!);

    await page.keyboard.press("Enter");
    await expect(listbox).toBeHidden();
    await expect(combo).toHaveValue(WELDER);
    await expect(page.locator("input[type=hidden][name=id]")).toHaveValue("saldatore");
    await expectWelderDetail(page);
    await expectAccessible(page);

    // Typing again forgets the chosen id, so a form never submits a stale occupation.
    await combo.press("End");
    await combo.pressSequentially(" x");
    await expect(page.locator("input[type=hidden][name=id]")).toHaveValue("");
    noConsoleErrors();
  });

  test("Escape closes the list and Enter without a highlight submits the form", async ({ page }, info) => {
    test.skip(!jsEnabled(info), "JS path");
    await page.goto("/professioni");
    await waitForHydration(page);
    const combo = page.getByRole("combobox", { name: INPUT_LABEL });
    await combo.click();
    await combo.pressSequentially("saldat", { delay: 30 });
    const listbox = page.getByRole("listbox");
    await expect(listbox).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(listbox).toBeHidden();
    await expect(combo).toHaveAttribute("aria-expanded", "false");
    await combo.press("Enter");
    await expect(page).toHaveURL(/\/professioni\?q=saldat&id=$/);
    await expect(page.locator(".occupation-result").getByRole("link", { name: WELDER, exact: true })).toBeVisible();
  });
});

test("the search speaks the page's language", async ({ page, baseURL }, info) => {
  await page.context().addCookies([{ name: "lang", value: "en", url: baseURL! }]);
  await page.goto("/professioni");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Find an occupation");
  if (jsEnabled(info)) {
    await waitForHydration(page);
    const combo = page.getByRole("combobox", { name: "Occupation name" });
    await combo.click();
    await combo.pressSequentially("welders", { delay: 30 });
    await expect(page.getByRole("listbox").getByRole("option", { name: /^Welder\b/ }).first()).toBeVisible();
    await expectAccessible(page);
  } else {
    await page.getByLabel("Occupation name").fill("welders");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.locator(".occupation-result").getByRole("link", { name: "Welder", exact: true })).toBeVisible();
  }
  await page.goto("/professioni?id=saldatore");
  const detail = page.getByRole("article", { name: "Welder" });
  await expect(detail.getByText("Unit group")).toBeVisible();
  await expect(detail.getByRole("definition").filter({ hasText: /^Saldatore\/trice$/ })).toBeVisible();
});

test("an unknown occupation id is a 404 page", async ({ page }) => {
  for (const id of ["nessuna-professione", "..%2Fetc"]) {
    const response = await page.goto(`/professioni?id=${id}`);
    expect(response?.status(), id).toBe(404);
    await expect(page.getByRole("alert")).toContainText("Non abbiamo trovato ciò che cerchi.");
  }
  await expectAccessible(page);
});
