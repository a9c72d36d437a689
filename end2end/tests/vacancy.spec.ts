import { devices, expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import {
  COMPANY_ADMIN,
  COMPANY_RECRUITER,
  expectAccessible,
  isoDateIn,
  jsEnabled,
  loginAsPersona,
  open,
  openCompanyVacancies,
  operatorForProtocol,
  summaryAnswer,
  tick,
  waitForHydration,
} from "./helpers";

// The vacancy wizard (issue 6). With JavaScript, across devices: the company's administrator fills
// the first steps on a phone and walks away; its recruiter resumes on a desktop where the draft
// stopped, meets the discrimination check on "max 30 anni", fixes the wording and submits; the CPI's
// operator asks for a change, the company makes it, the operator approves; a visitor without an
// account finds the vacancy. Without JavaScript: the same posting, start to receipt, approved too.
// Each journey runs in one project only (they share the demo company), and finds its own draft and
// vacancy by id, so retries and the other journey never get in the way.

const TITLE = "Cameriere/a di sala";
const BIASED = "Cerchiamo una persona per il servizio ai tavoli, max 30 anni, con buona conoscenza dei vini.";
const NEUTRAL = "Cerchiamo una persona per il servizio ai tavoli, con buona conoscenza dei vini.";
const START_DATE = isoDateIn(30);

const desktop = { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } };

async function saveStep(page: Page) {
  await page.getByRole("button", { name: "Salva e continua" }).click();
}

