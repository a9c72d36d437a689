import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, jsEnabled, loginAsPersona, makeUpCitizen, open } from "./helpers";

// The virtual counter (issue 5): a citizen on a phone fills in a guided request, loses the network
// mid-way and resumes, checks the answers and sends; the CPI operator (another browser context)
// takes the ticket and asks for a document; the citizen sees the change (live with JavaScript),
// answers; the operator closes it. Each project makes its own citizen, so the four projects never
// touch the same person, and the operator opens the project's own ticket rather than "call next".

const SERVICE = "Scrivi al Centro per l'impiego";

async function continueStep(page: Page) {
  await page.getByRole("button", { name: "Salva e continua" }).click();
}

test("a request goes from the first step to a numbered ticket that the operator works", async ({ page, browser }, info) => {
  // A whole journey across two browsers, with an accessibility check on every page.
  test.setTimeout(180_000);
  const name = await makeUpCitizen(page, info, "Sara");

  await open(page, info, "/sportello");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sportello virtuale");
  await expectAccessible(page);
  await page.getByRole("button", { name: `Inizia: ${SERVICE}` }).click();

  // Step 1: the residence decides the CPI.
  await expect(page).toHaveURL(/\/sportello\/richieste\/\d+\/residenza$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dove abiti");
  await expect(page.getByText("Passo 1 di 3")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Comune di residenza").selectOption({ label: "Perugia" });
  await continueStep(page);

  // Step 2: nothing given → the error summary (in the browser with JavaScript, from the server without).
  await expect(page).toHaveURL(/\/contatti$/);
  await continueStep(page);
  const summary = page.locator(".error-summary");
  await expect(summary).toBeVisible();
  await expect(summary).toContainText("Indirizzo e-mail: campo obbligatorio");
  if (jsEnabled(info)) await expect(summary).toBeFocused();
  await expectAccessible(page);
  await page.getByLabel("Indirizzo e-mail").fill("sara@example.it");
  await continueStep(page);
  await expect(page).toHaveURL(/\/messaggio$/);
  const draftUrl = page.url();

  // The network goes away mid-wizard: nothing typed so far is lost, the request resumes from "my requests".
  if (jsEnabled(info)) {
    await page.context().setOffline(true);
    await page.getByLabel("Messaggio").fill("Questo testo non arriva al server");
    await continueStep(page).catch(() => undefined);
    await page.context().setOffline(false);
  }
  await open(page, info, "/sportello/pratiche");
  await expectAccessible(page);
  await page.getByRole("link", { name: `Riprendi: ${SERVICE}` }).click();
  await expect(page).toHaveURL(draftUrl);

  await page.getByLabel("Argomento").selectOption({ label: "Informazioni" });
  await page.getByLabel("Messaggio").fill("Vorrei sapere come iscrivermi a un corso di formazione.");
  await continueStep(page);

  // Check your answers, change one, come back, send.
  await expect(page).toHaveURL(/\/riepilogo$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controlla le tue risposte");
  await expect(page.getByText("sara@example.it")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Cambia Indirizzo e-mail" }).click();
  await expect(page.getByLabel("Indirizzo e-mail")).toHaveValue("sara@example.it");
  await page.getByLabel("Indirizzo e-mail").fill("sara.nuova@example.it");
  await continueStep(page);
  await expect(page).toHaveURL(/\/riepilogo$/);
  await expect(page.getByText("sara.nuova@example.it")).toBeVisible();
  await page.getByRole("button", { name: "Invia la richiesta" }).click();

  await expect(page).toHaveURL(/\/sportello\/pratiche\/\d+\?esito=inviata$/);
  const receipt = page.locator(".receipt");
  await expect(receipt).toContainText(/Numero di protocollo PG-\d{4}-\d{6}/);
  await expect(page.locator(".queue-standing .position")).toBeVisible();
  await expect(page.locator(".ticket-state")).toHaveText("In coda");
  await expectAccessible(page);
  const ticketPath = new URL(page.url()).pathname;

  // The operator of the Perugia CPI, on a desktop.
  const staffContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const operator = await staffContext.newPage();
  await loginAsPersona(operator, info, "Laura Conti");
  await open(operator, info, "/operatore");
  await expect(operator.getByRole("heading", { level: 1 })).toHaveText("Console dello sportello");
  await expect(operator.getByRole("table", { name: "Code per servizio" })).toContainText(SERVICE);
  await expectAccessible(operator);
  await open(operator, info, ticketPath);
  await expect(operator.getByText(name).first()).toBeVisible();
  await operator.getByRole("button", { name: "Prendi in carico" }).click();
  await expect(operator.locator(".ticket-state")).toHaveText("In lavorazione");
  await expectAccessible(operator);
  await operator.getByLabel("Cosa serve al richiedente").fill("Per favore, inviaci una copia del documento d'identità.");
  await operator.getByRole("button", { name: "Invia la richiesta al richiedente" }).click();
  await expect(operator.locator(".ticket-state")).toHaveText("In attesa del richiedente");

  // The citizen sees it: by itself with JavaScript (server-sent events), on reload without.
  if (!jsEnabled(info)) await open(page, info, ticketPath);
  await expect(page.locator(".ticket-state")).toHaveText("In attesa del richiedente");
  await expect(page.locator(".thread")).toContainText("documento d'identità");
  await expectAccessible(page);

  // She sends the document asked for (a PDF, checked by content), which hands the ticket back.
  await page.getByLabel("File da allegare").setInputFiles({
    name: "carta-identita.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "Carica il documento" }).click();
  await expect(page.getByText("Documento caricato.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Documenti allegati alla pratica" })).toContainText("carta-identita.pdf");
  if (!jsEnabled(info)) await open(page, info, ticketPath);
  await expect(page.locator(".ticket-state")).toHaveText("In lavorazione");
  await expectAccessible(page);

  // She books a slot of her choice and takes it into her calendar.
  await page.getByRole("link", { name: "Prenota un appuntamento" }).click();
  await expect(page).toHaveURL(/\/area-personale\/appuntamenti/);
  await expectAccessible(page);
  await page.getByRole("button", { name: /^Prenota alle / }).first().click();
  await expect(page.locator(".alert[role=status]")).toContainText("Appuntamento prenotato");
  const [ics] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /Aggiungi al calendario/ }).first().click(),
  ]);
  const calendar = await readFile((await ics.path())!, "utf8");
  expect(calendar).toContain("BEGIN:VCALENDAR");
  expect(calendar).toContain("\r\nBEGIN:VEVENT\r\n");
  await expectAccessible(page);
  await open(page, info, ticketPath);

  await page.getByLabel("Scrivi un messaggio").fill("Ecco, lo trovate tra i documenti.");
  await page.getByRole("button", { name: "Invia il messaggio" }).click();
  await expect(page.locator(".alert[role=status]")).toContainText("Messaggio inviato");
  await expect(page.locator(".ticket-state")).toHaveText("In lavorazione");

  await open(operator, info, ticketPath);
  await operator.getByLabel("Esito").selectOption({ label: "Conclusa" });
  await operator.getByRole("button", { name: "Chiudi la pratica" }).click();
  await expect(operator.locator(".ticket-state")).toHaveText("Chiusa");

  if (!jsEnabled(info)) await open(page, info, ticketPath);
  await expect(page.locator(".ticket-state")).toHaveText("Chiusa");
  await expect(page.getByLabel("Scrivi un messaggio")).toHaveCount(0);
  await staffContext.close();
});
