// A personal IndieWeb site on 127.0.0.1 for the suite's tests, in one node process:
//
//   /                 the profile page (the `me` URL): Link headers, one per rel, and the same
//                     rels as HTML <link>s
//   /.well-known/oauth-authorization-server   IndieAuth server metadata
//   /auth             authorization endpoint: approves at once and redirects with code, state, iss
//   /token            token endpoint: authorization_code (PKCE S256 checked), refresh_token
//                     (rotating), GET with a Bearer token = introspection for the Micropub server,
//                     legacy action=revoke
//   /revoke           revocation endpoint (RFC 7009)
//   /micropub /media  the Micropub and media endpoints of @benjifs/micropub (npm), unchanged,
//                     over an in-memory store; in front of them only an RFC 6750 check that turns
//                     an expired access token into 401 invalid_token
//   /_test/...        knobs and records for the tests (see README.md)
//
// Usage: node server.js [--port N] (0 or absent: a free port). Prints one JSON line
// {"listening": <port>} on stdout when it accepts connections.
import http from 'node:http'
import crypto from 'node:crypto'
import MicropubEndpoint from '@benjifs/micropub'
import { MemoryStore } from './memory_store.js'

const args = process.argv.slice(2)
const portArg = args.indexOf('--port')
const requestedPort = portArg >= 0 ? Number(args[portArg + 1]) : 0

const state = {
  base: '',
  store: new MemoryStore(),
  codes: new Map(),          // code -> {client_id, redirect_uri, challenge, scope, me}
  tokens: new Map(),         // access token -> {me, client_id, scope, expired, revoked}
  refreshTokens: new Map(),  // refresh token -> {me, client_id, scope, used}
  knobs: defaultKnobs(),
  log: [],                   // {method, path, grant_type, token_kind} per request
}

function defaultKnobs() {
  return {
    wrong_me: false,        // the token response names another site
    wrong_iss: false,       // the redirect carries another issuer
    expires_in: 3600,       // seconds, in token responses
    issue_refresh: true,    // token responses carry a refresh_token
    omit_token_type: false, // token responses without token_type (legacy servers)
    legacy: false,          // a 2017-era server: no metadata rel, no iss in the redirect
    grant_scope: '',        // when set, the scope granted instead of the one asked for
    // When set, every POST to the Micropub endpoint gets this answer instead of the real
    // server's, as other Micropub servers give it: 'accepted_json' (202, Location and a JSON
    // body), 'scope_403' (403 insufficient_scope naming the scope), 'html_error' (500 with an
    // HTML page), 'login_redirect' (302 to a login page).
    micropub_quirk: '',
  }
}

const me = () => `${state.base}/`
const issuer = () => `${state.base}/`
const randomToken = (prefix) => `${prefix}${crypto.randomBytes(24).toString('base64url')}`
const s256 = (verifier) => crypto.createHash('sha256').update(verifier).digest('base64url')

let micropub = null

function micropubEndpoint() {
  if (!micropub) {
    micropub = new MicropubEndpoint({
      store: state.store,
      me: me(),
      tokenEndpoint: `${state.base}/token`,
      contentDir: 'src',
      mediaDir: 'uploads',
      config: {
        'media-endpoint': `${state.base}/media`,
        'syndicate-to': [{ uid: 'https://social.example/', name: 'Social' }],
        'post-types': [{ type: 'note', name: 'Note' }, { type: 'photo', name: 'Photo' }],
      },
    })
  }
  return micropub
}

function send(res, status, body, headers = {}) {
  const isJson = typeof body === 'object' && body !== null
  res.writeHead(status, {
    ...(isJson && { 'Content-Type': 'application/json' }),
    ...headers,
  })
  res.end(isJson ? JSON.stringify(body) : (body ?? ''))
}

const oauthError = (res, status, error, description) =>
  send(res, status, { error, error_description: description })

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function formFields(req, body) {
  const type = req.headers['content-type'] || ''
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(body.toString('utf8')))
  }
  if (type.includes('application/json')) {
    try {
      return JSON.parse(body.toString('utf8'))
    } catch {
      return {}
    }
  }
  return {}
}

function bearer(req) {
  const header = req.headers.authorization || ''
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : ''
}

function profile(res) {
  const links = [
    ...(state.knobs.legacy ? [] :
      [`<${state.base}/.well-known/oauth-authorization-server>; rel="indieauth-metadata"`]),
    `<${state.base}/auth>; rel="authorization_endpoint"`,
    `<${state.base}/token>; rel="token_endpoint"`,
    `<${state.base}/micropub>; rel="micropub"`,
  ]
  const html = `<!doctype html><html><head><title>Test site</title>
${links.map((l) => {
    const [, href, rel] = l.match(/^<([^>]*)>; rel="([^"]*)"$/)
    return `<link rel="${rel}" href="${href}">`
  }).join('\n')}
</head><body><h1 class="h-card"><a class="u-url" href="${me()}">Test site</a></h1></body></html>`
  send(res, 200, html, { 'Content-Type': 'text/html; charset=utf-8', Link: links })
}

