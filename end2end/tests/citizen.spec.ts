import { devices, expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { COMPANY_ADMIN, expectAccessible, jsEnabled, loginAsPersona, makeUpCitizen, open, openCompanyVacancies, tick, waitForHydration } from "./helpers";

// Issue 7. The public job search without JavaScript: text, comune and radius, relevance order, a
// result with its distance, the job page asking an anonymous visitor to log in to apply. And the
// citizen's journey on a phone: DID, pact slot, profile, jobs for me, applying; the CPI shortlists
// and sends; the company hires; the citizen sees it live.

test("the public job search works without JavaScript: text, comune and radius, order, next page", async ({ page }, info) => {
  test.skip(jsEnabled(info) || info.project.name !== "desktop-nojs", "no-JS path, once");
  await page.goto("/offerte");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Cerca nel titolo e nella descrizione").fill("camerieri");
  await page.getByLabel("Comune", { exact: true }).selectOption({ label: "Perugia" });
  await page.getByLabel("Distanza massima dal comune").selectOption({ label: "Entro 30 km" });
  await page.getByLabel("Ordina per").selectOption({ label: "Pertinenza" });
  await page.getByRole("button", { name: "Cerca", exact: true }).click();
  await expect(page).toHaveURL(/q=camerieri/);
  await expect(page).toHaveURL(/raggio=30/);
  const count = page.locator("[aria-live]").filter({ hasText: /offert/ }).first();
  await expect(count).toBeVisible();
  const results = page.locator("ol li a[href^='/offerte/']");
  await expect(results.first()).toBeVisible();
  await expect(page.getByText(/^a \d+([,.]\d+)? km$/).first()).toBeVisible();
  await expectAccessible(page);
  const resultsUrl = page.url();

  // The occupation field without JavaScript: the typed text comes back as occupations to choose from.
  await page.getByLabel("Professione", { exact: true }).fill("giardin");
  await page.getByRole("button", { name: "Cerca", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Quale professione intendi?" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Giardiniere/a / manutentore/trice del verde" }).click();
  await expect(page).toHaveURL(/professione=giardiniere/);
  await expect(page).toHaveURL(/q=camerieri/);
  await expect(page.getByLabel("Professione", { exact: true })).toHaveValue("Giardiniere/a / manutentore/trice del verde");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Togli il filtro per professione" }).click();
  await expect(page).not.toHaveURL(/professione=/);
  await expect(page.getByLabel("Professione", { exact: true })).toHaveValue("");

  await page.goto(resultsUrl);
  await results.first().click();
  await expect(page).toHaveURL(/\/offerte\/\d+$/);
  // Anonymous visitors are asked to log in to apply.
  await expect(page.getByText("Accedi per candidarti")).toBeVisible();
  await expectAccessible(page);
});

const SUPERVISOR = "Giorgio Tomassini";
const desktop = { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } };

async function asPersona(browser: Browser, info: TestInfo, name: string): Promise<Page> {
  const context = await browser.newContext({ ...desktop, javaScriptEnabled: true });
  const page = await context.newPage();
  await loginAsPersona(page, info, name);
  return page;
}

/** A published vacancy of the demo company that takes applications: its id. */
async function companyVacancy(browser: Browser, info: TestInfo): Promise<string> {
  const company = await asPersona(browser, info, COMPANY_ADMIN);
  const dashboard = await openCompanyVacancies(company, info);
  await open(company, info, `${dashboard}&stato=published`);
  const first = company.locator("table.vacancy-table tbody tr th a").first();
  const href = await first.getAttribute("href");
  expect(href, "a published vacancy of the demo company").toMatch(/\/impresa\/offerte\/\d+$/);
  await company.context().close();
  return href!.split("/").pop()!;
}

async function saveAndContinue(page: Page) {
  await page.getByRole("button", { name: "Salva e continua", exact: true }).click();
}

