import { expect, test } from "@playwright/test";
import {
  expectAccessible,
  jsEnabled,
  loginAsPersona,
  makeUpCitizen,
  open,
  watchConsole,
} from "./helpers";

// The demo identity provider (demo mode): personas, a made-up citizen, and a mandate granted, used
// by an intermediary and revoked. Each project makes its own citizen, so the four projects running
// in parallel against one server never touch the same person.

test("a demo persona logs in, sees the banner and their area, and logs out", async ({ page }, info) => {
  const noConsoleErrors = watchConsole(page);
  await open(page, info, "/accesso");
  await expect(page.locator(".demo-banner")).toContainText("Ambiente dimostrativo");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accedi a Sportello Lavoro");
  await expectAccessible(page);

  await loginAsPersona(page, info, "Anna Bartolini");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("La tua area personale");
  await expect(page.getByRole("link", { name: "Le tue deleghe" })).toBeVisible();
  // The session cookie is HttpOnly: scripts cannot read it.
  expect(await page.evaluate(() => document.cookie)).not.toContain("sl_session");
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "__Host-sl_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Esci" }).click();
  await expect(page).toHaveURL(/\/accesso\?uscita=1$/);
  await expect(page.locator(".alert[role=status]")).toContainText("Sei uscito");
  await expect(page.getByRole("link", { name: "Accedi" })).toBeVisible();
  noConsoleErrors();
  // The personal area now asks to log in (401: the browser logs it, so after the console check).
  const again = await page.goto("/area-personale");
  expect(again?.status()).toBe(401);
  await expect(page.getByText("Per vedere questa pagina devi accedere.")).toBeVisible();
});

test("a citizen grants a mandate, the patronato uses it, the citizen sees it and revokes it", async ({ browser }, info) => {
  // Two people, a dozen pages each, axe on six of them: 30 s is not enough on a busy 2-core machine.
  test.setTimeout(120_000);
  // The citizen: a made-up person, created through the demo form. A retry makes another one (another
  // birth date, another name): the patronato lists its clients by name, and a first attempt cut short
  // leaves its citizen's mandate in force.
  const citizenContext = await browser.newContext();
  const citizen = await citizenContext.newPage();
  const citizenName = await makeUpCitizen(citizen, info, info.retry ? "Elena" : "Elisa");

  await open(citizen, info, "/area-personale/deleghe");
  await expect(citizen.getByText("Non hai ancora dato deleghe.")).toBeVisible();
  await citizen.getByLabel("A chi").selectOption({ label: "Patronato Lavoro Umbria (demo)" });
  await citizen.locator("label[for=scope-profile]").click();
  await expect(citizen.getByLabel("Profilo professionale")).toBeChecked();
  await citizen.getByLabel("Per quanto tempo").selectOption("3");
  await citizen.getByRole("button", { name: "Dai la delega" }).click();
  await expect(citizen.locator(".alert[role=status]")).toHaveText("Delega registrata.");
  const row = citizen.getByRole("row", { name: /Patronato Lavoro Umbria/ });
  await expect(row).toContainText("Valida");
  await expectAccessible(citizen);

  // The patronato's operator acts for her.
  const patronatoContext = await browser.newContext();
  const patronato = await patronatoContext.newPage();
  await loginAsPersona(patronato, info, "Francesca Luzi");
  await open(patronato, info, "/intermediario");
  await expectAccessible(patronato);
  await patronato.getByRole("button", { name: `Opera per ${citizenName}` }).click();
  await expect(patronato).toHaveURL(/\/intermediario\/cliente$/);
  await expect(patronato.getByRole("heading", { level: 1 })).toContainText(citizenName);
  await expect(patronato.locator(".acting-for")).toHaveText(`Stai operando per ${citizenName}`);
  await expectAccessible(patronato);

  // She sees who acted for her, under which mandate.
  await open(citizen, info, "/area-personale/accessi");
  await expect(citizen.getByRole("row", { name: /Francesca Luzi.*delega n\. \d+ a Patronato Lavoro Umbria/ }).first()).toBeVisible();
  await expectAccessible(citizen);

  // She revokes it; the patronato's very next request no longer reaches her data.
  await open(citizen, info, "/area-personale/deleghe");
  await citizen.getByRole("button", { name: "Revoca la delega a Patronato Lavoro Umbria (demo)" }).click();
  await expect(citizen.locator(".alert[role=status]")).toContainText("Delega revocata");
  await expect(citizen.getByRole("row", { name: /Patronato Lavoro Umbria/ })).toContainText("Revocata");

  await open(patronato, info, "/intermediario/cliente");
  await expect(patronato.locator(".client-not-acting")).toBeVisible();
  await expect(patronato.getByText(citizenName)).toHaveCount(0);

  await citizenContext.close();
  await patronatoContext.close();
});