function metadata(res) {
  send(res, 200, {
    issuer: issuer(),
    authorization_endpoint: `${state.base}/auth`,
    token_endpoint: `${state.base}/token`,
    revocation_endpoint: `${state.base}/revoke`,
    introspection_endpoint: `${state.base}/token`,
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['create', 'update', 'delete', 'undelete', 'media', 'profile'],
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
  })
}

function authorize(res, url) {
  const q = url.searchParams
  const required = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge']
  for (const name of required) {
    if (!q.get(name)) return oauthError(res, 400, 'invalid_request', `missing ${name}`)
  }
  if (q.get('response_type') !== 'code') {
    return oauthError(res, 400, 'unsupported_response_type', 'only code')
  }
  if (q.get('code_challenge_method') !== 'S256') {
    return oauthError(res, 400, 'invalid_request', 'code_challenge_method must be S256')
  }
  const redirect = new URL(q.get('redirect_uri'))
  if (redirect.origin !== new URL(q.get('client_id')).origin) {
    return oauthError(res, 400, 'invalid_request', 'redirect_uri is not on the client_id origin')
  }
  const code = randomToken('code-')
  state.codes.set(code, {
    client_id: q.get('client_id'),
    redirect_uri: q.get('redirect_uri'),
    challenge: q.get('code_challenge'),
    scope: state.knobs.grant_scope || q.get('scope') || '',
  })
  redirect.searchParams.set('code', code)
  redirect.searchParams.set('state', q.get('state'))
  if (!state.knobs.legacy) {
    redirect.searchParams.set('iss', state.knobs.wrong_iss ? 'http://127.0.0.2/' : issuer())
  }
  send(res, 302, '', { Location: redirect.toString() })
}

function issueTokens(client_id, scope) {
  const access = randomToken('at-')
  state.tokens.set(access, { me: me(), client_id, scope, expired: false, revoked: false })
  const answer = {
    access_token: access,
    token_type: 'Bearer',
    scope,
    me: state.knobs.wrong_me ? 'http://127.0.0.2/' : me(),
    expires_in: state.knobs.expires_in,
  }
  if (state.knobs.omit_token_type) delete answer.token_type
  if (state.knobs.issue_refresh) {
    const refresh = randomToken('rt-')
    state.refreshTokens.set(refresh, { me: me(), client_id, scope, used: false })
    answer.refresh_token = refresh
  }
  return answer
}

function revoke(token) {
  if (state.tokens.has(token)) state.tokens.get(token).revoked = true
  if (state.refreshTokens.has(token)) state.refreshTokens.get(token).used = true
}

function tokenEndpoint(req, res, fields, entry) {
  if (req.method === 'GET') {
    // Introspection the way @benjifs/micropub asks: GET with the token as Bearer.
    const token = state.tokens.get(bearer(req))
    if (!token || token.expired || token.revoked) {
      return oauthError(res, 401, 'invalid_token', 'unknown, expired or revoked token')
    }
    return send(res, 200, { me: token.me, client_id: token.client_id, scope: token.scope })
  }
  if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' })
  if (fields.action === 'revoke') {
    revoke(fields.token || '')
    return send(res, 200, '')
  }
  entry.grant_type = fields.grant_type || ''
  if (fields.grant_type === 'authorization_code') {
    const code = state.codes.get(fields.code || '')
    state.codes.delete(fields.code || '')
    if (!code) return oauthError(res, 400, 'invalid_grant', 'unknown or used code')
    if (code.client_id !== fields.client_id || code.redirect_uri !== fields.redirect_uri) {
      return oauthError(res, 400, 'invalid_grant', 'client_id or redirect_uri differ')
    }
    if (!fields.code_verifier || s256(fields.code_verifier) !== code.challenge) {
      return oauthError(res, 400, 'invalid_grant', 'code_verifier does not match')
    }
    return send(res, 200, issueTokens(code.client_id, code.scope))
  }
  if (fields.grant_type === 'refresh_token') {
    const refresh = state.refreshTokens.get(fields.refresh_token || '')
    if (!refresh || refresh.used) {
      return oauthError(res, 400, 'invalid_grant', 'unknown or used refresh token')
    }
    if (fields.client_id && fields.client_id !== refresh.client_id) {
      return oauthError(res, 400, 'invalid_grant', 'client_id differs')
    }
    refresh.used = true
    return send(res, 200, issueTokens(refresh.client_id, fields.scope || refresh.scope))
  }
  return oauthError(res, 400, 'unsupported_grant_type', String(fields.grant_type))
}

function revocationEndpoint(req, res, fields) {
  if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' })
  revoke(fields.token || '')
  send(res, 200, '')
}