/** The DID, start to receipt, and the pact interview booked from its last step. */
async function declareAvailability(page: Page, info: TestInfo) {
  await open(page, info, "/area-personale/did");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Rilascia la DID", exact: true }).click();
  await expect(page).toHaveURL(/\/area-personale\/did\/residenza/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Residenza e domicilio");
  if (jsEnabled(info)) await waitForHydration(page);
  await expectAccessible(page);
  await page.getByLabel("Comune di residenza").selectOption({ label: "Perugia" });
  await saveAndContinue(page);

  await expect(page).toHaveURL(/\/area-personale\/did\/situazione/);
  if (jsEnabled(info)) await waitForHydration(page);
  await page.getByLabel("Situazione attuale").selectOption({ label: "Disoccupato, ho perso il lavoro" });
  await page.getByLabel("Ultima occupazione").fill("Cameriera");
  await saveAndContinue(page);

  await expect(page).toHaveURL(/\/area-personale\/did\/profilazione/);
  if (jsEnabled(info)) await waitForHydration(page);
  // Nothing chosen yet: the error summary names the missing answers.
  await saveAndContinue(page);
  await expect(page.locator(".error-summary")).toContainText("Titolo di studio più alto: campo obbligatorio");
  await expectAccessible(page);
  await page.getByLabel("Titolo di studio più alto").selectOption({ label: "Diploma (EQF 4)" });
  await page.getByLabel("Mesi senza lavoro").fill("4");
  await page.getByLabel("Situazione familiare").selectOption({ label: "Vivo da solo" });
  await page.getByLabel("Persone a carico").fill("0");
  await saveAndContinue(page);

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controlla le risposte");
  if (jsEnabled(info)) await waitForHydration(page);
  await expect(page.getByText("I dati anagrafici corrispondono al codice fiscale.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Invia la DID", exact: true }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("DID inviata");
  if (jsEnabled(info)) await waitForHydration(page);
  await expect(page.getByText(/PG-\d{4}-\d{6}/).first()).toBeVisible();
  await expectAccessible(page);
  const slots = page.getByRole("group", { name: "Orari liberi" });
  await tick(page, slots.getByRole("radio").first());
  await page.getByRole("button", { name: "Prenota il colloquio", exact: true }).click();
  await expect(page.getByText("Colloquio prenotato.", { exact: false })).toBeVisible();
  await expect(page.getByText("Inviata", { exact: true }).first()).toBeVisible();
  await expectAccessible(page);
}

/** The profile: a desired occupation picked with the combobox, then visibility to employers. */
async function buildProfile(page: Page, info: TestInfo) {
  await open(page, info, "/area-personale/profilo");
  await expectAccessible(page);
  const meter = page.getByText(/Profilo completo al \d+%/);
  const before = Number((await meter.textContent())!.match(/(\d+)%/)![1]);

  await open(page, info, "/area-personale/profilo/professioni");
  const combo = page.getByRole("combobox", { name: "Professione" });
  await combo.fill("camerier");
  await page.getByRole("option", { name: /^Camerier/ }).first().click();
  await page.getByRole("button", { name: "Aggiungi", exact: true }).click();
  await expect(page.getByText("Modifica salvata.")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: /Camerier/ }).first()).toBeVisible();
  await expectAccessible(page);

  await open(page, info, "/area-personale/profilo/visibilita");
  await tick(page, page.getByRole("radio", { name: /^Anonimo/ }));
  await page.getByRole("button", { name: "Salva", exact: true }).click();
  await expect(page.getByText("Modifica salvata.")).toBeVisible();
  await expect(page.getByText("Visibilità attuale: anonimo")).toBeVisible();

  await open(page, info, "/area-personale/profilo");
  const after = Number((await page.getByText(/Profilo completo al \d+%/).textContent())!.match(/(\d+)%/)![1]);
  expect(after).toBeGreaterThan(before);
}

test("a citizen on a phone: DID, pact slot, profile, jobs for me, applies; the CPI shortlists, the company hires", async ({ page, browser }, info) => {
  test.skip(info.project.name !== "phone-js", "one journey, on a phone with JavaScript");
  test.setTimeout(360_000);
  const vacancyId = await companyVacancy(browser, info);

  // A retry is someone else: the first attempt's DID may be half done.
  const name = await makeUpCitizen(page, info, info.retry ? "Ilenia" : "Ilaria");
  await declareAvailability(page, info);
  await buildProfile(page, info);

  // Jobs for me: ranked, each with its reasons.
  await open(page, info, "/area-personale/offerte-per-me");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Offerte per me");
  const matches = page.locator("li.match");
  await expect(matches.first()).toBeVisible();
  await expect(matches.first().locator(".match-reasons li").first()).toBeVisible();
  await expect(page.locator(".match-reasons").getByText(/km — entro i tuoi/).first()).toBeVisible();
  await expectAccessible(page);

  // Applies to the demo company's vacancy, with a message.
  await open(page, info, `/offerte/${vacancyId}`);
  await expectAccessible(page);
  await page.getByLabel("Messaggio per l'azienda (facoltativo)").fill("Ho lavorato due stagioni in sala.");
  await page.getByRole("button", { name: "Invia la candidatura", exact: true }).click();
  await expect(page.getByText("Candidatura inviata.")).toBeVisible();

  // The supervisor shortlists the two best-ranked candidates and sends one to the company.
  const supervisor = await asPersona(browser, info, SUPERVISOR);
  await open(supervisor, info, `/operatore/offerte/${vacancyId}/abbinamenti`);
  await expect(supervisor.getByRole("heading", { level: 1 })).toHaveText(/Candidati abbinati/);
  await expectAccessible(supervisor);
  const choices = supervisor.getByRole("group", { name: "Scegli i candidati da inserire nella rosa del CPI" });
  const boxes = choices.getByRole("checkbox");
  await tick(supervisor, boxes.nth(0));
  await tick(supervisor, boxes.nth(1));
  await supervisor.getByRole("button", { name: "Aggiungi alla rosa", exact: true }).click();
  await expect(supervisor.getByText(/candidat[oi] aggiunt[oi] alla rosa/)).toBeVisible();
  await expect(supervisor.getByRole("heading", { name: "La rosa del CPI" })).toBeVisible();
  const send = supervisor.locator("form.cpi-send").first();
  await tick(supervisor, send.getByRole("checkbox"));
  await send.getByRole("button", { name: /^Invia all'azienda: / }).click();
  await expect(supervisor).toHaveURL(/abbinamenti\?esito=inviato/);
  await expect(supervisor.getByText("Candidato inviato all'azienda", { exact: false })).toBeVisible();
  await expectAccessible(supervisor);
  await supervisor.context().close();

  // The citizen watches their applications while the company decides.
  await open(page, info, "/area-personale/candidature");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Le mie candidature");
  await expectAccessible(page);
  const mine = page.locator("li", { hasText: "Candidatura spontanea" }).first();
  await expect(mine).toBeVisible();

  const company = await asPersona(browser, info, COMPANY_ADMIN);
  await open(company, info, `/impresa/offerte/${vacancyId}/candidati`);
  await expectAccessible(company);
  await company.getByText(`Assumi ${name}`, { exact: false }).first().click();
  await company.getByRole("button", { name: `Conferma: assumi ${name}` }).click();
  await expect(company.getByText(name).first()).toBeVisible();
  await company.context().close();

  // Live: the status changes on the citizen's open page without a reload.
  await expect(page.getByText("Assunto", { exact: false }).first()).toBeVisible({ timeout: 15_000 });
  await expectAccessible(page);
});

