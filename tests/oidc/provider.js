// A real OpenID provider for Paraat's single sign-on tests: the `oidc-provider` package with a
// tiny sign-in page of its own (any account name from the accounts file, no password, a
// checkbox for a second factor that sets `amr`). Started by tests/oidc/provider.py:
//   node provider.js CONFIG.json
// CONFIG: {issuer, port, clients: [...], jwks: {keys: [...]}, accounts_file}
// The accounts file is read on every sign-in, so a test can change an account's claims.
import fs from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const accounts = () => JSON.parse(fs.readFileSync(config.accounts_file, 'utf8'));
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const provider = new Provider(config.issuer, {
  clients: config.clients,
  jwks: config.jwks,
  cookies: { keys: ['paraat-test-only-cookie-key'] },
  pkce: { required: () => true },
  conformIdTokenClaims: false, // the e-mail claims in the ID token, as Entra ID and Google do
  claims: {
    openid: ['sub', 'amr'], // amr in every ID token, as Entra ID sends it
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = accounts()[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...account };
      },
    };
  },
  // A first-party client: no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

function page(uid, error = '') {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test provider sign-in</title></head>
<body><main><h1>Test identity provider</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="login">Account</label> <input id="login" name="login" autofocus>
<label><input type="checkbox" name="mfa" value="1"> Second factor used</label>
<button type="submit">Sign in at the provider</button></form></main></body></html>`;
}

async function body(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  const match = new URL(req.url, config.issuer).pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      return res.end(page(details.uid));
    }
    const form = await body(req);
    const login = form.get('login') || '';
    if (!accounts()[login]) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      return res.end(page(details.uid, `No account ${login}`));
    }
    const amr = form.get('mfa') ? ['pwd', 'mfa'] : ['pwd'];
    return await provider.interactionFinished(req, res, { login: { accountId: login, amr } }, {
      mergeWithLastSubmission: false,
    });
  } catch (err) {
    res.statusCode = 400;
    return res.end(`interaction error: ${err}`);
  }
});

server.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`ready ${config.issuer}\n`);
});
