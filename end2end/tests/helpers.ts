import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page, type TestInfo } from "@playwright/test";

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

/**
 * Fails the test if axe-core finds any WCAG 2.1 A/AA violation on the page as it is now.
 * axe runs as JavaScript, so for a no-JavaScript page it checks the same URL (same cookies, same
 * viewport) in a page whose scripts are blocked: the server-rendered HTML a no-JS user gets.
 */
export async function expectAccessible(page: Page) {
  if (jsEnabled(test.info())) {
    expect(await axeViolations(page), "axe-core WCAG 2.1 AA violations").toEqual([]);
    return;
  }
  const browser = page.context().browser()!;
  const context = await browser.newContext({
    storageState: await page.context().storageState(),
    viewport: page.viewportSize(),
    javaScriptEnabled: true,
  });
  try {
    await context.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
    const copy = await context.newPage();
    await copy.goto(page.url());
    expect(await axeViolations(copy), `axe-core WCAG 2.1 AA violations (no-JS render of ${page.url()})`).toEqual([]);
  } finally {
    await context.close();
  }
}

export function jsEnabled(testInfo: TestInfo): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/** Collects console errors and CSP violations; call the returned function at the end to assert none. */
export function watchConsole(page: Page): () => void {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(msg.text());
  });
  page.on("pageerror", (err) => problems.push(err.message));
  return () => expect(problems, "console errors").toEqual([]);
}

/** Waits until the WASM bundle has hydrated the page (the app marks <body> once its effects run). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("body[data-hydrated='true']")).toHaveCount(1);
}

export async function open(page: Page, info: TestInfo, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  if (jsEnabled(info)) await waitForHydration(page);
}

export async function loginAsPersona(page: Page, info: TestInfo, name: string) {
  await open(page, info, "/accesso");
  await page.getByRole("button", { name: `Entra come ${name}` }).click();
  await expect(page).toHaveURL(/\/area-personale$/);
  await expect(page.locator("#user-name")).toHaveText(name);
}

/**
 * A birth date of the project's own: the codice fiscale takes only consonants of the surname, so
 * "Phonejs" and "Phonenojs" would otherwise be the same code, that is the same person.
 */
export function birthDateFor(info: TestInfo): string {
  const day = ["phone-js", "phone-nojs", "desktop-js", "desktop-nojs"].indexOf(info.project.name) + 10;
  // A retry is a new person too: the first attempt may have left its person half-way (a mandate given,
  // a DID sent), and the retry must not start from that.
  const month = String(5 + info.retry).padStart(2, "0");
  return `1990-${month}-${day}`;
}

/** Letters only (names accept no digits or dashes): "phone-js" → "Phonejs". */
export function surnameFor(info: TestInfo): string {
  const letters = info.project.name.replace(/[^a-z]/g, "");
  return letters.charAt(0).toUpperCase() + letters.slice(1);
}

/**
 * Logs in as a citizen made up through the demo form: `given` plus the project's surname and birth
 * date, born in Perugia, so each project (and each spec, by its given name) is its own person.
 * Returns the full name.
 */
export async function makeUpCitizen(page: Page, info: TestInfo, given: string): Promise<string> {
  const surname = surnameFor(info);
  await open(page, info, "/accesso");
  await page.getByLabel("Nome", { exact: true }).fill(given);
  await page.getByLabel("Cognome").fill(surname);
  // Bootstrap Italia draws the radio on the label, which takes the click.
  await page.locator("label[for=sex_f]").click();
  await expect(page.getByLabel("Femmina")).toBeChecked();
  await page.getByLabel("Data di nascita").fill(birthDateFor(info));
  // A plain text field without JavaScript, a combobox (with its listbox) after hydration.
  const birthPlace = jsEnabled(info)
    ? page.getByRole("combobox", { name: "Comune di nascita" })
    : page.getByLabel("Comune di nascita");
  await birthPlace.fill("Perugia");
  // With JavaScript the suggestions open over the form: pick the comune from them.
  if (jsEnabled(info)) {
    await page.getByRole("option", { name: "Perugia (PG)" }).click();
    await expect(birthPlace).toHaveValue("Perugia");
  }
  await page.getByRole("button", { name: "Crea ed entra" }).click();
  await expect(page).toHaveURL(/\/area-personale$/);
  const name = `${given} ${surname}`;
  await expect(page.locator("#user-name")).toHaveText(name);
  return name;
}

/** The demo company's people (server/src/demo/personas.rs): its legal representative and its recruiter. */
export const COMPANY_ADMIN = "Roberto Cecchini";
export const COMPANY_RECRUITER = "Sara Giommi";

/** The demo operator of each CPI (server/src/demo/personas.rs), by the CPI's code. */
const CPI_OPERATORS: Record<string, string> = {
  PG: "Laura Conti",
  FO: "Paolo Marinelli",
  CC: "Elena Rossetti",
  TR: "Davide Pieroni",
  OR: "Chiara Bellucci",
};

/**
 * The demo operator who reviews what a CPI receives, from a protocol number such as
 * "PG-2025-000123": its prefix is the code of the CPI that numbered it.
 */
export function operatorForProtocol(protocol: string): string {
  const code = protocol.split("-")[0];
  const name = CPI_OPERATORS[code];
  expect(name, `a demo operator for CPI ${code}`).toBeTruthy();
  return name;
}

/**
 * From the company area (/impresa) to the vacancies dashboard of the persona's company, checking
 * both pages for accessibility on the way. Returns the dashboard's path (it names the company).
 */
export async function openCompanyVacancies(page: Page, info: TestInfo): Promise<string> {
  await open(page, info, "/impresa");
  await expectAccessible(page);
  await page.getByRole("link", { name: /^Offerte di lavoro di / }).first().click();
  await expect(page).toHaveURL(/\/impresa\/offerte\?azienda=\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Offerte di lavoro — /);
  if (jsEnabled(info)) await waitForHydration(page);
  await expectAccessible(page);
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

/**
 * Ticks a radio button or a checkbox through its label: Bootstrap Italia draws the control on the
 * label, which takes the click.
 */
export async function tick(page: Page, control: Locator) {
  const id = await control.getAttribute("id");
  expect(id, "the control has an id for its label").toBeTruthy();
  await page.locator(`label[for="${id}"]`).click();
  await expect(control).toBeChecked();
}

/** A date `days` days from today, as a date input takes it (YYYY-MM-DD, UTC). */
export function isoDateIn(days: number): string {
  const d = new Date(Date.now() + days * 24 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

/** The answer shown for `label` in a GOV.UK-style summary list (`.summary-row`: dt, dd.answer). */
export function summaryAnswer(page: Page, label: string) {
  return page
    .locator(".summary-row")
    .filter({ has: page.locator("dt", { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) }) })
    .locator("dd.answer");
}
