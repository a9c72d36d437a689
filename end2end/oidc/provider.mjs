// A real OpenID provider for the end-to-end tests: npm `oidc-provider` (a certified implementation)
// on loopback, standing where a SPID/CIE gateway stands in production. One confidential client (the
// app), PKCE required, and test citizens whose fiscal number comes as SPID sends it
// (`TINIT-<codice fiscale>`, from the userinfo endpoint) with level `SpidL2` in the ID token.
//
// Its login page is a plain HTML form (no JavaScript needed), with a "Cancel" button that answers
// `access_denied`, as a person cancelling at SPID would. Consent is given at once.
//
// Env: OIDC_PORT (default 3199), E2E_PORT (the app's port, default 3100), OIDC_CLIENT_SECRET.

import { generateKeyPairSync } from "node:crypto";
import Provider from "oidc-provider";

const PORT = Number(process.env.OIDC_PORT ?? 3199);
const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const ISSUER = `http://127.0.0.1:${PORT}`;
const CLIENT_SECRET = process.env.OIDC_CLIENT_SECRET ?? "e2e-client-secret-not-for-production";
const SPID_L2 = "https://www.spid.gov.it/SpidL2";
const PASSWORD = "password";

// One citizen per Playwright project, so parallel projects never log the same person in at once.
// The codici fiscali are valid (check character included) and match the names and birth data.
const CITIZENS = {
  "phone-js": { given_name: "Laura", family_name: "Bianchi", cf: "BNCLRA90A41H501F" },
  "phone-nojs": { given_name: "Giuseppe", family_name: "Verdi", cf: "VRDGPP80B12F205C" },
  "desktop-js": { given_name: "Lucia", family_name: "Neri", cf: "NRELCU75C50L219X" },
  "desktop-nojs": { given_name: "Marco", family_name: "Gialli", cf: "GLLMRC88D15G273V" },
  "mario.rossi": { given_name: "Mario", family_name: "Rossi", cf: "RSSMRA85T10A562S" },
};

// A fresh signing key per run: the app fetches it from the JWKS endpoint like any provider's.
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: "e2e-1", use: "sig", alg: "RS256" };

const configuration = {
  jwks: { keys: [signingKey] },
  clients: [
    {
      client_id: "sportello-e2e",
      client_secret: CLIENT_SECRET,
      redirect_uris: [`http://127.0.0.1:${APP_PORT}/auth/oidc/callback`],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  pkce: { required: () => true },
  scopes: ["openid", "profile"],
  claims: {
    openid: ["sub"],
    profile: ["given_name", "family_name", "fiscal_number"],
  },
  acrValues: [
    "https://www.spid.gov.it/SpidL1",
    SPID_L2,
    "https://www.spid.gov.it/SpidL3",
  ],
  features: {
    devInteractions: { enabled: false },
    userinfo: { enabled: true },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ["e2e-only-cookie-signing-key"] },
  async findAccount(_ctx, id) {
    const citizen = CITIZENS[id];
    if (!citizen) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          given_name: citizen.given_name,
          family_name: citizen.family_name,
          fiscal_number: `TINIT-${citizen.cf}`,
        };
      },
    };
  },
};

const provider = new Provider(ISSUER, configuration);

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid, problem) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test identity provider — sign in</title>
<link rel="icon" href="data:,"></head>
<body>
<main>
<h1>Test identity provider</h1>
${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
  <p><label for="username">Username</label><br><input id="username" name="username" autocomplete="username" required></p>
  <p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
  <p><button type="submit">Sign in</button></p>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort">
  <p><button type="submit">Cancel</button></p>
</form>
</main>
</body>
</html>`;
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw new Error("form too large");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

async function finish(ctx, result, merge) {
  const to = await provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: merge,
  });
  ctx.status = 303;
  ctx.redirect(to);
}

// The interaction pages (what a gateway's own login pages are), as Koa middleware in front of the
// provider's routes.
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)(?:\/(login|abort))?$/);
  if (!match) return next();
  const [, uid, action] = match;
  ctx.set("Cache-Control", "no-store");
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== uid) ctx.throw(400, "interaction mismatch");

  if (ctx.method === "GET" && !action) {
    if (details.prompt.name === "login") {
      ctx.type = "html";
      ctx.body = loginPage(uid);
      return;
    }
    // Consent: granted at once for what the client asked.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    return finish(ctx, { consent: { grantId: await grant.save() } }, true);
  }
  if (ctx.method === "POST" && action === "login") {
    const form = await readForm(ctx.req);
    const username = form.get("username") ?? "";
    if (!CITIZENS[username] || form.get("password") !== PASSWORD) {
      ctx.type = "html";
      ctx.status = 200;
      ctx.body = loginPage(uid, "Unknown username or wrong password.");
      return;
    }
    return finish(ctx, { login: { accountId: username, acr: SPID_L2, amr: ["pwd"] } }, false);
  }
  if (ctx.method === "POST" && action === "abort") {
    return finish(ctx, { error: "access_denied", error_description: "End-User cancelled" }, false);
  }
  ctx.throw(405);
});

const server = provider.listen(PORT, "127.0.0.1", () => {
  console.log(`test OpenID provider at ${ISSUER}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