async function expectStep(page: Page, info: TestInfo, draftId: string, code: string, heading: string, n: number) {
  await expect(page).toHaveURL(new RegExp(`/impresa/offerte/bozze/${draftId}/${code}(\\?.*)?$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  await expect(page.getByText(`Passo ${n} di 4`)).toBeVisible();
  if (jsEnabled(info)) await waitForHydration(page);
}

/** Starts a new vacancy from the dashboard; returns the draft's id. */
async function startVacancy(page: Page, info: TestInfo): Promise<string> {
  await page.getByRole("button", { name: "Nuova offerta" }).click();
  await expect(page).toHaveURL(/\/impresa\/offerte\/bozze\/\d+\/ruolo$/);
  const draftId = new URL(page.url()).pathname.split("/")[4];
  await expectStep(page, info, draftId, "ruolo", "Il ruolo", 1);
  return draftId;
}

/** Step 1: the title, then the occupations it suggests (a submit without JavaScript), one confirmed. */
async function fillRole(page: Page, info: TestInfo, draftId: string, description: string) {
  await expectAccessible(page);
  await page.getByLabel("Titolo della posizione").fill(TITLE);
  await page.getByLabel("Descrizione del lavoro").fill(description);
  await page.getByLabel("Numero di posti").fill("2");
  await page.getByRole("button", { name: "Cerca le professioni per il titolo" }).click();
  // No occupation yet: the step comes back with the error summary, what was typed, and suggestions.
  await expectStep(page, info, draftId, "ruolo", "Il ruolo", 1);
  const summary = page.locator(".error-summary");
  await expect(summary).toBeVisible();
  await expect(summary).toContainText("Professione: campo obbligatorio");
  if (jsEnabled(info)) await expect(summary).toBeFocused();
  await expect(page.getByLabel("Titolo della posizione")).toHaveValue(TITLE);
  await expect(page.getByLabel("Descrizione del lavoro")).toHaveValue(description);
  await expectAccessible(page);
  const occupation = page.getByRole("group", { name: "Professione" }).getByRole("radio", { name: /camerier/i }).first();
  await tick(page, occupation);
  await saveStep(page);
}

/** Step 2: place and conditions. */
async function fillPlace(page: Page, info: TestInfo, draftId: string) {
  await expectStep(page, info, draftId, "luogo", "Luogo e condizioni", 2);
  await expectAccessible(page);
  await page.getByLabel("Modalità di lavoro").selectOption({ label: "In sede" });
  await page.getByLabel("Comune della sede di lavoro").selectOption({ label: "Perugia" });
  await page.getByLabel("Tipo di contratto").selectOption({ label: "Tempo determinato" });
  await page.getByLabel("Orario", { exact: true }).selectOption({ label: "Tempo pieno" });
  await tick(page, page.getByLabel("Fine settimana e festivi"));
  await page.getByLabel("Retribuzione lorda minima (euro)").fill("1600");
  await page.getByLabel("Retribuzione lorda massima (euro)").fill("1800");
  await page.getByLabel("La retribuzione è").selectOption({ label: "Mensile lorda" });
  await page.getByLabel("Data di inizio").fill(START_DATE);
  await saveStep(page);
}

/** Step 3: requirements (saved by the caller). */
async function fillRequirements(page: Page) {
  await page.getByLabel("Titolo di studio (livello EQF)").selectOption({ label: "Livello 3 – qualifica professionale" });
  await page.getByLabel("Il titolo di studio è").selectOption({ label: "Indispensabile" });
  await page.getByLabel("Anni di esperienza").fill("1");
  await page.getByLabel("L'esperienza è").selectOption({ label: "Gradito" });
  const language = page.getByRole("group", { name: "Lingua 1" });
  await language.getByLabel(/^Lingua\b/).selectOption({ label: "Inglese" });
  await language.getByLabel("Livello (QCER)").selectOption({ label: "A2 – elementare" });
  await language.getByLabel("La lingua è").selectOption({ label: "Gradito" });
  await page.getByLabel("Altri attestati o abilitazioni").fill("HACCP");
}

/** Step 4: how candidates arrive. */
async function fillCandidates(page: Page, info: TestInfo, draftId: string) {
  await expectStep(page, info, draftId, "candidature", "Come ricevere le candidature", 4);
  await expectAccessible(page);
  await page.getByLabel("Come ricevere i candidati").selectOption({ label: "Entrambi" });
  await page.getByLabel("Nome dell'azienda nell'annuncio").selectOption({ label: "Mostra il nome dell'azienda" });
  await page.getByLabel("Come ti contattano i candidati").selectOption({ label: "Candidatura sul portale" });
  await page.getByLabel("Riservata al collocamento mirato (L. 68/99)").selectOption({ label: "No" });
  await saveStep(page);
}

async function expectCheckPage(page: Page, info: TestInfo, draftId: string) {
  await expect(page).toHaveURL(new RegExp(`/impresa/offerte/bozze/${draftId}/riepilogo$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controlla le risposte");
  if (jsEnabled(info)) await waitForHydration(page);
}

/** Submits from "check your answers"; returns the protocol number and the vacancy's id. */
async function submit(page: Page, info: TestInfo, draftId: string): Promise<{ protocol: string; vacancyId: string }> {
  await page.getByRole("button", { name: "Invia al Centro per l'impiego" }).click();
  await expect(page).toHaveURL(new RegExp(`/impresa/offerte/bozze/${draftId}/ricevuta$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Offerta inviata");
  const number = page.locator(".receipt-number");
  await expect(number).toHaveText(/^[A-Z]{2,4}-\d{4}-\d{6}$/);
  if (jsEnabled(info)) await waitForHydration(page);
  await expectAccessible(page);
  const protocol = (await number.textContent())!.trim();
  const href = await page.getByRole("link", { name: "Vai all'offerta" }).getAttribute("href");
  const vacancyId = href!.match(/^\/impresa\/offerte\/(\d+)$/)![1];
  return { protocol, vacancyId };
}

/** A new logged-in desktop context for the CPI operator who reviews the protocol's CPI. */
async function operatorPage(browser: Browser, info: TestInfo, protocol: string): Promise<Page> {
  const context = await browser.newContext(desktop);
  const page = await context.newPage();
  await loginAsPersona(page, info, operatorForProtocol(protocol));
  return page;
}

/** From the review queue to the vacancy, found by its protocol number. */
async function openFromQueue(operator: Page, info: TestInfo, protocol: string, vacancyId: string) {
  await open(operator, info, "/operatore/offerte");
  await expect(operator.getByRole("heading", { level: 1 })).toHaveText("Offerte da esaminare");
  await expectAccessible(operator);
  const row = operator.getByRole("row").filter({ hasText: protocol });
  await expect(row).toHaveCount(1);
  await row.getByRole("link", { name: TITLE }).click();
  await expect(operator).toHaveURL(new RegExp(`/operatore/offerte/${vacancyId}$`));
  await expect(operator.getByRole("heading", { level: 1 })).toHaveText(`Esame dell'offerta: ${TITLE}`);
  if (jsEnabled(info)) await waitForHydration(operator);
}

async function approve(operator: Page, info: TestInfo, vacancyId: string) {
  await open(operator, info, `/operatore/offerte/${vacancyId}`);
  await expect(operator.getByRole("heading", { level: 1 })).toHaveText(`Esame dell'offerta: ${TITLE}`);
  await expectAccessible(operator);
  await operator.getByRole("button", { name: "Approva e pubblica" }).click();
  await expect(operator.getByText("Offerta approvata e pubblicata. L'impresa è stata avvisata.")).toBeVisible();
}

test("a vacancy begun on a phone is finished on a desktop, checked for wording, reviewed and published", async ({ page, browser }, info) => {
  test.skip(info.project.name !== "phone-js", "one journey across devices, with JavaScript (phone first)");
  // Five browser contexts and a dozen pages, each with an accessibility check.
  test.setTimeout(300_000);

  // On the phone: the administrator starts a vacancy and fills steps 1 and 2 and most of step 3.
  await loginAsPersona(page, info, COMPANY_ADMIN);
  await openCompanyVacancies(page, info);
  const draftId = await startVacancy(page, info);
  await fillRole(page, info, draftId, BIASED);
  await fillPlace(page, info, draftId);
  await expectStep(page, info, draftId, "requisiti", "Requisiti", 3);
  await expectAccessible(page);
  await fillRequirements(page);
  // The phone goes away before step 3 is saved.
  await page.context().close();

  // On a desktop, in a new browser: the recruiter of the same company resumes the draft.
  const deskContext = await browser.newContext(desktop);
  const desk = await deskContext.newPage();
  await loginAsPersona(desk, info, COMPANY_RECRUITER);
  const dashboard = await openCompanyVacancies(desk, info);
  const resume = desk.locator(`.vacancy-drafts a[href*="/bozze/${draftId}/"]`);
  await expect(resume).toHaveText(`Continua: ${TITLE}`);
  await resume.click();
  await expectStep(desk, info, draftId, "requisiti", "Requisiti", 3);
  const steps = desk.getByRole("navigation", { name: "Passi dell'offerta" });
  await expect(steps.getByRole("listitem").nth(0)).toContainText("(completato)");
  await expect(steps.getByRole("listitem").nth(1)).toContainText("(completato)");
  await expect(steps.getByRole("listitem").nth(2)).toContainText("(da completare)");
  await expectAccessible(desk);
  await fillRequirements(desk);
  await saveStep(desk);
  await fillCandidates(desk, info, draftId);

  // Check your answers: what the phone saved is all there, and the wording check fires.
  await expectCheckPage(desk, info, draftId);
  await expect(summaryAnswer(desk, "Titolo della posizione")).toHaveText(TITLE);
  await expect(summaryAnswer(desk, "Professione")).toContainText(/camerier/i);
  await expect(summaryAnswer(desk, "Descrizione del lavoro")).toHaveText(BIASED);
  await expect(summaryAnswer(desk, "Numero di posti")).toHaveText("2");
  await expect(summaryAnswer(desk, "Comune della sede di lavoro")).toHaveText("Perugia");
  await expect(summaryAnswer(desk, "Tipo di contratto")).toHaveText("Tempo determinato");
  await expect(summaryAnswer(desk, "Retribuzione lorda minima (euro)")).toHaveText("1600");
  await expect(summaryAnswer(desk, "Data di inizio")).toHaveText(START_DATE);
  await expect(summaryAnswer(desk, "Titolo di studio (livello EQF)")).toHaveText("Livello 3 – qualifica professionale");
  const wording = desk.getByRole("region", { name: "Linguaggio dell'annuncio" });
  await expect(wording).toContainText("Da correggere");
  await expect(wording).toContainText("Hai scritto: «max 30 anni»");
  await expect(wording).toContainText("Un limite di età esclude candidati per l'età");
  await expect(wording).toContainText("D.Lgs. 216/2003");
  await expect(desk.getByRole("button", { name: "Invia al Centro per l'impiego" })).toHaveCount(0);
  await expect(desk.getByText("Correggi i punti segnalati come «da correggere» per poter inviare l'offerta.")).toBeVisible();
  await expectAccessible(desk);

  // The finding's change link goes back to the role; the fixed description comes back to the summary.
  await wording.getByRole("link", { name: "Modifica — Il ruolo" }).click();
  await expectStep(desk, info, draftId, "ruolo", "Il ruolo", 1);
  await expect(desk.getByLabel("Descrizione del lavoro")).toHaveValue(BIASED);
  await desk.getByLabel("Descrizione del lavoro").fill(NEUTRAL);
  await saveStep(desk);
  await expectCheckPage(desk, info, draftId);
  await expect(summaryAnswer(desk, "Descrizione del lavoro")).toHaveText(NEUTRAL);
  await expect(desk.getByRole("region", { name: "Linguaggio dell'annuncio" })).toHaveCount(0);
  await expectAccessible(desk);
  const { protocol, vacancyId } = await submit(desk, info, draftId);

  // The CPI's operator opens it from the queue and asks for a change to the place and conditions.
  const operator = await operatorPage(browser, info, protocol);
  await openFromQueue(operator, info, protocol, vacancyId);
  await expectAccessible(operator);
  await operator.getByRole("button", { name: "Avvia l'esame" }).click();
  await expect(operator.getByText("Esame avviato: i colleghi vedono che te ne stai occupando.")).toBeVisible();
  const request = "Indicate il contratto collettivo applicato, per favore.";
  await operator.getByLabel("Passo del modulo da modificare").selectOption({ label: "Luogo e condizioni" });
  await operator.getByLabel("Messaggio all'impresa").fill(request);
  await operator.getByRole("button", { name: "Chiedi modifiche" }).click();
  await expect(operator.getByText("Richiesta di modifiche inviata all'impresa.")).toBeVisible();

  // The company sees the request on its dashboard and on the vacancy, fixes the step and resubmits.
  await open(desk, info, dashboard);
  const reopened = desk.locator(`.vacancy-drafts li`).filter({ has: desk.locator(`a[href*="/bozze/${draftId}/"]`) });
  await expect(reopened).toContainText("modifiche richieste dal CPI");
  await expectAccessible(desk);
  await open(desk, info, `/impresa/offerte/${vacancyId}`);
  await expect(desk.getByText("Il CPI ha chiesto delle modifiche: correggi l'offerta e inviala di nuovo.")).toBeVisible();
  await expect(desk.getByText(request)).toBeVisible();
  await expectAccessible(desk);
  await desk.getByRole("link", { name: "Modifica l'offerta" }).click();
  await expectStep(desk, info, draftId, "luogo", "Luogo e condizioni", 2);
  await expect(desk.locator(".vacancy-reopened")).toContainText(request);
  await expect(desk.getByLabel("Data di inizio")).toHaveValue(START_DATE);
  await expectAccessible(desk);
  await desk.getByLabel("Contratto collettivo (CCNL)").fill("Turismo – Pubblici esercizi");
  await saveStep(desk);
  await expectCheckPage(desk, info, draftId);
  await expect(summaryAnswer(desk, "Contratto collettivo (CCNL)")).toHaveText("Turismo – Pubblici esercizi");
  await expectAccessible(desk);
  const again = await submit(desk, info, draftId);
  expect(again, "a resubmission keeps the vacancy and its protocol").toEqual({ protocol, vacancyId });

  // The operator approves it.
  await approve(operator, info, vacancyId);
  await operator.context().close();

  // Anyone, without an account, finds it on the public job pages.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await open(visitor, info, "/offerte");
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Offerte di lavoro");
  await expectAccessible(visitor);
  await visitor.getByLabel("Cerca nel titolo e nella descrizione").fill(TITLE);
  await visitor.getByRole("button", { name: "Cerca", exact: true }).click();
  await expect(visitor).toHaveURL(/\/offerte\?/);
  const hit = visitor.locator(`a[href="/offerte/${vacancyId}"]`);
  await expect(hit).toHaveText(TITLE);
  await expectAccessible(visitor);
  await hit.click();
  await expect(visitor).toHaveURL(new RegExp(`/offerte/${vacancyId}$`));
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  await expect(visitor.getByText(NEUTRAL)).toBeVisible();
  await expectAccessible(visitor);
  await visitorContext.close();
  await deskContext.close();
});

test("without JavaScript a vacancy is posted from the first step to the receipt, and approved", async ({ page, browser }, info) => {
  test.skip(info.project.name !== "desktop-nojs", "the no-JavaScript path, once");
  test.setTimeout(240_000);

  await loginAsPersona(page, info, COMPANY_ADMIN);
  await openCompanyVacancies(page, info);
  const draftId = await startVacancy(page, info);
  await fillRole(page, info, draftId, NEUTRAL);
  await fillPlace(page, info, draftId);
  await expectStep(page, info, draftId, "requisiti", "Requisiti", 3);
  await expectAccessible(page);
  await fillRequirements(page);
  await saveStep(page);
  await fillCandidates(page, info, draftId);
  await expectCheckPage(page, info, draftId);
  await expect(summaryAnswer(page, "Titolo della posizione")).toHaveText(TITLE);
  await expect(summaryAnswer(page, "Comune della sede di lavoro")).toHaveText("Perugia");
  await expect(page.getByRole("region", { name: "Linguaggio dell'annuncio" })).toHaveCount(0);
  await expectAccessible(page);
  const { protocol, vacancyId } = await submit(page, info, draftId);

  const operator = await operatorPage(browser, info, protocol);
  await openFromQueue(operator, info, protocol, vacancyId);
  await approve(operator, info, vacancyId);
  await operator.context().close();

  await open(page, info, `/offerte/${vacancyId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  await expectAccessible(page);
});