async function toWebResponse(res, response) {
  const headers = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  const body = Buffer.from(await response.arrayBuffer())
  res.writeHead(response.status, headers)
  res.end(body)
}

function micropubQuirk(res, quirk) {
  switch (quirk) {
    case 'accepted_json':
      return send(res, 202, { status: 'queued', url: `${state.base}/queued/1` },
        { Location: `${state.base}/queued/1` })
    case 'scope_403':
      return send(res, 403, {
        error: 'insufficient_scope',
        error_description: 'This token may not delete posts',
        scope: 'delete',
      })
    case 'html_error':
      return send(res, 500,
        '<!DOCTYPE html><html><head><title>Internal Server Error</title><style>h1{color:red}' +
        '</style></head><body><h1>Something broke</h1><p>The database is unavailable.</p>' +
        '</body></html>', { 'Content-Type': 'text/html; charset=utf-8' })
    case 'login_redirect':
      return send(res, 302, '', { Location: `${state.base}/login?next=/micropub` })
    default:
      return send(res, 500, { error: 'harness', error_description: `unknown quirk ${quirk}` })
  }
}

async function micropubRoute(req, res, url, body, handler) {
  if (handler === 'micropubHandler' && req.method === 'POST' && state.knobs.micropub_quirk) {
    return micropubQuirk(res, state.knobs.micropub_quirk)
  }
  // RFC 6750 §3.1: an expired token is `invalid_token` with 401. @benjifs/micropub itself answers
  // 403 for every token its token endpoint does not vouch for, which hides expiry from clients.
  const token = state.tokens.get(bearer(req))
  if (token && token.expired) {
    return send(res, 401, { error: 'invalid_token', error_description: 'the access token expired' },
      { 'WWW-Authenticate': 'Bearer error="invalid_token"' })
  }
  const init = { method: req.method, headers: req.headers }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    init.body = body
    init.duplex = 'half'
  }
  const endpoint = micropubEndpoint()
  await toWebResponse(res, await endpoint[handler](new Request(url, init)))
}

async function testRoute(req, res, url, fields) {
  switch (url.pathname) {
    case '/_test/knobs':
      state.knobs = { ...defaultKnobs(), ...fields }
      return send(res, 200, state.knobs)
    case '/_test/expire':
      // Every access token issued so far expires now; refresh tokens stay valid.
      for (const token of state.tokens.values()) token.expired = true
      return send(res, 200, { expired: state.tokens.size })
    case '/_test/revoke_all':
      for (const token of state.tokens.values()) token.revoked = true
      for (const refresh of state.refreshTokens.values()) refresh.used = true
      return send(res, 200, { revoked: state.tokens.size })
    case '/_test/token':
      // An access token for the tests' own Micropub requests (q=source checks).
      return send(res, 200, issueTokens('test', fields.scope || 'create update delete media'))
    case '/_test/log':
      return send(res, 200, state.log)
    case '/_test/tokens':
      return send(res, 200, [...state.tokens.values()].map((t) => ({
        scope: t.scope, expired: t.expired, revoked: t.revoked, client_id: t.client_id,
      })))
    case '/_test/files':
      return send(res, 200, state.store.listing())
    default:
      return send(res, 404, { error: 'not found' })
  }
}

async function handle(req, res) {
  const url = new URL(req.url, state.base)
  const body = await readBody(req)
  const fields = formFields(req, body)
  const entry = { method: req.method, path: url.pathname, bearer: bearer(req) !== '' }
  if (!url.pathname.startsWith('/_test/')) state.log.push(entry)
  switch (url.pathname) {
    case '/':
      return profile(res)
    case '/.well-known/oauth-authorization-server':
      return metadata(res)
    case '/auth':
      return authorize(res, url)
    case '/token':
      return tokenEndpoint(req, res, fields, entry)
    case '/revoke':
      return revocationEndpoint(req, res, fields)
    case '/micropub':
      return micropubRoute(req, res, url, body, 'micropubHandler')
    case '/media':
      return micropubRoute(req, res, url, body, 'mediaHandler')
    default:
      if (url.pathname.startsWith('/_test/')) return testRoute(req, res, url, fields)
      return send(res, 404, 'not found', { 'Content-Type': 'text/plain' })
  }
}

// @benjifs/micropub logs every request body (post text, tokens in form bodies) with
// console.log; keep stdout for the one readiness line and send that chatter nowhere.
const announce = console.log.bind(console)
console.log = () => {}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error('request failed', err?.message)
    if (!res.headersSent) send(res, 500, { error: 'internal', error_description: 'harness error' })
  })
})
server.listen(requestedPort, '127.0.0.1', () => {
  const { port } = server.address()
  state.base = `http://127.0.0.1:${port}`
  announce(JSON.stringify({ listening: port }))
})
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)))
}
